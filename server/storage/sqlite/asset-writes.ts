// Classifications saved over SQLite with group commit (lib/write-batcher.ts), and removals.
import type { Asset } from '../../../shared/api/schemas.ts';
import type { Queryable, SqliteDatabase } from '../../../lib/sqlite-database.ts';
import { type BatchObserver, createWriteBatcher } from '../../../lib/write-batcher.ts';
import type { AssetWriter } from '../asset-writes.ts';
import { ASSET_UPSERT, assetKey, engineFindingsJson, type PendingClassification, type Returned, savedAsset } from '../saved-asset.ts';
import { applyByWorkspace, type BatchWriteQueries, type WorkspaceQuota } from '../batch-classifications.ts';
import { ASSET_COLUMNS, type AssetRow, toAsset } from '../shared-rows.ts';
import { recordRemoval, withWebhookEvents } from '../webhook-outbox.ts';
import { type DismissalRow, type ReadDismissals, withDismissals } from '../batch-dismissals.ts';
import { sqliteOutbox } from './webhook-store.ts';
import { type BatchReads, readBatchContext } from './batch-context.ts';

/**
 * Items of one workspace with no (source, name) twice, in one upsert and one history insert: the
 * rows travel as one JSON array, so they cost two statements however many there are.
 */
const UPSERT_ASSETS_JSON = `INSERT INTO assets (workspace_id, source, name, asset_type, label_name, label_level, label_color, matched_rules, findings, classified_at, unreadable, engine_findings)
  SELECT ?, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7, j.value ->> 8, j.value ->> 9, j.value ->> 10
    FROM json_each(?) AS j WHERE true
  ${ASSET_UPSERT}
  RETURNING id, source, name, label_name, label_level, label_color, pin_reason`;

const INSERT_HISTORY_JSON = `INSERT INTO asset_history (asset_id, label_name, label_level, label_color, matched_rules, classified_at)
  SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5 FROM json_each(?) AS j ORDER BY j.key`;

async function writeClassificationsTogether(tx: Queryable, workspaceId: number, items: readonly PendingClassification[]): Promise<Asset[]> {
  const rows = items.map(({ c }) => [c.source, c.name, c.asset_type, c.label.name, c.label.level, c.label.color, c.matched_rules.join(', '), JSON.stringify(c.findings), c.classified_at, c.unreadable ?? null, engineFindingsJson(c)]);
  const returned = await tx.all<Returned & { source: string; name: string }>(UPSERT_ASSETS_JSON, [workspaceId, JSON.stringify(rows)]);
  const byKey = new Map(returned.map((r) => [assetKey(r.source, r.name), r]));
  const saved = items.map(({ c }) => byKey.get(assetKey(c.source, c.name))!);
  const history = rows.map((r, i) => [saved[i]!.id, r[3], r[4], r[5], r[6], r[8]]);
  await tx.run(INSERT_HISTORY_JSON, [JSON.stringify(history)]);
  return items.map(({ c }, i) => savedAsset(c, rows[i]![6] as string, saved[i]!));
}

/** The batch's quota read, existence read and multi-row writes over SQLite (batch-classifications.ts). */
const batchWrites: BatchWriteQueries<Queryable> = {
  async quotas(tx, workspaceIds) {
    const rows = await tx.all<WorkspaceQuota & { id: number }>('SELECT id, max_assets, asset_count FROM workspaces WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(workspaceIds)]);
    return new Map(rows.map((r) => [r.id, r]));
  },
  async existing(tx, workspaceId, assets) {
    const rows = await tx.all<{ source: string; name: string }>(
      `SELECT source, name FROM assets WHERE workspace_id = ? AND (source, name) IN (SELECT j.value ->> 0, j.value ->> 1 FROM json_each(?) AS j)`,
      [workspaceId, JSON.stringify(assets.map((a) => [a.source, a.name]))],
    );
    return new Set(rows.map((r) => assetKey(r.source, r.name)));
  },
  writeTogether: writeClassificationsTogether,
};

/** The dismissals on a batch's assets of one workspace: one statement, the assets as a JSON array. */
const readDismissals: ReadDismissals<Queryable> = (tx, workspaceId, assets) =>
  tx.all<DismissalRow>(
    `SELECT a.source, a.name, d.rule, d.detector FROM json_each(?) AS j
       JOIN assets a ON a.workspace_id = ? AND a.source = j.value ->> 0 AND a.name = j.value ->> 1
       JOIN asset_dismissals d ON d.workspace_id = a.workspace_id AND d.asset_id = a.id
     ORDER BY d.id`,
    [JSON.stringify(assets.map((a) => [a.source, a.name])), workspaceId],
  );

/** The batch layers' own statements, which readBatchContext answers from its one read. */
export const sqliteBatchReads: BatchReads = { batchWrites, outbox: sqliteOutbox, readDismissals };

export function createSqliteAssetWriter(db: SqliteDatabase, writes?: BatchObserver): AssetWriter {
  // Concurrent classifications share transactions (group commit); see lib/write-batcher.ts.
  // The webhook deliveries a batch causes are written in its transaction (webhook-outbox.ts), and
  // so are the dismissals it applies read (batch-dismissals.ts). What those layers read is read
  // first in one statement (batch-context.ts): a batch is BEGIN, that read, the upsert, the
  // history insert and COMMIT.
  const layers = (q: BatchReads) => withDismissals(q.readDismissals, withWebhookEvents(q.outbox, applyByWorkspace(q.batchWrites)));
  const saveBatched = createWriteBatcher(db, async (tx: Queryable, items: readonly PendingClassification[]) => layers(await readBatchContext(tx, items, sqliteBatchReads))(tx, items), undefined, writes);
  return {
    saveClassification: (workspaceId, c) => saveBatched({ workspaceId, c }),

    async markAssetRemoved(workspaceId, source, name, at) {
      return db.transaction(async (tx) => {
        const { changes } = await tx.run('UPDATE assets SET removed_at = ? WHERE workspace_id = ? AND source = ? AND name = ? AND removed_at IS NULL', [at, workspaceId, source, name]);
        const row = await tx.get<AssetRow>(`SELECT ${ASSET_COLUMNS} FROM assets WHERE workspace_id = ? AND source = ? AND name = ?`, [workspaceId, source, name]);
        const asset = row && toAsset(row);
        if (asset && changes > 0) await recordRemoval(sqliteOutbox, tx, workspaceId, asset);
        return asset;
      });
    },
  };
}
