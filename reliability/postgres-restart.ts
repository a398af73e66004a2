// Fault (d): PostgreSQL stopped and started again during a burst of classify requests to a server
// on it. While it is down every answer must be 503 with Retry-After and a JSON detail (never a
// 500, never a stack); the server recovers by itself; every acknowledged (201) classification is
// in the database afterwards. Then a server started while PostgreSQL is down must wait and log
// (not exit), and serve once PostgreSQL is back. Needs root and Debian's postgresql (.ci/run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../lib/clock.ts';
import { createWorkspaceAdmin } from '../server/services/workspace-admin.ts';
import { openPgRepository } from '../server/storage/pg-repository.ts';
import { freePort, spawnAssay } from '../test/helpers/assay-process.ts';
import { waitFor } from '../test/helpers/wait-for.ts';
import { httpCall, type ServerProcess, startServerProcess } from './processes.ts';
import { systemOrigin } from '../server/services/audit-trail.ts';

const CLUSTER = join(import.meta.dirname, '..', '.ci', 'postgres-cluster.sh');

export interface PostgresRestartResult {
  readonly sent: number;
  readonly acknowledged: number;
  readonly unavailable: number;
  readonly found: number;
  readonly lost: number;
  /** The server started while PostgreSQL was down logged that it waits, stayed up, then served. */
  readonly waitedAtStart: boolean;
  readonly problems: readonly string[];
}

/** Runs .ci/postgres-cluster.sh (fsync on: durability is what is being tested); `start` prints the URL on stdout and the directory on stderr. */
function cluster(command: 'start' | 'pause' | 'resume' | 'stop', dir?: string): { out: string; err: string } {
  const r = spawnSync(CLUSTER, dir ? [command, dir] : [command], { env: { ...process.env, PG_FSYNC: 'on' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`postgres-cluster.sh ${command} failed: ${r.stderr || r.error?.message}`);
  return { out: r.stdout.trim(), err: r.stderr.trim() };
}

export async function runPostgresRestart(opts: { concurrency: number; downMs: number; log(line: string): void }): Promise<PostgresRestartResult> {
  const problems: string[] = [];
  const acked = new Set<string>();
  let sent = 0;
  let unavailable = 0;
  const { out: url, err: dir } = cluster('start');
  const dataDir = mkdtempSync(join(tmpdir(), 'assay-fault-pg-'));
  let server: ServerProcess | null = null;
  try {
    const repo = await openPgRepository({ url, poolSize: 2, statementTimeoutMs: 30_000, clock: systemClock, waitMs: 0 });
    const admin = createWorkspaceAdmin({ repo, clock: systemClock, origin: systemOrigin('reliability') });
    await admin.create('acme', null);
    const { key } = await admin.createKey('acme', 'burst');
    await repo.close();
    const env = { ASSAY_DATABASE_URL: url };
    server = await startServerProcess(dataDir, await freePort(), env);

    let phase: 'before' | 'down' | 'after' = 'before';
    let afterAcks = 0;
    let serial = 0;
    const submitter = async () => {
      while (phase !== 'after' || afterAcks < 300) {
        const name = `doc-${serial++}.txt`;
        sent++;
        const res = await httpCall(`${server!.api}/classify`, { key, json: { name, content: 'For internal use only.' } });
        if (res.status === 201) {
          acked.add(name);
          if (phase === 'after') afterAcks++;
        } else if (res.status === 503) {
          unavailable++;
          const detail = (res.body as { detail?: unknown } | undefined)?.detail;
          if (!res.headers?.get('retry-after')) problems.push(`503 without Retry-After for ${name}`);
          if (typeof detail !== 'string' || /\n\s+at /.test(detail)) problems.push(`503 without a plain JSON detail for ${name}: ${JSON.stringify(res.body)}`);
          await new Promise((r) => setTimeout(r, 50));
        } else {
          problems.push(`unexpected status ${res.status} for ${name}: ${JSON.stringify(res.body ?? res.error).slice(0, 200)}`);
          if (problems.length > 20) return;
        }
      }
    };
    const burst = Promise.all(Array.from({ length: opts.concurrency }, submitter));
    await waitFor(() => acked.size >= 300, '300 acknowledgements before the stop', 60_000);
    cluster('pause', dir);
    phase = 'down';
    opts.log(`  PostgreSQL stopped after ${acked.size} acknowledgements`);
    await new Promise((r) => setTimeout(r, opts.downMs));
    cluster('resume', dir);
    phase = 'after';
    opts.log(`  PostgreSQL started again; ${unavailable} answers were 503 meanwhile`);
    await burst;
    if (unavailable === 0) problems.push('no 503 while PostgreSQL was down');

    const check = await openPgRepository({ url, poolSize: 2, statementTimeoutMs: 30_000, clock: systemClock, waitMs: 0 });
    const ws = (await check.getWorkspaceByName('acme'))!;
    const stored = new Set((await check.listAssets(ws.id, { limit: 1_000_000 })).map((a) => a.name));
    await check.close();
    const found = [...acked].filter((n) => stored.has(n)).length;

    // A server started while PostgreSQL is down waits (and logs) instead of exiting.
    cluster('pause', dir);
    const late = spawnAssay(['server', '--port', String(await freePort()), '--data-dir', dataDir], env);
    let waitedAtStart = false;
    try {
      await late.waitForLog((l) => l.msg === 'database unavailable; waiting for it', 'the waiting log line', 30_000);
      await late.waitForLog((l) => l.msg === 'database unavailable; waiting for it' && Number(l.attempt) >= 2, 'a second attempt', 30_000);
      const stillUp = late.child.exitCode === null;
      cluster('resume', dir);
      await late.waitForLog((l) => l.msg === 'server listening', 'the late server to listen once PostgreSQL is back', 30_000);
      waitedAtStart = stillUp;
    } catch (err) {
      problems.push(`late start: ${(err as Error).message.slice(0, 300)}`);
    } finally {
      await late.close();
    }
    return { sent, acknowledged: acked.size, unavailable, found, lost: acked.size - found, waitedAtStart, problems };
  } finally {
    await server?.close();
    cluster('stop', dir);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
