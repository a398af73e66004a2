// Fault (b): the agent is SIGKILLed in the middle of its start-up scan, the server goes down
// (SIGKILL too) while the agent, restarted, keeps scanning and queueing — files are added and
// deleted meanwhile — and is killed again. After both return, the inventory must hold every
// file exactly once with the right label, no live asset for a deleted file, and an empty outbox.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { STATE_DB_FILE } from '../agent/state/state-db.ts';
import { type AssayProcess, spawnAssay } from '../test/helpers/assay-process.ts';
import { waitFor } from '../test/helpers/wait-for.ts';
import { type AgentAsset, agentFaultDirs, allAgentAssets, FAULT_HOST as HOST, startServerForAgent } from './agent-fault-setup.ts';
import { type ServerProcess, startServerProcess } from './processes.ts';
import { integrityCheck, queryFile } from './sqlite-check.ts';

export interface AgentKillOptions {
  /** Files present before the first start. */
  files: number;
  /** Files added and deleted while the server is down. */
  churn: number;
  log(line: string): void;
}

export interface AgentKillResult {
  readonly files: number;
  readonly expectedLive: number;
  readonly foundLive: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly wrongLabels: number;
  readonly ghosts: number;
  /** Classifications delivered more than once (at-least-once: allowed, reported). */
  readonly resent: number;
  readonly problems: readonly string[];
}

export async function runAgentKill(opts: AgentKillOptions): Promise<AgentKillResult> {
  const dirs = agentFaultDirs('assay-fault-agent-');
  const { base, dataDir, watchDir, stateDir, configFile } = dirs;
  const problems: string[] = [];
  const expected = new Map<string, string>(); // path -> label
  const deleted: string[] = [];
  const write = (path: string, i: number) => {
    const sensitive = i % 3 === 0;
    writeFileSync(path, sensitive ? `Strictly confidential item ${i}\n` : `Plain notes, item ${i}\n`);
    expected.set(path, sensitive ? 'Confidential' : 'Public');
  };
  let server: ServerProcess | null = null;
  let agent: AssayProcess | null = null;
  try {
    for (let i = 0; i < opts.files; i++) {
      const dir = join(watchDir, `dept-${i % 8}`);
      mkdirSync(dir, { recursive: true });
      write(join(dir, `file-${i}.txt`), i);
    }
    const started = await startServerForAgent(dirs);
    server = started.server;
    const { key, port } = started;
    const startAgent = () => spawnAssay(['agent', '--config', configFile]);
    const delivered = (p: AssayProcess) => p.logs.filter((l) => l.msg === 'delivered').length;

    // 1. Killed mid-scan, after a quarter of the files were delivered.
    agent = startAgent();
    await waitFor(() => delivered(agent!) >= Math.ceil(opts.files / 4), 'a quarter of the files delivered', 60_000, 20);
    await agent.kill('SIGKILL');
    opts.log(`  agent SIGKILLed mid-scan after ${delivered(agent)} deliveries`);

    // 2. The server goes down; the agent comes back, scans and queues; files come and go.
    await server.kill('SIGKILL');
    agent = startAgent();
    await agent.waitForLog((l) => l.msg === 'agent started', 'the agent to start again');
    for (let i = 0; i < opts.churn; i++) write(join(watchDir, `offline-${i}.txt`), opts.files + i);
    for (let i = 0; i < opts.churn; i++) {
      const path = join(watchDir, `dept-${i % 8}`, `file-${i}.txt`);
      rmSync(path);
      expected.delete(path);
      deleted.push(path);
    }
    await sleep(1500);
    await agent.kill('SIGKILL');
    opts.log(`  server down; agent restarted, ${opts.churn} files added and ${opts.churn} deleted, agent SIGKILLed again`);

    // 3. Both return.
    server = await startServerProcess(dataDir, port);
    agent = startAgent();
    const byName = (assets: AgentAsset[]) => new Map(assets.map((a) => [a.name, a]));
    await waitFor(async () => {
      const assets = byName(await allAgentAssets(server!.api, key));
      const complete = [...expected.keys()].every((p) => assets.get(`${HOST}:${p}`)?.removed_at === null);
      const noGhosts = deleted.every((p) => (assets.get(`${HOST}:${p}`)?.removed_at ?? 'gone') !== null);
      return complete && noGhosts;
    }, 'every file in the inventory and no ghost', 120_000, 250).catch((err: Error) => problems.push(err.message));
    await waitFor(async () => (await queryFile<{ n: number }>(join(stateDir, STATE_DB_FILE), 'SELECT count(*) AS n FROM outbox'))[0]!.n === 0, 'the outbox to drain', 60_000, 250).catch((err: Error) =>
      problems.push(err.message),
    );

    const assets = await allAgentAssets(server.api, key);
    const names = assets.map((a) => a.name);
    const duplicates = names.length - new Set(names).size;
    const live = new Map(assets.filter((a) => a.removed_at === null).map((a) => [a.name, a]));
    let lost = 0;
    let wrongLabels = 0;
    for (const [path, label] of expected) {
      const asset = live.get(`${HOST}:${path}`);
      if (!asset) lost++;
      else if (asset.label.name !== label) wrongLabels++;
    }
    const ghosts = deleted.filter((p) => live.has(`${HOST}:${p}`)).length;
    const unexpected = [...live.keys()].filter((n) => !expected.has(n.slice(HOST.length + 1))).length;
    if (unexpected > 0) problems.push(`${unexpected} live assets for no file`);
    const history = await queryFile<{ n: number }>(join(dataDir, 'assay.db'), "SELECT count(h.id) AS n FROM asset_history h JOIN assets a ON a.id = h.asset_id WHERE a.source = 'agent' GROUP BY a.id");
    const resent = history.reduce((sum, r) => sum + r.n - 1, 0);
    for (const [file, what] of [[join(dataDir, 'assay.db'), 'server database'], [join(stateDir, STATE_DB_FILE), 'agent state']] as const) {
      const check = await integrityCheck(file);
      if (check !== 'ok') problems.push(`${what}: integrity_check: ${check}`);
    }
    return { files: opts.files + opts.churn, expectedLive: expected.size, foundLive: expected.size - lost, lost, duplicates, wrongLabels, ghosts, resent, problems };
  } finally {
    await agent?.kill('SIGTERM');
    await server?.kill('SIGTERM');
    rmSync(base, { recursive: true, force: true });
  }
}
