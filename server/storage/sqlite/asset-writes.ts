// Classifications saved over SQLite with group commit (lib/write-batcher.ts), and removals.
import type { Asset } from '../../../shared/api/schemas.ts';
import { AssetQuotaError } from '../../../shared/errors.ts';
import type { Queryable, SqliteDatabase } from '../../../lib/sqlite-database.ts';
import { type BatchObserver, createWriteBatcher, type Outcome } from '../../../lib/write-batcher.ts';
import type { AssetWriter } from '../asset-writes.ts';
import { allDistinct, ASSET_UPSERT, assetKey, engineFindingsJson, type PendingClassification, type Returned, savedAsset } from '../saved-asset.ts';
import { ASSET_COLUMNS, type AssetRow, toAsset } from '../shared-rows.ts';
import { recordRemoval, withWebhookEvents } from '../webhook-outbox.ts';
import { type DismissalRow, type ReadDismissals, withDismissals } from '../batch-dismissals.ts';
import { sqliteOutbox } from './webhook-store.ts';

const UPSERT_ASSET = `INSERT INTO assets (workspace_id, source, name, asset_type, label_name, label_level, label_color, matched_rules, findings, classified_at, unreadable, engine_findings)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ${ASSET_UPSERT}
  RETURNING id, label_name, label_level, label_color, pin_reason`;

const INSERT_HISTORY = `INSERT INTO asset_history (asset_id, label_name, label_level, label_color, matched_rules, classified_at) VALUES (?, ?, ?, ?, ?, ?)`;

/** One classification: upsert the asset (the asset_count trigger counts new rows) and append history. */
async function writeClassification(tx: Queryable, { workspaceId, c }: PendingClassification): Promise<Asset> {
  const matched = c.matched_rules.join(', ');
  const upserted = await tx.all<Returned>(UPSERT_ASSET, [
    workspaceId,
    c.source,
    c.name,
    c.asset_type,
    c.label.name,
    c.label.level,
    c.label.color,
    matched,
    JSON.stringify(c.findings),
    c.classified_at,
    c.unreadable ?? null,
    engineFindingsJson(c),
  ]);
  const row = upserted[0]!;
  await tx.run(INSERT_HISTORY, [row.id, c.label.name, c.label.level, c.label.color, matched, c.classified_at]);
  return savedAsset(c, matched, row);
}

/**
 * Items without a quota, with no (source, name) twice, in one upsert and one history insert: the
 * rows travel as one JSON array, so the batch costs two statements however many items it holds.
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

/**
 * A batch of classifications in the batch's transaction. Where a quota applies, each item first
 * reads the count the previous one left, and one over the quota is refused before it writes.
 * Items of workspaces without a quota go together (two statements per workspace), unless one
 * asset appears twice in the batch, when they are written one after the other in arrival order.
 */
async function applyClassifications(tx: Queryable, items: readonly PendingClassification[]): Promise<Outcome<{ asset: Asset }>[]> {
  const quotas = new Map<number, number | null>();
  for (const id of new Set(items.map((i) => i.workspaceId))) {
    const row = await tx.get<{ max_assets: number | null }>('SELECT max_assets FROM workspaces WHERE id = ?', [id]);
    quotas.set(id, row?.max_assets ?? null);
  }
  const outcomes: Outcome<{ asset: Asset }>[] = new Array(items.length);
  const unlimited = new Map<number, number[]>();
  items.forEach((item, i) => {
    if (quotas.get(item.workspaceId) !== null) return;
    const list = unlimited.get(item.workspaceId) ?? [];
    list.push(i);
    unlimited.set(item.workspaceId, list);
  });
  for (const [workspaceId, indexes] of unlimited) {
    const group = indexes.map((i) => items[i]!);
    const assets = allDistinct(group) ? await writeClassificationsTogether(tx, workspaceId, group) : await writeEach(tx, group);
    indexes.forEach((itemIndex, k) => (outcomes[itemIndex] = { ok: true, value: { asset: assets[k]! } }));
  }
  for (const [i, item] of items.entries()) {
    if (quotas.get(item.workspaceId) === null) continue;
    const ws = await tx.get<{ asset_count: number; max_assets: number }>('SELECT asset_count, max_assets FROM workspaces WHERE id = ?', [item.workspaceId]);
    const exists = await tx.get<{ id: number }>('SELECT id FROM assets WHERE workspace_id = ? AND source = ? AND name = ?', [item.workspaceId, item.c.source, item.c.name]);
    if (!exists && ws && ws.asset_count >= ws.max_assets) {
      outcomes[i] = { ok: false, error: new AssetQuotaError(ws.asset_count, ws.max_assets) };
      continue;
    }
    outcomes[i] = { ok: true, value: { asset: await writeClassification(tx, item) } };
  }
  return outcomes;
}

async function writeEach(tx: Queryable, items: readonly PendingClassification[]): Promise<Asset[]> {
  const assets: Asset[] = [];
  for (const item of items) assets.push(await writeClassification(tx, item));
  return assets;
}

/** The dismissals on a batch's assets of one workspace: one statement, the assets as a JSON array. */
const readDismissals: ReadDismissals<Queryable> = (tx, workspaceId, assets) =>
  tx.all<DismissalRow>(
    `SELECT a.source, a.name, d.rule, d.detector FROM json_each(?) AS j
       JOIN assets a ON a.workspace_id = ? AND a.source = j.value ->> 0 AND a.name = j.value ->> 1
       JOIN asset_dismissals d ON d.workspace_id = a.workspace_id AND d.asset_id = a.id
     ORDER BY d.id`,
    [JSON.stringify(assets.map((a) => [a.source, a.name])), workspaceId],
  );

export function createSqliteAssetWriter(db: SqliteDatabase, writes?: BatchObserver): AssetWriter {
  // Concurrent classifications share transactions (group commit); see lib/write-batcher.ts.
  // The webhook deliveries a batch causes are written in its transaction (webhook-outbox.ts), and
  // so are the dismissals it applies read (batch-dismissals.ts).
  const saveBatched = createWriteBatcher(db, withDismissals(readDismissals, withWebhookEvents(sqliteOutbox, applyClassifications)), undefined, writes);
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
