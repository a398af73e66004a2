// End-to-end engine throughput: POST /api/v1/classify/preview with 1 MiB documents (JSON parsing,
// the classification worker and the response included), one request at a time against the real
// server, beside classify() on the same documents in this process, in the same run.
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { assayCli, cpuSeconds, mainThreadCpuSeconds, startAssayServer } from './processes.ts';
import { seededRandom } from './seeded-random.ts';
import { generateText } from './text-corpus.ts';

const MB = 1024 * 1024;

export interface PreviewResult {
  readonly documents: number;
  readonly bytes: number;
  /** Content MB per second of wall time through the API, median of the runs. */
  readonly api_mb_s: number;
  /** Content MB per second of the server's CPU time (all its threads), median of the runs. */
  readonly api_cpu_mb_s: number;
  /** The server's main thread (the API's one thread; the engine runs in a worker): CPU ms per MiB, median of the runs. */
  readonly api_main_thread_cpu_ms_per_mb: number;
  /** classify() in this process on the same documents, MB per second of CPU time. */
  readonly engine_cpu_mb_s: number;
  readonly labels: readonly string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runPreviewBench(opts: { dataDir: string; megabytes: number; runs: number }): Promise<PreviewResult> {
  const text = generateText(seededRandom(42), opts.megabytes * MB);
  const docs: string[] = [];
  for (let i = 0; i + MB <= text.length; i += MB) docs.push(text.slice(i, i + MB)); // the server's default content limit
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0);
  assayCli(opts.dataDir, 'init');
  assayCli(opts.dataDir, 'workspaces', 'create', 'bench');
  const key = assayCli(opts.dataDir, 'keys', 'create', '--workspace', 'bench', '--name', 'bench').trim().split('\n').pop()!;

  const policy = compilePolicy(DEFAULT_LABELS, defaultRules());
  const server = await startAssayServer(opts.dataDir);
  const wall: number[] = [];
  const serverCpu: number[] = [];
  const mainCpu: number[] = [];
  const engineCpu: number[] = [];
  let labels: string[] = [];
  try {
    const post = async (content: string) => {
      const res = await fetch(`${server.url}/api/v1/classify/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ name: 'bench/preview.txt', content }),
      });
      const body = (await res.json()) as { label?: { name: string } };
      if (res.status !== 200) throw new Error(`preview answered ${res.status}: ${JSON.stringify(body)}`);
      return body.label!.name;
    };
    await post(docs[0]!); // warm-up
    for (let r = 0; r < opts.runs; r++) {
      const cpu0 = cpuSeconds(server.child.pid!)!;
      const main0 = mainThreadCpuSeconds(server.child.pid!)!;
      const t0 = process.hrtime.bigint();
      labels = [];
      for (const d of docs) labels.push(await post(d));
      wall.push(Number(process.hrtime.bigint() - t0) / 1e9);
      serverCpu.push(cpuSeconds(server.child.pid!)! - cpu0);
      mainCpu.push(mainThreadCpuSeconds(server.child.pid!)! - main0);
      // The same documents through the engine alone, alternating with the API runs.
      const c0 = process.cpuUsage();
      for (const d of docs) classify(policy, { name: 'bench/preview.txt', content: d });
      const c = process.cpuUsage(c0);
      engineCpu.push((c.user + c.system) / 1e6);
    }
  } finally {
    await server.stop();
  }
  return {
    documents: docs.length,
    bytes,
    api_mb_s: bytes / MB / median(wall),
    api_cpu_mb_s: bytes / MB / median(serverCpu),
    api_main_thread_cpu_ms_per_mb: (median(mainCpu) * 1000) / (bytes / MB),
    engine_cpu_mb_s: bytes / MB / median(engineCpu),
    labels,
  };
}
