// Fault (a): the server is SIGKILLed in the middle of a burst of classify requests, then started
// again over the same data directory. After each restart the database must pass
// PRAGMA integrity_check, every workspace's asset_count must match its rows, and every request
// that was acknowledged (201) must be there: the asset, and one history entry per acknowledgement.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE } from '../server/server-process.ts';
import { provisionKey } from '../test/helpers/agent-process.ts';
import { freePort } from '../test/helpers/assay-process.ts';
import { httpCall, type ServerProcess, startServerProcess } from './processes.ts';
import { integrityCheck, queryFile } from './sqlite-check.ts';

export interface ServerKillOptions {
  rounds: number;
  /** Concurrent submitters during a burst. */
  concurrency: number;
  /** The kill comes once this many requests of the round have been acknowledged. */
  killAfterAcks: number;
  log(line: string): void;
}

export interface ServerKillResult {
  readonly rounds: number;
  readonly sent: number;
  readonly acknowledged: number;
  /** Acknowledged classifications found after restart (asset present, history entries counted). */
  readonly found: number;
  readonly lost: number;
  /** Requests cut off by the kill that were committed anyway (allowed: the answer was lost, not the data). */
  readonly committedUnacknowledged: number;
  readonly problems: readonly string[];
}

const CONTENTS = [
  'Strictly confidential: board minutes.',
  'Payment card 4111 1111 1111 1111, exp 12/29',
  'Lunch menu for Tuesday.',
  'For internal use only. IBAN DE89 3704 0044 0532 0130 00',
];

export async function runServerKill(opts: ServerKillOptions): Promise<ServerKillResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assay-fault-kill-'));
  const dbFile = join(dataDir, DATABASE_FILE);
  const problems: string[] = [];
  /** Acknowledged classifications per asset name. */
  const acked = new Map<string, number>();
  let sent = 0;
  let server: ServerProcess | null = null;
  try {
    const key = await provisionKey(dataDir, 'acme');
    const port = await freePort();
    server = await startServerProcess(dataDir, port);
    let serial = 0;
    for (let round = 1; round <= opts.rounds; round++) {
      const live = server;
      let roundAcks = 0;
      let killed = false;
      const ackedNames = () => [...acked.keys()];
      const submitter = async (worker: number) => {
        for (;;) {
          // New assets mostly, re-classifications of acknowledged ones the rest of the time.
          const names = ackedNames();
          const reuse = names.length > 0 && (serial + worker) % 3 === 0;
          const name = reuse ? names[(serial * 7 + worker) % names.length]! : `share/r${round}/w${worker}/doc-${serial}.txt`;
          const content = CONTENTS[serial % CONTENTS.length]!;
          serial++;
          sent++;
          const res = await httpCall(`${live.api}/classify`, { key, json: { name, content, asset_type: 'document' }, timeoutMs: 5000 });
          if (res.status === 201) {
            acked.set(name, (acked.get(name) ?? 0) + 1);
            roundAcks++;
            if (roundAcks >= opts.killAfterAcks && !killed) {
              killed = true;
              live.child.kill('SIGKILL');
            }
          } else if (res.status === 0) {
            if (killed) return; // the server is gone: this request is unacknowledged
            problems.push(`round ${round}: request failed before the kill: ${res.error}`);
            return;
          } else {
            problems.push(`round ${round}: unexpected status ${res.status} ${JSON.stringify(res.body)}`);
            return;
          }
        }
      };
      await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => submitter(w)));
      const exit = await live.exited;
      opts.log(`  round ${round}: SIGKILL after ${roundAcks} acknowledged requests (exit signal ${exit.signal})`);
      server = await startServerProcess(dataDir, port);
    }

    // The checks, against the restarted server's database.
    const integrity = await integrityCheck(dbFile);
    if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
    const counts = await queryFile<{ name: string; asset_count: number; rows: number }>(
      dbFile,
      'SELECT w.name, w.asset_count, (SELECT count(*) FROM assets a WHERE a.workspace_id = w.id) AS rows FROM workspaces w',
    );
    for (const c of counts) if (c.asset_count !== c.rows) problems.push(`workspace ${c.name}: asset_count ${c.asset_count} but ${c.rows} rows`);
    const history = new Map(
      (await queryFile<{ name: string; n: number }>(dbFile, 'SELECT a.name, count(h.id) AS n FROM assets a LEFT JOIN asset_history h ON h.asset_id = a.id GROUP BY a.id')).map((r) => [r.name, r.n]),
    );
    let found = 0;
    let lost = 0;
    for (const [name, n] of acked) {
      const present = history.get(name) ?? 0;
      found += Math.min(present, n);
      if (present < n) {
        lost += n - present;
        problems.push(`${name}: ${n} acknowledged, ${present} in the history`);
      }
    }
    const acknowledged = [...acked.values()].reduce((a, b) => a + b, 0);
    const stored = [...history.values()].reduce((a, b) => a + b, 0);
    // The API agrees with the database.
    const listed = await httpCall(`${server.api}/assets?limit=1`, { key });
    if (listed.status !== 200) problems.push(`GET /assets after restart: ${listed.status}`);
    return { rounds: opts.rounds, sent, acknowledged, found, lost, committedUnacknowledged: Math.max(0, stored - acknowledged), problems };
  } finally {
    await server?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
