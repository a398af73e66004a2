// PostgreSQL's `q` search walks the newest-first index in bounded windows before it turns to the
// trigram index (server/storage/postgres/pg-asset-queries.ts). With windows of a few rows, every
// path runs on a small inventory: a page filled in the first window, in the second, a term absent
// from the newest rows (straight to the trigram index), and one found in the windows but too
// sparse to fill a page. Each page, with filters and keyset paging, must equal SQLite's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetQuery } from '../server/storage/asset-queries.ts';
import { openPgDatabase, type PgDatabase } from '../server/storage/postgres/pg-database.ts';
import { createPgAssetQueries } from '../server/storage/postgres/pg-asset-queries.ts';
import type { NewClassification, Repository } from '../server/storage/repository.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';
import { openTestStorage, type TestStorage, unavailable } from './helpers/storage-backends.ts';
import { manualClock } from './helpers/test-server.ts';

const policy = { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS };
const ASSETS = 400;
/** Walks of 12 rows, then at most 60: a page of 5 needs a term in ~40 % of rows for the first, ~8 % for the second. */
const WINDOWS = { firstWindow: 12, maxWindow: 60 };

/** Asset i is newer than asset i-1 (pairs share a second, so the id breaks the tie). */
function nameOf(i: number): string {
  const parts = [`dept-${i % 7}`];
  if (i % 2 === 0) parts.push('Common');
  if (i % 15 === 0) parts.push('medium');
  if (i === 3 || i === 150 || i === 371) parts.push('rare');
  if (i < 40) parts.push('Clustered'); // many, but only among the oldest
  if (i % 97 === 0 || i > ASSETS - 4) parts.push('sparse'); // in the newest window, too few to fill a page
  return `${parts.join('-')}-${i}.xlsx`;
}

function classification(i: number): NewClassification {
  const at = new Date(Date.UTC(2026, 5, 12, 8, 0, Math.floor(i / 2))).toISOString();
  return { source: i % 3 ? 'agent' : 'api', name: nameOf(i), asset_type: 'document', label: DEFAULT_LABELS[i % 2]!, matched_rules: [], findings: [], classified_at: at };
}

describe.skipIf(unavailable('postgres'))('PostgreSQL q search: index walk, then trigram index', () => {
  let sqlite: TestStorage;
  let postgres: TestStorage;
  let db: PgDatabase;
  const ws = { sqlite: 0, postgres: 0 };

  beforeAll(async () => {
    [sqlite, postgres] = [await openTestStorage('sqlite', manualClock()), await openTestStorage('postgres', manualClock())];
    for (const [backend, storage] of [['sqlite', sqlite], ['postgres', postgres]] as const) {
      const repo: Repository = storage.repo;
      const w = await repo.createWorkspace({ name: 'search', max_assets: null, policy, created_at: '2026-06-12T08:00:00.000Z' });
      const other = await repo.createWorkspace({ name: 'other', max_assets: null, policy, created_at: '2026-06-12T08:00:00.000Z' });
      for (let i = 0; i < ASSETS; i++) {
        await repo.saveClassification(w.id, classification(i));
        if (i % 10 === 0) await repo.saveClassification(other.id, classification(i));
      }
      for (let i = 0; i < ASSETS; i += 11) await repo.markAssetRemoved(w.id, classification(i).source, nameOf(i), '2026-06-13T00:00:00.000Z');
      ws[backend] = w.id;
    }
    db = openPgDatabase({ url: postgres.location, poolSize: 2, statementTimeoutMs: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await postgres?.close();
    await sqlite?.close();
  });

  /** Every page of the query, names only, following the keyset cursor as GET /assets does. */
  async function pages(list: (query: AssetQuery) => Promise<{ name: string; classified_at: string; id: number }[]>, query: Omit<AssetQuery, 'after'>): Promise<string[][]> {
    const out: string[][] = [];
    let after: AssetQuery['after'];
    for (;;) {
      const page = await list({ ...query, after });
      if (page.length === 0) return out;
      out.push(page.map((a) => a.name));
      const last = page[page.length - 1]!;
      after = { classified_at: last.classified_at, id: last.id };
    }
  }

  const filters: Omit<AssetQuery, 'after' | 'q' | 'limit'>[] = [{}, { source: 'agent' }, { status: 'all' }, { status: 'removed' }, { label: 'internal' }];
  const needles = ['common', 'MEDIUM', 'rare', 'clustered', 'sparse', 'dept-3', 'nothing-at-all', '.xlsx', '_'];

  it.each(needles)('q=%s: every page equals SQLite under each filter', async (q) => {
    const pgQueries = createPgAssetQueries(db, WINDOWS);
    for (const f of filters) {
      const query = { ...f, q, limit: 5 };
      const expected = await pages((qq) => sqlite.repo.listAssets(ws.sqlite, qq), query);
      expect(await pages((qq) => pgQueries.listAssets(ws.postgres, qq), query)).toEqual(expected);
      // The repository with its default windows (larger than this inventory) agrees too.
      expect(await pages((qq) => postgres.repo.listAssets(ws.postgres, qq), query)).toEqual(expected);
    }
  });

  it('each path runs: a page found in the first walk, in the second, or by the trigram index after one or two walks', async () => {
    const steps: string[] = [];
    const step = (sql: string) => steps.push(sql.includes('AS newest') ? 'walk' : sql.includes('MATERIALIZED') ? 'trigram' : 'other');
    const recording: PgDatabase = { ...db, all: (sql, params) => (step(sql), db.all(sql, params)), get: (sql, params) => (step(sql), db.get(sql, params)) };
    const queries = createPgAssetQueries(recording, WINDOWS);
    const pathOf = async (q: string) => {
      steps.length = 0;
      await queries.listAssets(ws.postgres, { q, limit: 5 });
      return [...steps];
    };
    expect(await pathOf('common')).toEqual(['walk']);
    expect(await pathOf('dept-3')).toEqual(['walk', 'walk']);
    expect(await pathOf('clustered')).toEqual(['walk', 'trigram']); // none among the newest: no second walk
    expect(await pathOf('sparse')).toEqual(['walk', 'walk', 'trigram']);
  });
});
