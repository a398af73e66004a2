// The agent as a separate process (`bin/assay.js agent --config FILE`), for signals (SIGKILL,
// SIGTERM), and a real server that can be stopped and started again over the same data
// directory and port.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { systemClock } from '../../lib/clock.ts';
import { openDataDir, startServer } from '../../server/server-process.ts';
import { createWorkspaceAdmin } from '../../server/services/workspace-admin.ts';
import { configSchema } from '../../shared/config/config-schema.ts';
import { logSink, waitFor } from './agent-harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export interface RestartableServer {
  readonly url: string;
  readonly api: string;
  readonly port: number;
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A real server over `dataDir`; closing it keeps the data (unlike startTestServer). */
export async function startServerAt(dataDir: string, port: number): Promise<RestartableServer> {
  const sink = logSink();
  const config = configSchema.parse({ server: { data_dir: dataDir, port } }).server;
  const repo = await openDataDir(dataDir, systemClock);
  const server = await startServer({ config, logger: pino({ level: 'info' }, sink.stream), clock: systemClock, version: 'test', repo });
  return {
    url: server.url,
    api: `${server.url}/api/v1`,
    port: Number(new URL(server.url).port),
    logs: sink.logs,
    async close() {
      await server.close();
      await repo.close();
    },
  };
}

/** Creates a workspace and a key in `dataDir` (server closed or running) and writes the key to `keyFile` (0600). */
export async function provisionKey(dataDir: string, keyFile: string): Promise<string> {
  const repo = await openDataDir(dataDir, systemClock);
  try {
    const admin = createWorkspaceAdmin({ repo, clock: systemClock });
    await admin.create('acme', null);
    const { key } = await admin.createKey('acme', 'fileserver-01');
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    return key;
  } finally {
    await repo.close();
  }
}

/** An agent config file with test-friendly timings. */
export function writeAgentConfig(file: string, o: { serverUrl: string; keyFile: string; roots: string[]; stateDir: string; concurrency?: number }): void {
  writeFileSync(
    file,
    [
      'agent:',
      `  server_url: ${o.serverUrl}`,
      `  api_key_file: ${o.keyFile}`,
      `  state_dir: ${o.stateDir}`,
      '  hostname: test-host',
      `  concurrency: ${o.concurrency ?? 2}`,
      '  progress_interval_ms: 500',
      '  watch:',
      `    roots: [${o.roots.map((r) => JSON.stringify(r)).join(', ')}]`,
      '    stability_ms: 150',
      '  limits:',
      '    extract_memory_mb: 256',
      '  delivery:',
      '    retry_initial_ms: 100',
      '    retry_max_ms: 1000',
      '    request_timeout_ms: 3000',
      '',
    ].join('\n'),
  );
}

export interface AgentProcess {
  readonly child: ChildProcess;
  readonly logs: Record<string, unknown>[];
  output(): string;
  waitForLog(match: (line: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Exit code and signal, once it has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running; resolves once it has exited. */
  close(): Promise<void>;
}

/** Runs `assay <args>` as a child process; stdout JSON lines are parsed into `logs`. */
export function spawnAssay(args: string[], env: Record<string, string> = {}, cwd?: string): AgentProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'assay.js'), ...args], { cwd, env: { ...process.env, ASSAY_CONFIG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let out = '';
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    partial += d.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    logs,
    output: () => out,
    exited,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    waitForLog: (match, what, timeoutMs = 30_000) => waitFor(() => logs.find(match), `${what}; output so far:\n${out.slice(-3000)}`, timeoutMs),
  };
}
