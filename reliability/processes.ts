// Child processes for the fault and soak runs: the real server and agent (`bin/assay.js`), their
// JSON log lines parsed as they arrive, and workspace/key provisioning over a data directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { systemClock } from '../lib/clock.ts';
import { openDataDir } from '../server/server-process.ts';
import { createWorkspaceAdmin } from '../server/services/workspace-admin.ts';

const ROOT = join(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'assay.js');

/** Polls `probe` until it returns something truthy; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface AssayProcess {
  readonly child: ChildProcess;
  readonly logs: Record<string, unknown>[];
  output(): string;
  waitForLog(match: (line: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Log lines at level error or fatal so far. */
  errorLines(): number;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `assay <args>`; stdout JSON lines are parsed into `logs` (unless keepLogs is false, for long
 * runs: then lines are only counted). `shellPrefix` runs it through `sh -c` (e.g. `ulimit -f N;`).
 */
export function spawnAssay(args: string[], env: Record<string, string> = {}, opts: { shellPrefix?: string; keepLogs?: boolean } = {}): AssayProcess {
  const keepLogs = opts.keepLogs ?? true;
  let errors = 0;
  const fullEnv = { ...process.env, ASSAY_CONFIG: '', ...env };
  const child = opts.shellPrefix
    ? spawn('sh', ['-c', `${opts.shellPrefix} exec "$0" "$@"`, process.execPath, BIN, ...args], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [BIN, ...args], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let out = '';
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.length > 400_000) out = out.slice(-200_000);
    partial += d.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      if (/"level":(50|60)\b/.test(line)) errors++;
      if (!keepLogs) continue;
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
    errorLines: () => errors,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    waitForLog: (match, what, timeoutMs = 30_000) => waitFor(() => logs.find(match), `${what}; output so far:\n${out.slice(-3000)}`, timeoutMs),
  };
}

/** A port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess extends AssayProcess {
  readonly url: string;
  readonly api: string;
}

/** `assay server` over `dataDir` on `port`; resolves once it listens. */
export async function startServerProcess(dataDir: string, port: number, env: Record<string, string> = {}): Promise<ServerProcess> {
  const proc = spawnAssay(['server', '--port', String(port), '--data-dir', dataDir], env);
  const line = await Promise.race([
    proc.waitForLog((l) => l.msg === 'server listening', 'the server to listen'),
    proc.exited.then((e) => Promise.reject(new Error(`server exited (${e.code ?? e.signal}) before listening:\n${proc.output().slice(-3000)}`))),
  ]);
  const url = String(line.url);
  return Object.assign(proc, { url, api: `${url}/api/v1` });
}

/** Creates workspace `name` (no quota) and a key in `dataDir`; writes the key to `keyFile` (0600) when given. */
export async function provisionKey(dataDir: string, name = 'acme', keyFile?: string): Promise<string> {
  const repo = await openDataDir(dataDir, systemClock);
  try {
    const admin = createWorkspaceAdmin({ repo, clock: systemClock });
    await admin.create(name, null);
    const { key } = await admin.createKey(name, `${name}-key`);
    if (keyFile) writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    return key;
  } finally {
    await repo.close();
  }
}

/** An agent config file with quick timings for fault runs. */
export function writeAgentConfig(file: string, o: { serverUrl: string; keyFile: string; roots: string[]; stateDir: string; hostname?: string; concurrency?: number; rescan?: string }): void {
  writeFileSync(
    file,
    [
      'agent:',
      `  server_url: ${o.serverUrl}`,
      `  api_key_file: ${o.keyFile}`,
      `  state_dir: ${o.stateDir}`,
      `  hostname: ${o.hostname ?? 'fault-host'}`,
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
      ...(o.rescan ? ['  schedules:', `    rescan: '${o.rescan}'`] : []),
      '',
    ].join('\n'),
  );
}

/** One HTTP call with a JSON body; network failures resolve as status 0. */
export async function httpCall(url: string, opts: { key: string; method?: string; json?: unknown; headers?: Record<string, string>; timeoutMs?: number }): Promise<{ status: number; body: unknown; headers: Headers | null; error?: string }> {
  try {
    const res = await fetch(url, {
      method: opts.method ?? (opts.json === undefined ? 'GET' : 'POST'),
      headers: { 'X-API-Key': opts.key, ...(opts.json === undefined ? {} : { 'Content-Type': 'application/json' }), ...opts.headers },
      body: opts.json === undefined ? null : JSON.stringify(opts.json),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: res.status, body, headers: res.headers };
  } catch (err) {
    return { status: 0, body: undefined, headers: null, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}
