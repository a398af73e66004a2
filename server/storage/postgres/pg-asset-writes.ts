// Classifications saved over PostgreSQL with group commit: each node writes one batch at a time
// (lib/write-batcher.ts), and a batch first locks the rows of the workspaces it writes to, in id
// order. So the quota check and the write that follows it are exact across every node sharing the
// database (no overshoot by a batch), and counter updates never deadlock.
import type { Asset } from '../../../shared/api/schemas.ts';
import { type BatchObserver, createWriteBatcher } from '../../../lib/write-batcher.ts';
import type { AssetWriter } from '../asset-writes.ts';
import { ASSET_UPSERT, assetKey, engineFindingsJson, type PendingClassification, type Returned, savedAsset } from '../saved-asset.ts';
import type { PgDatabase, PgQueryable } from './pg-database.ts';
import { ASSET_COLUMNS, type AssetRow, toAsset } from '../shared-rows.ts';
import { applyByWorkspace, type BatchWriteQueries, type WorkspaceQuota } from '../batch-classifications.ts';
import { recordRemoval, withWebhookEvents } from '../webhook-outbox.ts';
import { type DismissalRow, type ReadDismissals, withDismissals } from '../batch-dismissals.ts';
import { pgOutbox } from './pg-webhook-store.ts';

const RECORD = `j(source text, name text, asset_type text, label_name text, label_level integer, label_color text, matched_rules text, findings text, classified_at text, unreadable text, engine_findings text)`;

/**
 * Items of one workspace with no (source, name) twice, in one upsert and one history insert: the
 * rows travel as one JSON array, so the batch costs two statements however many items it holds.
 */
const UPSERT_ASSETS = `INSERT INTO assets (workspace_id, source, name, asset_type, label_name, label_level, label_color, matched_rules, findings, classified_at, unreadable, engine_findings)
  SELECT $1, j.source, j.name, j.asset_type, j.label_name, j.label_level, j.label_color, j.matched_rules, j.findings, j.classified_at, j.unreadable, j.engine_findings
    FROM jsonb_to_recordset($2::jsonb) AS ${RECORD}
  ${ASSET_UPSERT}
  RETURNING id, source, name, label_name, label_level, label_color, pin_reason`;

const INSERT_HISTORY = `INSERT INTO asset_history (workspace_id, asset_id, label_name, label_level, label_color, matched_rules, classified_at)
  SELECT $1, h.asset_id, h.label_name, h.label_level, h.label_color, h.matched_rules, h.classified_at
    FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (asset_id bigint, label_name text, label_level integer, label_color text, matched_rules text, classified_at text))
      WITH ORDINALITY AS h(asset_id, label_name, label_level, label_color, matched_rules, classified_at, n)
   ORDER BY h.n`;

function toRecord({ c }: PendingClassification) {
  const { source, name, asset_type, label, classified_at } = c;
  return {
    source,
    name,
    asset_type,
    label_name: label.name,
    label_level: label.level,
    label_color: label.color,
    matched_rules: c.matched_rules.join(', '),
    findings: JSON.stringify(c.findings),
    classified_at,
    unreadable: c.unreadable ?? null,
    engine_findings: engineFindingsJson(c),
  };
}

async function writeTogether(tx: PgQueryable, workspaceId: number, items: readonly PendingClassification[]): Promise<Asset[]> {
  const records = items.map(toRecord);
  const returned = await tx.all<Returned & { source: string; name: string }>(UPSERT_ASSETS, [workspaceId, JSON.stringify(records)]);
  const byKey = new Map(returned.map((r) => [assetKey(r.source, r.name), r]));
  const saved = records.map((r) => byKey.get(assetKey(r.source, r.name))!);
  const history = records.map((r, i) => ({ ...r, asset_id: saved[i]!.id }));
  await tx.all(INSERT_HISTORY, [workspaceId, JSON.stringify(history)]);
  return items.map(({ c }, i) => savedAsset(c, records[i]!.matched_rules, saved[i]!));
}

/**
 * The batch's quota read (locking the workspaces' rows in id order, so the quota check and the
 * writes after it are exact across nodes), existence read and multi-row writes
 * (batch-classifications.ts).
 */
const batchWrites: BatchWriteQueries<PgQueryable> = {
  async quotas(tx, workspaceIds) {
    const rows = await tx.all<WorkspaceQuota & { id: number }>(
      'SELECT id, max_assets, asset_count FROM workspaces WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE',
      [`{${workspaceIds.join(',')}}`],
    );
    return new Map(rows.map((r) => [r.id, r]));
  },
  async existing(tx, workspaceId, assets) {
    const rows = await tx.all<{ source: string; name: string }>(
      `SELECT a.source, a.name FROM jsonb_to_recordset($2::jsonb) AS j(source text, name text)
         JOIN assets a ON a.workspace_id = $1 AND a.source = j.source AND a.name = j.name`,
      [workspaceId, JSON.stringify(assets)],
    );
    return new Set(rows.map((r) => assetKey(r.source, r.name)));
  },
  writeTogether,
};

/** The dismissals on a batch's assets of one workspace: one statement, the assets as a JSON array. */
const readDismissals: ReadDismissals<PgQueryable> = (tx, workspaceId, assets) =>
  tx.all<DismissalRow>(
    `SELECT a.source, a.name, d.rule, d.detector FROM jsonb_to_recordset($2::jsonb) AS j(source text, name text)
       JOIN assets a ON a.workspace_id = $1 AND a.source = j.source AND a.name = j.name
       JOIN asset_dismissals d ON d.workspace_id = a.workspace_id AND d.asset_id = a.id
     ORDER BY d.id`,
    [workspaceId, JSON.stringify(assets)],
  );

export function createPgAssetWriter(db: PgDatabase, writes?: BatchObserver): AssetWriter {
  // One batch transaction at a time per node: classifications arriving meanwhile wait for the next one.
  let tail: Promise<unknown> = Promise.resolve();
  const serialised = {
    transaction<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T> {
      const result = tail.then(() => db.transaction(fn));
      tail = result.catch(() => undefined);
      return result;
    },
  };
  // The webhook deliveries a batch causes are written in its transaction (webhook-outbox.ts), and
  // so are the dismissals it applies read (batch-dismissals.ts).
  const saveBatched = createWriteBatcher(serialised, withDismissals(readDismissals, withWebhookEvents(pgOutbox, applyByWorkspace(batchWrites))), undefined, writes);
  return {
    saveClassification: (workspaceId, c) => saveBatched({ workspaceId, c }),

    async markAssetRemoved(workspaceId, source, name, at) {
      return db.transaction(async (tx) => {
        await tx.all('SELECT id FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
        const changed = await tx.all('UPDATE assets SET removed_at = $1 WHERE workspace_id = $2 AND source = $3 AND name = $4 AND removed_at IS NULL RETURNING id', [at, workspaceId, source, name]);
        const row = await tx.get<AssetRow>(`SELECT ${ASSET_COLUMNS} FROM assets WHERE workspace_id = $1 AND source = $2 AND name = $3`, [workspaceId, source, name]);
        const asset = row && toAsset(row);
        if (asset && changed.length > 0) await recordRemoval(pgOutbox, tx, workspaceId, asset);
        return asset;
      });
    },
  };
}
