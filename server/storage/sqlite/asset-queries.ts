// Inventory reads over SQLite: keyset paging newest first, filters, and substring search through
// a trigram FTS5 index whose entries carry their workspace (migration 8), so both the plan choice
// and the search itself only ever look at the asking workspace's names.
import type { SqliteDatabase, SqlValue } from '../../../lib/sqlite-database.ts';
import type { AssetQueries, AssetQuery } from '../asset-queries.ts';
import { ASSET_COLUMNS, type AssetRow, HISTORY_COLUMNS, type HistoryRow, toAsset, toAssetDetail } from '../shared-rows.ts';

/**
 * An FTS5 query matching `q` literally as a substring of the names of one workspace's assets.
 * The scope column holds `#<workspace id>#`, a phrase no other workspace's scope contains.
 */
export function ftsQuery(workspaceId: number, q: string): string {
  return `scope : "#${workspaceId}#" AND name : "${q.replaceAll('"', '""')}"`;
}

/** Above this many trigram matches, listing walks the newest-first index instead of sorting the matches. */
const FTS_DRIVEN_MAX = 2000;
const ASCII = /^[\x00-\x7f]*$/;

function likeLiteral(q: string): string {
  return `%${q.replace(/[\\%_]/g, '\\$&')}%`;
}

export function createSqliteAssetQueries(db: SqliteDatabase): AssetQueries {
  /** Whether the query matches more than `max` names of its workspace: stops counting there. */
  async function ftsMatchesMoreThan(match: string, max: number): Promise<boolean> {
    const row = await db.get<{ n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM assets_name_fts WHERE assets_name_fts MATCH ? LIMIT ?)', [match, max + 1]);
    return (row?.n ?? 0) > max;
  }

  return {
    async listAssets(workspaceId, query: AssetQuery) {
      const where = ['workspace_id = ?'];
      const params: SqlValue[] = [workspaceId];
      if (query.source) (where.push('source = ?'), params.push(query.source));
      if ((query.status ?? 'active') === 'active') where.push('removed_at IS NULL');
      else if (query.status === 'removed') where.push('removed_at IS NOT NULL');
      if (query.label !== undefined) (where.push('label_name = ? COLLATE NOCASE'), params.push(query.label));
      if (query.unreadable !== undefined) where.push(query.unreadable ? 'unreadable IS NOT NULL' : 'unreadable IS NULL');
      if (query.after) {
        where.push('(classified_at, id) < (?, ?)');
        params.push(query.after.classified_at, query.after.id);
      }
      const q = query.q;
      // Substring search. The trigram index needs at least three characters; shorter needles scan with LIKE.
      let from = 'assets';
      if (q !== undefined && [...q].length < 3) {
        where.push("name LIKE ? ESCAPE '\\'");
        params.push(likeLiteral(q));
      } else if (q !== undefined) {
        const match = ftsQuery(workspaceId, q);
        if (ASCII.test(q) && (await ftsMatchesMoreThan(match, FTS_DRIVEN_MAX))) {
          // Many matches: walk the newest-first index and test each row, which stops after one page.
          // LIKE equals the trigram match for an ASCII needle and an ASCII name; a name with other
          // characters (which case-fold differently) asks the index itself, so results are identical.
          where.push(`(name LIKE ? ESCAPE '\\' OR (length(name) <> length(CAST(name AS BLOB)) AND EXISTS (SELECT 1 FROM assets_name_fts WHERE assets_name_fts MATCH ? AND rowid = assets.id)))`);
          params.push(likeLiteral(q), match);
        } else {
          // Few matches: start from the trigram index and sort those rows (CROSS JOIN fixes the loop order).
          from = '(SELECT rowid AS match_id FROM assets_name_fts WHERE assets_name_fts MATCH ?) AS m CROSS JOIN assets ON assets.id = m.match_id';
          params.unshift(match);
        }
      }
      const rows = await db.all<AssetRow>(
        `SELECT ${ASSET_COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY classified_at DESC, id DESC LIMIT ?`,
        [...params, query.limit],
      );
      return rows.map(toAsset);
    },

    async getAsset(workspaceId, id) {
      const row = await db.get<AssetRow>(`SELECT ${ASSET_COLUMNS} FROM assets WHERE workspace_id = ? AND id = ?`, [workspaceId, id]);
      if (!row) return undefined;
      const history = await db.all<HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM asset_history WHERE asset_id = ? ORDER BY id DESC LIMIT 1000`, [id]);
      return toAssetDetail(row, history);
    },
  };
}
