// PostgreSQL beside SQLite: POST /api/v1/classify through a server on PostgreSQL (req/s, p99),
// what one classification costs (server CPU ms, database CPU ms, transactions, WAL bytes), and
// GET /api/v1/assets over a seeded inventory. Uses ASSAY_BENCH_DATABASE_URL when set, else starts a
// throwaway cluster with .ci/postgres-cluster.sh (root and Debian's postgresql).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { systemClock } from '../lib/clock.ts';
import { createWorkspaceAdmin } from '../server/services/workspace-admin.ts';
import { openPgRepository } from '../server/storage/pg-repository.ts';
import { encodeCursor } from '../server/http/asset-cursor.ts';
import { spawnAssay, freePort } from '../test/helpers/assay-process.ts';
import { waitFor } from '../test/helpers/wait-for.ts';
import { type LoadResult, loadClassify } from './api-bench.ts';
import { percentile, timeQuery } from './inventory-bench.ts';
import { cpuSeconds } from './processes.ts';
import { seededRandom } from './seeded-random.ts';
import { generateText } from './text-corpus.ts';
import { systemOrigin } from '../server/services/audit-trail.ts';

const CLUSTER = join(import.meta.dirname, '..', '.ci', 'postgres-cluster.sh');

export interface PostgresBenchResult {
  readonly classify: LoadResult & { readonly connections: number; readonly seconds: number };
  /** Per acknowledged classification, during the measured run. */
  readonly per_classification: { server_cpu_ms: number; database_cpu_ms: number; transactions: number; wal_bytes: number; statements_per_transaction: number };
  readonly inventory: { assets: number; seed_seconds: number; samples: number; queries: { query: string; rows: number; p50_ms: number; p99_ms: number }[]; worst_p99_ms: number };
}

/** CPU seconds of the cluster: the postmaster and every process it started that is still alive. */
function clusterCpuSeconds(postmaster: number): number {
  let total = cpuSeconds(postmaster) ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      if (Number(stat[1]) === postmaster) total += (Number(stat[11]) + Number(stat[12])) / 100;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function seed(client: pg.Client, workspaceId: number, assets: number): Promise<number> {
  const t0 = Date.now();
  // Triggers off for the bulk load (superuser on the bench cluster); the counters are not read here.
  await client.query("SET session_replication_role = 'replica'");
  await client.query(
    `INSERT INTO assets (workspace_id, source, name, asset_type, label_name, label_level, label_color, matched_rules, findings, classified_at, removed_at)
     SELECT $1, CASE WHEN (n * 40503 + 7) % 1000003 % 10 = 0 THEN 'api' ELSE 'agent' END,
       'fs01:/srv/share/dept-' || (n % 23) || '/' || (2016 + n % 10) || '/project-' || (n % 100) || '/'
         || CASE WHEN n % 9973 = 0 THEN 'zephyr-merger-' ELSE '' END
         || CASE WHEN n % 16 = 0 THEN 'report' WHEN n % 50 = 3 THEN 'taxes' ELSE substr(md5(n::text), 1, 8) END || '-' || n || '.docx',
       'document', 'Public', 0, '#22c55e', '', '[]',
       to_char(timestamp '2025-01-01' + (n * 30 + (n * 40503 + 7) % 1000003 % 600) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS'),
       CASE WHEN n % 50 = 1 THEN '2026-01-01T00:00:00' END
     FROM generate_series(1::bigint, $2::bigint) AS n`,
    [workspaceId, assets],
  );
  await client.query("SET session_replication_role = 'origin'");
  await client.query('VACUUM ANALYZE assets');
  return (Date.now() - t0) / 1000;
}

export async function runPostgresBench(opts: { seconds: number; connections: number; assets: number; samples: number }): Promise<PostgresBenchResult> {
  let url = process.env.ASSAY_BENCH_DATABASE_URL;
  let dir: string | undefined;
  if (!url) {
    const r = spawnSync(CLUSTER, ['start'], { encoding: 'utf8', env: { ...process.env, PG_FSYNC: 'on' } });
    if (r.status !== 0) throw new Error(`cannot start a PostgreSQL cluster: ${r.stderr}`);
    [url, dir] = [r.stdout.trim(), r.stderr.trim()];
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const proc = spawnAssay(['server', '--port', String(await freePort())], { ASSAY_DATABASE_URL: url, ASSAY_DATA_DIR: '/nonexistent-assay-bench' }, { keepLogs: false });
  try {
    const repo = await openPgRepository({ url, poolSize: 2, statementTimeoutMs: 600_000, clock: systemClock, waitMs: 0 });
    const admin = createWorkspaceAdmin({ repo, clock: systemClock, origin: systemOrigin('bench') });
    await admin.create('bench', null);
    await admin.create('inventory', null);
    const key = (await admin.createKey('bench', 'bench')).key;
    const invKey = (await admin.createKey('inventory', 'bench')).key;
    const invId = (await repo.getWorkspaceByName('inventory'))!.id;
    await repo.close();
    const serverUrl = await waitFor(() => proc.output().match(/"url":"(http:[^"]+)"/)?.[1], 'the server to listen', 60_000);

    const content = generateText(seededRandom(7), 4096).slice(0, 4096);
    await loadClassify(serverUrl, key, content, opts.connections, 2);
    const postmaster = Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
    const master = parentOf(postmaster);
    const stats = async () =>
      (
        await client.query<{ xact: number; wal: string; acked: number }>(
          `SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database())::float8 AS xact,
                  pg_current_wal_lsn()::text AS wal, (SELECT count(*) FROM asset_history)::float8 AS acked`,
        )
      ).rows[0]!;
    const before = await stats();
    const cpu0 = { server: cpuSeconds(proc.child.pid!) ?? 0, db: clusterCpuSeconds(master) };
    const load = await loadClassify(serverUrl, key, content, opts.connections, opts.seconds);
    const cpu1 = { server: cpuSeconds(proc.child.pid!) ?? 0, db: clusterCpuSeconds(master) };
    await client.query('SELECT pg_stat_clear_snapshot()');
    const after = await stats();
    const walBytes = Number((await client.query<{ d: string }>('SELECT pg_wal_lsn_diff($1, $2)::text AS d', [after.wal, before.wal])).rows[0]!.d);
    const n = after.acked - before.acked;
    const transactions = after.xact - before.xact;

    const seedSeconds = await seed(client, invId, opts.assets);
    const mid = (await client.query<{ classified_at: string; id: number }>('SELECT classified_at, id::float8 AS id FROM assets WHERE workspace_id = $1 ORDER BY classified_at DESC, id DESC LIMIT 1 OFFSET $2', [invId, Math.floor(opts.assets / 2)])).rows[0]!;
    const cursor = encodeCursor(mid);
    const queries: [string, string][] = [
      ['first page (baseline)', ''],
      ['deep page (cursor at 50%)', `cursor=${cursor}`],
      ['source=api, deep page', `source=api&cursor=${cursor}`],
      ['q=zephyr-merger (rare, ~0.01%)', 'q=zephyr-merger'],
      ['q=project-17/ (medium, ~1%)', `q=${encodeURIComponent('project-17/')}`],
      ['q=report (common, ~6%)', 'q=report'],
      ['q=/srv/share/ (every name)', `q=${encodeURIComponent('/srv/share/')}`],
      ['q=tax (3 characters)', 'q=tax'],
      ['q=quixotic-nothing (no match)', 'q=quixotic-nothing'],
      ['q=report, deep page', `q=report&cursor=${cursor}`],
      ['q=project-17/&source=api, deep page', `q=${encodeURIComponent('project-17/')}&source=api&cursor=${cursor}`],
    ];
    const timings = [];
    for (const [label, qs] of queries) {
      const { rows, times } = await timeQuery(`${serverUrl}/api/v1/assets?limit=50${qs ? `&${qs}` : ''}`, invKey, opts.samples);
      times.sort((a, b) => a - b);
      timings.push({ query: label, rows, p50_ms: percentile(times, 50), p99_ms: percentile(times, 99) });
    }
    return {
      classify: { ...load, connections: opts.connections, seconds: opts.seconds },
      per_classification: {
        server_cpu_ms: ((cpu1.server - cpu0.server) * 1000) / n,
        database_cpu_ms: ((cpu1.db - cpu0.db) * 1000) / n,
        transactions: transactions / n,
        wal_bytes: walBytes / n,
        // Per batch transaction: BEGIN, lock the workspace rows, one upsert, one history insert, COMMIT.
        statements_per_transaction: 5,
      },
      inventory: { assets: opts.assets, seed_seconds: seedSeconds, samples: opts.samples, queries: timings, worst_p99_ms: Math.max(...timings.map((q) => q.p99_ms)) },
    };
  } finally {
    await proc.close();
    await client.end();
    if (dir) spawnSync(CLUSTER, ['stop', dir]);
  }
}
