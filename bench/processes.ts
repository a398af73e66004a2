// Child processes for benchmarks: the real Assay server (and admin CLI) and the bare baseline,
// each in its own process so the load generator does not share their event loop.
import { type ChildProcess, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, freePort } from '../test/helpers/assay-process.ts';
import { type ChildRun, spawnChild } from '../test/helpers/child-process.ts';
import { waitFor } from '../test/helpers/wait-for.ts';

const ROOT = join(import.meta.dirname, '..');

export interface BenchProcess {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** What a benchmark's child keeps of its output, for the error when it fails to start. */
export const BENCH_OUTPUT_CHARS = 100_000;

function benchProcess(url: string, run: ChildRun): BenchProcess {
  return {
    url,
    child: run.child,
    async stop() {
      await run.kill('SIGTERM');
    },
  };
}

export function assayCli(dataDir: string, ...args: string[]): string {
  return execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, ASSAY_DATA_DIR: dataDir }, encoding: 'utf8' });
}

const waitHealthy = (url: string) => waitFor(async () => (await fetch(`${url}/healthz`)).ok, `${url} healthy`, 30_000, 100);

/**
 * The real server at its default log level; its log lines go to /dev/null, as cheap as journald,
 * or, with `onLogLine`, to that callback one line at a time.
 */
export async function startAssayServer(dataDir: string, opts: { onLogLine?: (line: string) => void; env?: Record<string, string> } = {}): Promise<BenchProcess> {
  const port = await freePort();
  const run = spawnChild(process.execPath, [BIN, 'server', '--port', String(port)], {
    env: { ...process.env, ASSAY_DATA_DIR: dataDir, ...opts.env },
    stdout: opts.onLogLine ? 'lines' : 'ignore',
    stderr: 'inherit',
    onLine: opts.onLogLine,
    maxOutputChars: BENCH_OUTPUT_CHARS,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url);
  return benchProcess(url, run);
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
  const run = spawnChild(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'bare-express-server.ts')], { stderr: 'inherit', maxOutputChars: BENCH_OUTPUT_CHARS });
  const url = await run.waitForLine((line) => /^(http:\/\/\S+)$/.exec(line)?.[1], 'bare express listening', 30_000);
  return benchProcess(url, run);
}

function statCpuSeconds(statFile: string): number | null {
  try {
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15 (clock ticks, 100 per second).
    const fields = readFileSync(statFile, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** CPU time (user + system, all threads) a running process has used so far, in seconds. */
export const cpuSeconds = (pid: number) => statCpuSeconds(`/proc/${pid}/stat`);

/** CPU time its main thread (the event loop) has used so far, in seconds. */
export const mainThreadCpuSeconds = (pid: number) => statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);

/** CPU time each of its threads has used so far, in seconds, by thread id (threads that ended are missing). */
export function threadCpuSeconds(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const s = statCpuSeconds(`/proc/${pid}/task/${tid}/stat`);
    if (s !== null) out.set(tid, s);
  }
  return out;
}

/** The group-commit transactions, the classifications they held and the seconds they took so far (GET /metrics); null, said on stderr, when /metrics does not answer them. */
export async function writeBatches(url: string, adminKey: string): Promise<{ count: number; items: number; seconds: number } | null> {
  try {
    const res = await fetch(`${url}/metrics`, { headers: { 'x-api-key': adminKey } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const text = await res.text();
    const sample = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    return { count: sample('assay_write_batch_size_count'), items: sample('assay_write_batch_size_sum'), seconds: sample('assay_write_batch_duration_seconds_sum') };
  } catch (err) {
    process.stderr.write(`GET /metrics failed (${(err as Error).message}): the server's write batches are not measured\n`);
    return null;
  }
}
