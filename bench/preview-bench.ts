// End-to-end engine throughput: POST /api/v1/classify/preview with 1 MiB documents (JSON parsing,
// the classification worker and the response included), one request at a time against the real
// server, beside classify() on the same documents in this process, in the same run.
//
// The client is kept out of the figure as far as a real one can be: each document's JSON body is
// built once, before the timing (a client holds its bytes; building 1 MiB of JSON is the client's
// cost, not the server's), and sent with node:http over one kept-alive connection; the answer is
// read whole and parsed. Round 6's client (fetch, with the JSON built per request) is still timed
// in the same run, as a second row: its figure is comparable with earlier rounds'. The headline
// key is `api_prepared_mb_s` (rounds <= 6 had `api_mb_s`, round 6's client: not comparable).
//
// Two more rows send the same documents with accents (every word ending in "e" ends in "é"),
// prepared the same way: as UTF-8 (JSON.stringify, which the worker's name/content reader takes)
// and as Python's json.dumps writes them by default (ensure_ascii: "\u00e9", ", " and ": "),
// which it leaves to JSON.parse of the whole body (name-content-body.ts) — what such clients get.
//
// The main row sends each document `rounds` times a run (5: 40 requests of 1 MiB), so that the
// per-thread CPU figures, which /proc gives in 10 ms ticks, are read to 0.25 ms per request; the
// load average at the start and end of the runs is printed beside them (the host is shared).
import http from 'node:http';
import { loadavg } from 'node:os';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { assayCli, cpuSeconds, mainThreadCpuSeconds, startAssayServer, threadCpuSeconds } from './processes.ts';
import { seededRandom } from './seeded-random.ts';
import { generateText } from './text-corpus.ts';

const MB = 1024 * 1024;
const NAME = 'bench/preview.txt';

export interface PreviewResult {
  readonly documents: number;
  readonly bytes: number;
  /** Content MB per second of wall time through the API (prepared bodies, node:http), median of the runs. Not comparable with rounds <= 6's `api_mb_s` (round 6's client: api_fetch_client_mb_s). */
  readonly api_prepared_mb_s: number;
  /** The same with round 6's client: fetch, each body's JSON built per request; median of the runs. */
  readonly api_fetch_client_mb_s: number;
  /** Content MB per second of the server's CPU time (all its threads), with the prepared bodies, median of the runs. */
  readonly api_cpu_mb_s: number;
  /** The server's main thread (the API's one thread; the engine runs in a worker): CPU ms per MiB, median of the runs. */
  readonly api_main_thread_cpu_ms_per_mb: number;
  /**
   * The server's busiest other thread, taken to be the classification worker that took the
   * requests (the pool gives each job to the first idle worker, so with one request at a time one
   * worker takes them all): CPU ms per MiB, median of the runs.
   */
  readonly api_worker_cpu_ms_per_mb: number;
  /** The server's remaining threads (V8's platform threads, which do concurrent GC; libuv's pool): CPU ms per MiB, median of the runs. */
  readonly api_other_threads_cpu_ms_per_mb: number;
  /** The documents with accents, prepared as UTF-8 JSON (read by the worker's name/content reader): content MB per second of wall time, median of the runs. */
  readonly api_accented_utf8_mb_s: number;
  /** The same documents as Python's json.dumps writes them (ensure_ascii: \u00e9; left to JSON.parse): content MB per second of wall time, median of the runs. */
  readonly api_accented_ensure_ascii_mb_s: number;
  /** Two requests in flight at a time (prepared bodies): content MB per second of wall time, median of the runs. Not the target's figure. */
  readonly api_two_in_flight_mb_s: number;
  /** classify() in this process on the same documents, MB per second of CPU time. */
  readonly engine_cpu_mb_s: number;
  /** Requests of the main row per run (documents × rounds): its CPU figures are read in 10 ms ticks over these. */
  readonly requests_per_run: number;
  /** The one-minute load average before the first run and after the last. */
  readonly load_average: readonly [number, number];
  readonly labels: readonly string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The document with accents: every word that ends in "e" ends in "é" instead. */
const accented = (doc: string) => doc.replace(/e\b/g, 'é');
/** A body as Python's json.dumps writes it by default: ", " and ": ", every character beyond ASCII as \uXXXX. */
const ensureAsciiJson = (value: { name: string; content: string }) =>
  `{"name": ${JSON.stringify(value.name)}, "content": ${JSON.stringify(value.content)}}`.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** POSTs `body` over `agent` and returns the status and the parsed answer. */
function postJson(url: URL, agent: http.Agent, key: string, body: Buffer): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-api-key': key } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const labelOf = (status: number, json: unknown): string => {
  const name = (json as { label?: { name?: unknown } }).label?.name;
  if (status !== 200 || typeof name !== 'string') throw new Error(`preview answered ${status}: ${JSON.stringify(json)}`);
  return name;
};

export async function runPreviewBench(opts: { dataDir: string; megabytes: number; runs: number; rounds?: number }): Promise<PreviewResult> {
  const rounds = opts.rounds ?? 5;
  const text = generateText(seededRandom(42), opts.megabytes * MB);
  const docs: string[] = [];
  for (let i = 0; i + MB <= text.length; i += MB) docs.push(text.slice(i, i + MB)); // the server's default content limit
  const bodies = docs.map((content) => Buffer.from(JSON.stringify({ name: NAME, content })));
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0);
  const accentedDocs = docs.map(accented);
  const utf8Bodies = accentedDocs.map((content) => Buffer.from(JSON.stringify({ name: NAME, content })));
  const asciiBodies = accentedDocs.map((content) => Buffer.from(ensureAsciiJson({ name: NAME, content })));
  const accentedMb = accentedDocs.reduce((n, d) => n + Buffer.byteLength(d), 0) / MB;
  assayCli(opts.dataDir, 'init');
  assayCli(opts.dataDir, 'workspaces', 'create', 'bench');
  const key = assayCli(opts.dataDir, 'keys', 'create', '--workspace', 'bench', '--name', 'bench').trim().split('\n').pop()!;

  const policy = compilePolicy(DEFAULT_LABELS, defaultRules());
  const server = await startAssayServer(opts.dataDir);
  const url = new URL(`${server.url}/api/v1/classify/preview`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const wall: number[] = [];
  const fetchWall: number[] = [];
  const twoWall: number[] = [];
  const utf8Wall: number[] = [];
  const asciiWall: number[] = [];
  const serverCpu: number[] = [];
  const mainCpu: number[] = [];
  const workerCpu: number[] = [];
  const otherCpu: number[] = [];
  const engineCpu: number[] = [];
  let labels: string[] = [];
  const loads: number[] = [];
  const seconds = async (f: () => Promise<unknown>) => {
    const t0 = process.hrtime.bigint();
    await f();
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  try {
    const post = async (body: Buffer) => {
      const { status, json } = await postJson(url, agent, key, body);
      return labelOf(status, json);
    };
    // Round 6's client: fetch, the JSON built for each request.
    const postWithFetch = async (content: string) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ name: NAME, content }) });
      return labelOf(res.status, await res.json());
    };
    await post(bodies[0]!); // warm-up
    await postWithFetch(docs[0]!);
    await post(utf8Bodies[0]!);
    await post(asciiBodies[0]!);
    loads.push(loadavg()[0]!);
    for (let r = 0; r < opts.runs; r++) {
      const pid = server.child.pid!;
      const cpu0 = cpuSeconds(pid)!;
      const main0 = mainThreadCpuSeconds(pid)!;
      const threads0 = threadCpuSeconds(pid);
      const run: string[] = [];
      wall.push(await seconds(async () => {
        for (let round = 0; round < rounds; round++) for (const b of bodies) run.push(await post(b));
      }));
      serverCpu.push(cpuSeconds(pid)! - cpu0);
      mainCpu.push(mainThreadCpuSeconds(pid)! - main0);
      // Threads are all named "node": the worker is the busiest one but the main thread.
      const others = [...threadCpuSeconds(pid)].filter(([tid]) => tid !== String(pid)).map(([tid, s]) => s - (threads0.get(tid) ?? 0));
      const worker = Math.max(0, ...others);
      workerCpu.push(worker);
      otherCpu.push(others.reduce((a, b) => a + b, 0) - worker);
      labels = run;
      fetchWall.push(await seconds(async () => {
        for (const d of docs) await postWithFetch(d);
      }));
      // The accented documents, as UTF-8 and as ensure_ascii JSON, alternated.
      utf8Wall.push(await seconds(async () => {
        for (const b of utf8Bodies) await post(b);
      }));
      asciiWall.push(await seconds(async () => {
        for (const b of asciiBodies) await post(b);
      }));
      // Two requests in flight: each of two loops posts every other document.
      twoWall.push(await seconds(() => Promise.all([0, 1].map(async (first) => {
        for (let i = first; i < bodies.length; i += 2) await post(bodies[i]!);
      }))));
      // The same documents through the engine alone, alternating with the API runs.
      const c0 = process.cpuUsage();
      for (const d of docs) classify(policy, { name: NAME, content: d });
      const c = process.cpuUsage(c0);
      engineCpu.push((c.user + c.system) / 1e6);
    }
    loads.push(loadavg()[0]!);
  } finally {
    agent.destroy();
    await server.stop();
  }
  const mb = bytes / MB;
  const mainMb = mb * rounds; // the main row's MiB per run
  return {
    documents: docs.length,
    bytes,
    api_prepared_mb_s: mainMb / median(wall),
    api_fetch_client_mb_s: mb / median(fetchWall),
    api_cpu_mb_s: mainMb / median(serverCpu),
    api_main_thread_cpu_ms_per_mb: (median(mainCpu) * 1000) / mainMb,
    api_worker_cpu_ms_per_mb: (median(workerCpu) * 1000) / mainMb,
    api_other_threads_cpu_ms_per_mb: (median(otherCpu) * 1000) / mainMb,
    api_accented_utf8_mb_s: accentedMb / median(utf8Wall),
    api_accented_ensure_ascii_mb_s: accentedMb / median(asciiWall),
    api_two_in_flight_mb_s: mb / median(twoWall),
    engine_cpu_mb_s: mb / median(engineCpu),
    requests_per_run: bodies.length * rounds,
    load_average: [loads[0]!, loads[1]!],
    labels,
  };
}
