// API throughput: POST /api/v1/classify with 4 KB of content at 32 connections, beside a bare
// Express 5 handler that parses the same JSON, on the same machine in the same run.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { assayCli, type BenchProcess, cpuSeconds, mainThreadCpuSeconds, startAssayServer, startBareExpress, writeBatches } from './processes.ts';
import { seededRandom } from './seeded-random.ts';
import { generateText } from './text-corpus.ts';

export interface LoadResult {
  readonly requests_per_s: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly total: number;
}

/**
 * A load result with the server's CPU time per request (/proc), all threads and the main thread
 * alone, and what tells one run's mode from another's (docs/benchmarks.md, round 8): the main
 * thread's context switches per request (voluntary: it waited, e.g. for SQLite's thread;
 * involuntary: another thread took its core), the bench process's own CPU per request (the load
 * generator, on the same 2 cores), and for Assay the classifications per group-commit transaction
 * and the mean time of one (rate ≈ batch size ÷ transaction time while the batches are ~half the
 * connections: a slow run shows as a longer transaction).
 */
export interface ServerLoadResult extends LoadResult {
  readonly cpu_us_per_request: number;
  readonly main_thread_cpu_us_per_request: number;
  readonly main_thread_waits_per_request: number;
  readonly main_thread_preemptions_per_request: number;
  readonly client_cpu_us_per_request: number;
  /** Classifications per write transaction (GET /metrics); null for the bare baseline, which stores nothing. */
  readonly write_batch_size: number | null;
  /** Mean time of one group-commit transaction, from BEGIN done to COMMIT done, ms (GET /metrics, assay_write_batch_duration_seconds); null for the bare baseline. */
  readonly write_batch_ms: number | null;
}

export interface ApiResult {
  readonly assay: ServerLoadResult;
  readonly bare_express: ServerLoadResult;
  readonly ratio: number;
  readonly content_bytes: number;
  readonly connections: number;
  readonly seconds: number;
}

/** POST /api/v1/classify with `content` for `seconds`, a new asset name per request. */
export async function loadClassify(url: string, key: string | null, content: string, connections: number, seconds: number): Promise<LoadResult> {
  let n = 0;
  const result = await autocannon({
    url: `${url}/api/v1/classify`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
        // Every request a new asset, so the inventory grows as under a real first scan.
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ name: `bench/doc-${process.pid}-${n++}.txt`, asset_type: 'document', content }) }),
      },
    ],
  });
  return {
    requests_per_s: result.requests.average,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** The main thread's context switches so far (/proc/PID/task/PID/status): voluntary (it waited) and not (it was preempted). */
function mainThreadSwitches(pid: number): { waits: number; preemptions: number } {
  const status = readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { waits: field('voluntary_ctxt_switches'), preemptions: field('nonvoluntary_ctxt_switches') };
}

/** loadClassify against `server`, with the CPU time the server spent over the same seconds (and its write batches, given an admin key). */
async function measuredLoad(server: BenchProcess, key: string | null, content: string, connections: number, seconds: number, adminKey: string | null): Promise<ServerLoadResult> {
  const pid = server.child.pid!;
  const batches0 = adminKey ? await writeBatches(server.url, adminKey) : null;
  const [all0, main0, switches0, client0] = [cpuSeconds(pid)!, mainThreadCpuSeconds(pid)!, mainThreadSwitches(pid), process.cpuUsage()];
  const load = await loadClassify(server.url, key, content, connections, seconds);
  const [all1, main1, switches1, client] = [cpuSeconds(pid)!, mainThreadCpuSeconds(pid)!, mainThreadSwitches(pid), process.cpuUsage(client0)];
  const batches1 = adminKey ? await writeBatches(server.url, adminKey) : null;
  const n = Math.max(1, load.total);
  const perRequest = (s: number) => (s * 1e6) / n;
  return {
    ...load,
    cpu_us_per_request: perRequest(all1 - all0),
    main_thread_cpu_us_per_request: perRequest(main1 - main0),
    main_thread_waits_per_request: (switches1.waits - switches0.waits) / n,
    main_thread_preemptions_per_request: (switches1.preemptions - switches0.preemptions) / n,
    client_cpu_us_per_request: (client.user + client.system) / n,
    write_batch_size: batches0 && batches1 ? (batches1.items - batches0.items) / (batches1.count - batches0.count) : null,
    write_batch_ms: batches0 && batches1 ? ((batches1.seconds - batches0.seconds) * 1000) / (batches1.count - batches0.count) : null,
  };
}

export async function runApiBench(opts: { dataDir: string; seconds: number; connections: number }): Promise<ApiResult> {
  const content = generateText(seededRandom(7), 4096).slice(0, 4096);
  assayCli(opts.dataDir, 'init');
  assayCli(opts.dataDir, 'workspaces', 'create', 'bench');
  const key = assayCli(opts.dataDir, 'keys', 'create', '--workspace', 'bench', '--name', 'bench').trim().split('\n').pop()!;
  const adminKey = assayCli(opts.dataDir, 'keys', 'create', '--workspace', 'bench', '--name', 'bench-metrics', '--role', 'admin').trim().split('\n').pop()!;

  const bare = await startBareExpress();
  let bareResult: ServerLoadResult;
  try {
    await loadClassify(bare.url, null, content, opts.connections, 2); // warm-up
    bareResult = await measuredLoad(bare, null, content, opts.connections, opts.seconds, null);
  } finally {
    await bare.stop();
  }
  const server = await startAssayServer(opts.dataDir);
  let assayResult: ServerLoadResult;
  try {
    await loadClassify(server.url, key, content, opts.connections, 2);
    assayResult = await measuredLoad(server, key, content, opts.connections, opts.seconds, adminKey);
  } finally {
    await server.stop();
  }
  return {
    assay: assayResult,
    bare_express: bareResult,
    ratio: assayResult.requests_per_s / bareResult.requests_per_s,
    content_bytes: Buffer.byteLength(content),
    connections: opts.connections,
    seconds: opts.seconds,
  };
}
