// Inventory reads over PostgreSQL: keyset paging newest first, filters, and substring search as
// an ILIKE that the (workspace_id, name gin_trgm_ops) index serves; the planner chooses between
// it and the newest-first index. Results equal SQLite's on the same data (test/storage-contract).
import type { AssetQueries, AssetQuery } from '../asset-queries.ts';
import type { PgDatabase, PgValue } from './pg-database.ts';
import { ASSET_COLUMNS, type AssetRow, HISTORY_COLUMNS, type HistoryRow, toAsset, toAssetDetail } from '../shared-rows.ts';

function likeLiteral(q: string): string {
  return `%${q.replace(/[\\%_]/g, '\\$&')}%`;
}

export function createPgAssetQueries(db: PgDatabase): AssetQueries {
  return {
    async listAssets(workspaceId, query: AssetQuery) {
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
      if (query.q !== undefined) add((p) => `name ILIKE ${p}`, likeLiteral(query.q));
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
