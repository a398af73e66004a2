// Inventory reads over PostgreSQL: keyset paging newest first, filters, and substring search.
// A `q` search does not leave the plan to the planner's guess of how many names match (pg_trgm
// gives it no good estimate, and a wrong guess cost 200+ ms at 200k assets: every match of a 1 %
// term fetched, rechecked and sorted). It walks the newest-first index over a bounded window
// first, which finds a page of a common or medium term in a few thousand rows; only a term that
// is rare in that window goes to the (workspace_id, name gin_trgm_ops) index, whose candidate set
// is then small. Both steps return exactly the newest matches, so results equal SQLite's on the
// same data (test/storage-contract, test/pg-search-plan).
import type { AssetQueries, AssetQuery } from '../asset-queries.ts';
import type { PgDatabase, PgValue } from './pg-database.ts';
import { ASSET_COLUMNS, type AssetRow, HISTORY_COLUMNS, type HistoryRow, toAsset, toAssetDetail } from '../shared-rows.ts';

export interface PgSearchOptions {
  /** Rows of the newest-first index a `q` search walks first. */
  readonly firstWindow?: number;
  /**
   * Most rows of a second, longer walk, sized from the matches the first one found; when even
   * that could not fill the page by that estimate, the search goes to the trigram index instead.
   */
  readonly maxWindow?: number;
}

/**
 * A first walk of 1,000 rows fills a page of 50 for a term in 5 % of names, and tells apart a term
 * too rare to show up there (straight to the trigram index) from one whose page a second walk of
 * at most 40,000 rows fills (down to about 0.15 % of names, e.g. 1 %: about 7,500 rows).
 */
export const DEFAULT_SEARCH_WINDOWS = { firstWindow: 1_000, maxWindow: 40_000 } as const;
/** The second walk covers this many times the rows the first one's density says a page needs. */
const WINDOW_MARGIN = 1.5;

function likeLiteral(q: string): string {
  return `%${q.replace(/[\\%_]/g, '\\$&')}%`;
}

const ORDER = 'ORDER BY classified_at DESC, id DESC';

/** The WHERE clause and parameters of every filter but `q`. */
function filters(workspaceId: number, query: AssetQuery): { where: string[]; params: PgValue[] } {
  const params: PgValue[] = [workspaceId];
  const where = ['workspace_id = $1'];
  const add = (sql: (p: string) => string, value: PgValue) => (params.push(value), where.push(sql(`$${params.length}`)));
  if (query.source) add((p) => `source = ${p}`, query.source);
  if ((query.status ?? 'active') === 'active') where.push('removed_at IS NULL');
  else if (query.status === 'removed') where.push('removed_at IS NOT NULL');
  if (query.label !== undefined) add((p) => `lower(label_name) = lower(${p})`, query.label);
  if (query.unreadable !== undefined) where.push(query.unreadable ? 'unreadable IS NOT NULL' : 'unreadable IS NULL');
  if (query.after) {
    params.push(query.after.classified_at, query.after.id);
    where.push(`(classified_at, id) < ($${params.length - 1}, $${params.length})`);
  }
  return { where, params };
}

export function createPgAssetQueries(db: PgDatabase, options: PgSearchOptions = {}): AssetQueries {
  const { firstWindow, maxWindow } = { ...DEFAULT_SEARCH_WINDOWS, ...options };

  async function search(workspaceId: number, query: AssetQuery, q: string): Promise<AssetRow[]> {
    const { where, params } = filters(workspaceId, query);
    const n = params.length;
    const base = `SELECT ${ASSET_COLUMNS} FROM assets WHERE ${where.join(' AND ')}`;
    const tail = [...params, likeLiteral(q), query.limit];
    // 1. The newest rows passing the other filters, in a window; the ILIKE applies to the window
    //    only (a LIMIT in the subquery keeps the planner from pushing it down and guessing again).
    const walk = (rows: number) =>
      db.all<AssetRow>(`SELECT * FROM (${base} ${ORDER} LIMIT $${n + 3}) AS newest WHERE name ILIKE $${n + 1} ${ORDER} LIMIT $${n + 2}`, [...tail, rows]);
    const first = await walk(firstWindow);
    if (first.length >= query.limit) return first;
    // A second, longer walk when the first one's matches say it will fill the page.
    const needed = first.length === 0 ? Infinity : (query.limit * firstWindow) / first.length;
    if (needed <= maxWindow) {
      const second = await walk(Math.min(maxWindow, Math.ceil(needed * WINDOW_MARGIN)));
      if (second.length >= query.limit) return second;
    }
    // 2. Rare in the newest rows: collect every match through the trigram index (MATERIALIZED keeps
    //    the ORDER BY … LIMIT from turning it back into an index walk), then take the newest.
    return db.all<AssetRow>(`WITH matches AS MATERIALIZED (${base} AND name ILIKE $${n + 1}) SELECT * FROM matches ${ORDER} LIMIT $${n + 2}`, tail);
  }

  return {
    async listAssets(workspaceId, query: AssetQuery) {
      if (query.q !== undefined) return (await search(workspaceId, query, query.q)).map(toAsset);
      const { where, params } = filters(workspaceId, query);
      params.push(query.limit);
      const rows = await db.all<AssetRow>(`SELECT ${ASSET_COLUMNS} FROM assets WHERE ${where.join(' AND ')} ${ORDER} LIMIT $${params.length}`, params);
      return rows.map(toAsset);
    },

    async getAsset(workspaceId, id) {
      const row = await db.get<AssetRow>(`SELECT ${ASSET_COLUMNS} FROM assets WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
      if (!row) return undefined;
      const history = await db.all<HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM asset_history WHERE workspace_id = $1 AND asset_id = $2 ORDER BY id DESC LIMIT 1000`, [workspaceId, id]);
      return toAssetDetail(row, history);
    },
  };
}
