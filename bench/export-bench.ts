// Inventory export at scale: GET /api/v1/assets/export (CSV and NDJSON) over a workspace of N
// assets seeded in bulk, against the real server in its own process (a fresh one per download),
// with the server's RSS sampled from /proc every 20 ms: before, peak and after each download. Baseline in the same run: the same
// assets read the way a client had to before, GET /assets?limit=500 page by page along the Link
// header. A slow client (reading 1 MB/s) shows the backpressure: the server waits instead of
// buffering the file. Each workload runs twice in its own fresh server: the first pass includes the
// one-time growth of a cold process's heap, the second shows what is left once it is warm.
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { rssMib, startAssayServer } from './processes.ts';
import { seedInventory } from './inventory-seed.ts';
import { seededRandom } from './seeded-random.ts';

export interface DownloadMeasure {
  readonly what: string;
  /** 1: the first download of a fresh server (its heap grows to its working size); 2: the same again. */
  readonly pass: 1 | 2;
  readonly assets: number;
  readonly megabytes: number;
  readonly seconds: number;
  readonly rss_before_mib: number;
  readonly rss_peak_mib: number;
  readonly rss_after_mib: number;
  /** Peak minus before: what the download cost the server in memory. */
  readonly rss_rise_mib: number;
}

export interface ExportResult {
  readonly assets: number;
  readonly seed_seconds: number;
  readonly rss_idle_mib: number;
  readonly runs: DownloadMeasure[];
}

/** One finding in three assets, shaped as the engine stores it (masked samples). */
const FINDINGS = JSON.stringify([
  {
    rule: 'Financial data',
    label: 'Confidential',
    count: 2,
    confidence: 'high',
    detectors: [{ id: 'iban', count: 2 }],
    samples: [
      { detector: 'iban', value: 'DE89 **** **** **** **** 00', offset: 120, length: 22 },
      { detector: 'iban', value: 'GB82 **** **** **** **** 32', offset: 480, length: 22 },
    ],
  },
]);

function addFindings(dbFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(dbFile, (err) => {
      if (err) return reject(err);
      db.run("UPDATE assets SET matched_rules = 'Financial data', findings = ? WHERE id % 3 = 0", [FINDINGS], (e) => db.close(() => (e ? reject(e) : resolve())));
    });
  });
}

/** Samples the server's RSS until stopped; returns the peak. */
function rssSampler(pid: number): { stop(): number } {
  let peak = rssMib(pid) ?? 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssMib(pid) ?? 0)), 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssMib(pid) ?? 0);
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads a body to the end without keeping it; counts bytes and newlines. `bytesPerSecond` throttles the reader. */
async function drain(res: Response, bytesPerSecond?: number): Promise<{ bytes: number; lines: number }> {
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const reader = res.body.getReader();
  const t0 = performance.now();
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    for (const b of value) if (b === 10) lines++;
    if (bytesPerSecond) {
      const ahead = (bytes / bytesPerSecond) * 1000 - (performance.now() - t0);
      if (ahead > 0) await sleep(ahead);
    }
  }
  return { bytes, lines };
}

async function measure(pid: number, what: string, pass: 1 | 2, run: () => Promise<{ bytes: number; assets: number }>): Promise<DownloadMeasure> {
  await sleep(500);
  const before = rssMib(pid) ?? 0;
  const sampler = rssSampler(pid);
  const t0 = performance.now();
  const { bytes, assets } = await run();
  const seconds = (performance.now() - t0) / 1000;
  const peak = sampler.stop();
  await sleep(500);
  const after = rssMib(pid) ?? 0;
  return { what, pass, assets, megabytes: bytes / 1e6, seconds, rss_before_mib: before, rss_peak_mib: peak, rss_after_mib: after, rss_rise_mib: peak - before };
}

export async function runExportBench(opts: { dataDir: string; assets: number }): Promise<ExportResult> {
  const seeded = await seedInventory(opts.dataDir, opts.assets, seededRandom(11));
  await addFindings(join(opts.dataDir, 'assay.db'));
  const headers = { 'x-api-key': seeded.key };
  const idle: number[] = [];
  /**
   * Each workload in a fresh server process (after one small request), twice: the first pass shows
   * what a cold process grows to, the second whether anything stays behind or grows with the size.
   */
  const fresh = async (what: string, run: (url: string) => Promise<{ bytes: number; assets: number }>): Promise<DownloadMeasure[]> => {
    const server = await startAssayServer(opts.dataDir);
    try {
      await drain(await fetch(`${server.url}/api/v1/assets?limit=500&status=all`, { headers }));
      await sleep(1000);
      idle.push(rssMib(server.child.pid!) ?? 0);
      return [await measure(server.child.pid!, what, 1, () => run(server.url)), await measure(server.child.pid!, what, 2, () => run(server.url))];
    } finally {
      await server.stop();
    }
  };
  const baseline = async (origin: string) => {
    let url: string | undefined = `${origin}/api/v1/assets?limit=500&status=all`;
    let bytes = 0;
    let assets = 0;
    while (url) {
      const res = await fetch(url, { headers });
      const text = await res.text();
      bytes += Buffer.byteLength(text);
      assets += (JSON.parse(text) as unknown[]).length;
      const link = res.headers.get('link');
      url = link ? `${origin}${/<([^>]+)>/.exec(link)![1]}` : undefined;
    }
    return { bytes, assets };
  };
  const exportRun = (format: string, bytesPerSecond?: number) => async (origin: string) => {
    const { bytes, lines } = await drain(await fetch(`${origin}/api/v1/assets/export?format=${format}&status=all`, { headers }), bytesPerSecond);
    return { bytes, assets: format === 'csv' ? lines - 1 : lines };
  };
  // Above 200,000 assets only the CSV export runs (the others take minutes each on a 2-core host).
  const all = opts.assets <= 200_000;
  const runs = [
    ...(all ? await fresh('baseline: GET /assets?limit=500, every page', baseline) : []),
    ...(await fresh('export CSV', exportRun('csv'))),
    ...(all ? await fresh('export NDJSON', exportRun('ndjson')) : []),
    ...(all ? await fresh('export CSV, client reading 1 MB/s', exportRun('csv', 1e6)) : []),
  ];
  for (const r of runs) if (r.assets !== opts.assets) throw new Error(`${r.what}: ${r.assets} assets, expected ${opts.assets}`);
  return { assets: opts.assets, seed_seconds: seeded.seconds, rss_idle_mib: Math.min(...idle), runs };
}
