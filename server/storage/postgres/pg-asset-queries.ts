// Inventory reads over PostgreSQL: keyset paging newest first, filters, and substring search as
// an ILIKE that the (workspace_id, name gin_trgm_ops) index serves, or, for terms with many
// matches, a walk of the newest-first index. Results equal SQLite's on the same data
// (test/storage-contract.test.ts).
import type { AssetQueries, AssetQuery } from '../asset-queries.ts';
import type { PgDatabase, PgValue } from './pg-database.ts';
import { ASSET_COLUMNS, type AssetRow, HISTORY_COLUMNS, type HistoryRow, toAsset, toAssetDetail } from '../shared-rows.ts';

function likeLiteral(q: string): string {
  return `%${q.replace(/[\\%_]/g, '\\$&')}%`;
}

/** Above this many matches in the workspace, a search walks the newest-first index. */
const INDEX_WALK_ABOVE = 2000;

export function createPgAssetQueries(db: PgDatabase): AssetQueries {
  async function matchesMoreThan(workspaceId: number, pattern: string, max: number): Promise<boolean> {
    const row = await db.get<{ n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM assets WHERE workspace_id = $1 AND name ILIKE $2 LIMIT $3) AS m', [workspaceId, pattern, max + 1]);
    return (row?.n ?? 0) > max;
  }

  return {
    async listAssets(workspaceId, query: AssetQuery) {
      const params: PgValue[] = [workspaceId];
      const where = ['workspace_id = $1'];
      const add = (sql: (p: string) => string, value: PgValue) => (params.push(value), where.push(sql(`$${params.length}`)));
      if (query.source) add((p) => `source = ${p}`, query.source);
      if ((query.status ?? 'active') === 'active') where.push('removed_at IS NULL');
      else if (query.status === 'removed') where.push('removed_at IS NOT NULL');
      if (query.label !== undefined) add((p) => `lower(label_name) = lower(${p})`, query.label);
      if (query.after) {
        params.push(query.after.classified_at, query.after.id);
        where.push(`(classified_at, id) < ($${params.length - 1}, $${params.length})`);
      }
      if (query.q !== undefined) {
        // The planner cannot tell a term in 1% of names from one in 0.01%: it would fetch and sort
        // every match. As on SQLite, a bounded count decides: many matches walk the newest-first
        // index (the ILIKE on an expression keeps the trigram index out), few sort the matches.
        const pattern = likeLiteral(query.q);
        const many = [...query.q].length >= 3 && (await matchesMoreThan(workspaceId, pattern, INDEX_WALK_ABOVE));
        add((p) => (many ? `(name || '') ILIKE ${p}` : `name ILIKE ${p}`), pattern);
      }
      params.push(query.limit);
      const rows = await db.all<AssetRow>(`SELECT ${ASSET_COLUMNS} FROM assets WHERE ${where.join(' AND ')} ORDER BY classified_at DESC, id DESC LIMIT $${params.length}`, params);
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
