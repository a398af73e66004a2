// Inventory at scale: GET /api/v1/assets (search and keyset paging) over a workspace of
// 1,000,000 assets seeded in bulk, against the real server in its own process. Baseline: the
// same request path with no filter (first page), so each query reads as a ratio to it.
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { encodeCursor } from '../server/http/asset-cursor.ts';
import { loadClassify, type LoadResult } from './api-bench.ts';
import { cpuSeconds, startAssayServer } from './processes.ts';
import { generateText } from './text-corpus.ts';
import { seedInventory } from './inventory-seed.ts';
import { seededRandom } from './seeded-random.ts';

export interface QueryTiming {
  readonly query: string;
  readonly rows: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly ratio_p50_vs_first_page: number;
  /** The server's CPU time per request (10 ms clock ticks over all samples). */
  readonly server_cpu_ms: number | null;
}

export interface InventoryResult {
  readonly assets: number;
  readonly seed_seconds: number;
  readonly samples_per_query: number;
  readonly queries: QueryTiming[];
  readonly worst_p99_ms: number;
  /** POST /classify (4 KiB, a new asset each) against this database right after the queries: write cost vs size. */
  readonly writes: LoadResult & { readonly server_cpu_ms: number | null };
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The (classified_at, id) position halfway down the workspace's newest-first order. */
function midCursor(dbFile: string, assets: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY, (err) => {
      if (err) return reject(err);
      db.get<{ classified_at: string; id: number }>(
        'SELECT classified_at, id FROM assets ORDER BY classified_at DESC, id DESC LIMIT 1 OFFSET ?',
        [Math.floor(assets / 2)],
        (e, row) => db.close(() => (e || !row ? reject(e ?? new Error('no middle row')) : resolve(encodeCursor(row)))),
      );
    });
  });
}

/** Wall times of `samples` requests, and the server's CPU time per request (steadier than wall time on a busy host). */
export async function timeQuery(url: string, key: string, samples: number, serverPid?: number): Promise<{ rows: number; times: number[]; cpu_ms: number | null }> {
  let rows = 0;
  const times: number[] = [];
  let cpu0: number | null = null;
  for (let i = 0; i < samples + 5; i++) {
    if (i === 5 && serverPid !== undefined) cpu0 = cpuSeconds(serverPid);
    const t0 = performance.now();
    const res = await fetch(url, { headers: { 'x-api-key': key } });
    const body = (await res.json()) as unknown[];
    const ms = performance.now() - t0;
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    rows = body.length;
    if (i >= 5) times.push(ms); // the first few warm the statement cache
  }
  const cpu1 = serverPid === undefined ? null : cpuSeconds(serverPid);
  return { rows, times, cpu_ms: cpu0 === null || cpu1 === null ? null : ((cpu1 - cpu0) * 1000) / samples };
}

export async function runInventoryBench(opts: { dataDir: string; assets: number; samples: number }): Promise<InventoryResult> {
  const seeded = await seedInventory(opts.dataDir, opts.assets, seededRandom(5));
  const cursor = await midCursor(join(opts.dataDir, 'assay.db'), opts.assets);
  const t = seeded.terms;
  const enc = encodeURIComponent;
  const queries: [string, string][] = [
    ['first page (baseline)', ''],
    ['deep page (cursor at 50%)', `cursor=${cursor}`],
    ['source=api, first page', 'source=api'],
    ['source=api, deep page', `source=api&cursor=${cursor}`],
    [`q=${t.rare} (rare, ~0.01%)`, `q=${enc(t.rare)}`],
    [`q=${t.medium} (medium, ~1%)`, `q=${enc(t.medium)}`],
    [`q=${t.common} (common, ~6%)`, `q=${enc(t.common)}`],
    [`q=${t.everywhere} (every name)`, `q=${enc(t.everywhere)}`],
    [`q=${t.short} (3 characters)`, `q=${enc(t.short)}`],
    [`q=${t.none} (no match)`, `q=${enc(t.none)}`],
    [`q=${t.rare}, deep page`, `q=${enc(t.rare)}&cursor=${cursor}`],
    [`q=${t.medium}, deep page`, `q=${enc(t.medium)}&cursor=${cursor}`],
    [`q=${t.common}, deep page`, `q=${enc(t.common)}&cursor=${cursor}`],
    [`q=${t.medium}&source=api`, `q=${enc(t.medium)}&source=api`],
    [`q=${t.medium}&source=api, deep page`, `q=${enc(t.medium)}&source=api&cursor=${cursor}`],
  ];
  const server = await startAssayServer(opts.dataDir);
  const timings: QueryTiming[] = [];
  let writes: InventoryResult['writes'];
  try {
    let baseline = 0;
    for (const [label, qs] of queries) {
      const { rows, times, cpu_ms } = await timeQuery(`${server.url}/api/v1/assets?limit=50${qs ? `&${qs}` : ''}`, seeded.key, opts.samples, server.child.pid!);
      times.sort((a, b) => a - b);
      const p50 = percentile(times, 50);
      if (baseline === 0) baseline = p50;
      timings.push({ query: label, rows, p50_ms: p50, p99_ms: percentile(times, 99), ratio_p50_vs_first_page: p50 / baseline, server_cpu_ms: cpu_ms });
    }
    const cpu0 = cpuSeconds(server.child.pid!);
    const load = await loadClassify(server.url, seeded.key, generateText(seededRandom(7), 4096).slice(0, 4096), 32, 5);
    const cpu1 = cpuSeconds(server.child.pid!);
    writes = { ...load, server_cpu_ms: cpu0 === null || cpu1 === null || load.total === 0 ? null : ((cpu1 - cpu0) * 1000) / load.total };
  } finally {
    await server.stop();
  }
  return {
    assets: opts.assets,
    seed_seconds: seeded.seconds,
    samples_per_query: opts.samples,
    queries: timings,
    worst_p99_ms: Math.max(...timings.map((q) => q.p99_ms)),
    writes,
  };
}
