// `assay <args>` (bin/assay.js) as a child process (child-process.ts), shared by the tests, the
// benchmarks and the fault/soak runs: stdout JSON log lines parsed as they arrive, waiting for
// one, stopping it, and a free loopback port for it to listen on. Imports no vitest.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ChildOptions, type ExitStatus, spawnChild } from './child-process.ts';
import { waitFor } from './wait-for.ts';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'assay.js');

export type { ExitStatus };

export interface AssayProcess {
  readonly child: ChildProcess;
  /** Parsed stdout JSON lines (empty when spawned with keepLogs: false). */
  readonly logs: Record<string, unknown>[];
  /** stdout and stderr so far (with keepLogs: false, only the newest 200 000 to 400 000 characters). */
  output(): string;
  waitForLog(match: (line: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Exit code and signal, once it has exited. */
  readonly exited: Promise<ExitStatus>;
  /** Log lines at level error or fatal so far. */
  errorLines(): number;
  /** Sends `signal` if still running; resolves once it has exited. */
  kill(signal: NodeJS.Signals): Promise<ExitStatus>;
  /** SIGKILL if still running; resolves once it has exited. */
  close(): Promise<void>;
}

export interface SpawnOptions {
  cwd?: string;
  /** Shell commands run first through `sh -c` (e.g. `ulimit -f N;`), then exec'd into assay. */
  shellPrefix?: string;
  /** false for long runs: log lines are only counted (errorLines), not parsed and kept, and output() keeps only its tail. */
  keepLogs?: boolean;
}

/** Runs `assay <args>` with ASSAY_CONFIG cleared and `env` added. */
export function spawnAssay(args: string[], env: Record<string, string> = {}, opts: SpawnOptions = {}): AssayProcess {
  const keepLogs = opts.keepLogs ?? true;
  const logs: Record<string, unknown>[] = [];
  let errors = 0;
  const onLine = (line: string) => {
    if (!line.startsWith('{')) return;
    if (/"level":(50|60)\b/.test(line)) errors++;
    if (!keepLogs) return;
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not a log line
    }
  };
  const childOpts: ChildOptions = { cwd: opts.cwd, env: { ...process.env, ASSAY_CONFIG: '', ...env }, onLine, ...(keepLogs ? {} : { maxOutputChars: 200_000 }) };
  const run = opts.shellPrefix
    ? spawnChild('sh', ['-c', `${opts.shellPrefix} exec "$0" "$@"`, process.execPath, BIN, ...args], childOpts)
    : spawnChild(process.execPath, [BIN, ...args], childOpts);
  return {
    child: run.child,
    logs,
    output: run.output,
    exited: run.exited,
    errorLines: () => errors,
    kill: run.kill,
    async close() {
      await run.kill('SIGKILL');
    },
    waitForLog: (match, what, timeoutMs = 30_000) => waitFor(() => logs.find(match), `${what}; output so far:\n${run.output().slice(-3000)}`, timeoutMs),
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
