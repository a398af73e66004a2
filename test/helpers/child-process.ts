// A child process as the tests, the benchmarks and the fault runs use one: spawned with its
// stdout read line by line, waited on for a line, stopped with a signal and awaited. The one copy
// of these helpers (assay-process.ts builds `assay` on it); imports no vitest, so scripts can use it.
// Assay itself starts no child processes (workers are threads), so stopping the child stops all.
import { type ChildProcess, spawn } from 'node:child_process';

export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

export interface ChildRun {
  readonly child: ChildProcess;
  /** Exit code and signal, once it has exited. */
  readonly exited: Promise<ExitStatus>;
  /** stdout and stderr so far, where piped (with maxOutputChars, only the newest part). */
  output(): string;
  /**
   * Resolves with what `match` returns for the first stdout line, from now on, for which it
   * returns something other than undefined, null or false; rejects when the child's output ends
   * first, or after `timeoutMs` when given.
   */
  waitForLine<T>(match: (line: string) => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
  /** Sends `signal` if still running; resolves once it has exited. */
  kill(signal: NodeJS.Signals): Promise<ExitStatus>;
}

export interface ChildOptions {
  cwd?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** 'ignore': stdout is thrown away, as cheap as journald (no lines to wait for); default 'lines'. */
  stdout?: 'lines' | 'ignore';
  /** 'pipe' (default): kept in output(); 'inherit': to this process's stderr. */
  stderr?: 'pipe' | 'inherit';
  /** Every complete stdout line, as it arrives. */
  onLine?: (line: string) => void;
  /** output() keeps at least this many of the newest characters and at most twice as many; default: all. */
  maxOutputChars?: number;
}

export function spawnChild(command: string, args: readonly string[], opts: ChildOptions = {}): ChildRun {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', opts.stdout === 'ignore' ? 'ignore' : 'pipe', opts.stderr ?? 'pipe'] });
  const max = opts.maxOutputChars ?? Infinity;
  let out = '';
  const keep = (text: string) => {
    out += text;
    if (out.length > 2 * max) out = out.slice(-max);
  };
  const waiters = new Set<(line: string) => void>();
  let partial = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (text: string) => {
    keep(text);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      opts.onLine?.(line);
      for (const waiter of [...waiters]) waiter(line);
    }
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', keep);
  const exited = new Promise<ExitStatus>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // 'close' comes after the last stdout line was read, so a line is never missed for an exit.
  const closed = new Promise<ExitStatus>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    output: () => out,
    waitForLine: (match, what, timeoutMs) =>
      new Promise((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const settle = () => {
          waiters.delete(check);
          clearTimeout(timer);
        };
        const check = (line: string) => {
          const value = match(line);
          if (value === undefined || value === null || value === false) return;
          settle();
          resolve(value);
        };
        waiters.add(check);
        if (timeoutMs !== undefined) {
          timer = setTimeout(() => {
            settle();
            reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; output so far:\n${out.slice(-3000)}`));
          }, timeoutMs);
        }
        void closed.then((s) => {
          if (!waiters.has(check)) return;
          settle();
          reject(new Error(`exited (${s.signal ?? s.code}) before ${what}; output:\n${out.slice(-3000)}`));
        });
      }),
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
