// Child processes for benchmarks: the real Assay server (and admin CLI) and the bare baseline,
// each in its own process so the load generator does not share their event loop.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, freePort } from '../test/helpers/assay-process.ts';

const ROOT = join(import.meta.dirname, '..');

export interface BenchProcess {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

function waitForUrl(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`${what} exited ${code}: ${out}`)));
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

export function assayCli(dataDir: string, ...args: string[]): string {
  return execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, ASSAY_DATA_DIR: dataDir }, encoding: 'utf8' });
}

async function waitHealthy(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become healthy`);
}

/**
 * The real server at its default log level; its log lines go to /dev/null, as cheap as journald,
 * or, with `onLogLine`, to that callback one line at a time.
 */
export async function startAssayServer(dataDir: string, opts: { onLogLine?: (line: string) => void; env?: Record<string, string> } = {}): Promise<BenchProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'server', '--port', String(port)], {
    env: { ...process.env, ASSAY_DATA_DIR: dataDir, ...opts.env },
    stdio: ['ignore', opts.onLogLine ? 'pipe' : 'ignore', 'inherit'],
  });
  if (opts.onLogLine) onLines(child, opts.onLogLine);
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url);
  return { url, child, stop: stopper(child) };
}

/** Calls `onLine` for every complete line the child writes to stdout. */
export function onLines(child: ChildProcess, onLine: (line: string) => void): void {
  let partial = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    const lines = (partial + d).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
}

/** A memory figure of a running process from /proc/PID/status (VmHWM: peak RSS, VmRSS: current), in MiB; threads are included. */
function statusMib(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident set size of a running process, in MiB. */
export const peakRssMib = (pid: number) => statusMib(pid, 'VmHWM');

/** Current resident set size of a running process, in MiB. */
export const rssMib = (pid: number) => statusMib(pid, 'VmRSS');

export async function startBareExpress(): Promise<BenchProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'bare-express-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await waitForUrl(child, /^(http:\/\/\S+)$/m, 'bare express');
  return { url, child, stop: stopper(child) };
}

/** CPU time (user + system, all threads) a running process has used so far, in seconds. */
export function cpuSeconds(pid: number): number | null {
  try {
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15 (clock ticks, 100 per second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

