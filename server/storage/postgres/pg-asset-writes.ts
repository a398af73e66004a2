// Classifications saved over PostgreSQL with group commit: each node writes one batch at a time
// (lib/write-batcher.ts), and a batch first locks the rows of the workspaces it writes to, in id
// order. So the quota check and the write that follows it are exact across every node sharing the
// database (no overshoot by a batch), and counter updates never deadlock.
import type { Asset } from '../../../shared/api/schemas.ts';
import { AssetQuotaError } from '../../../shared/errors.ts';
import { type BatchObserver, createWriteBatcher, type Outcome } from '../../../lib/write-batcher.ts';
import type { AssetWriter } from '../asset-writes.ts';
import { allDistinct, ASSET_UPSERT, assetKey, engineFindingsJson, type PendingClassification, type Returned, savedAsset } from '../saved-asset.ts';
import type { PgDatabase, PgQueryable } from './pg-database.ts';
import { ASSET_COLUMNS, type AssetRow, toAsset } from '../shared-rows.ts';
import { pgWorkspaceById } from './pg-rows.ts';
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

/** Items in arrival order, one at a time; where a quota applies, an item over it is refused before it writes. */
async function writeEach(tx: PgQueryable, workspaceId: number, items: readonly PendingClassification[], quota: number | null): Promise<Outcome<{ asset: Asset }>[]> {
  const outcomes: Outcome<{ asset: Asset }>[] = [];
  for (const item of items) {
    if (quota !== null) {
      const { asset_count } = await pgWorkspaceById(tx, workspaceId);
      const exists = await tx.get('SELECT 1 FROM assets WHERE workspace_id = $1 AND source = $2 AND name = $3', [workspaceId, item.c.source, item.c.name]);
      if (!exists && asset_count >= quota) {
        outcomes.push({ ok: false, error: new AssetQuotaError(asset_count, quota) });
        continue;
      }
    }
    outcomes.push({ ok: true, value: { asset: (await writeTogether(tx, workspaceId, [item]))[0]! } });
  }
  return outcomes;
}

async function applyClassifications(tx: PgQueryable, items: readonly PendingClassification[]): Promise<Outcome<{ asset: Asset }>[]> {
  const byWorkspace = new Map<number, number[]>();
  items.forEach((item, i) => byWorkspace.set(item.workspaceId, [...(byWorkspace.get(item.workspaceId) ?? []), i]));
  const locked = await tx.all<{ id: number; max_assets: number | null }>('SELECT id, max_assets FROM workspaces WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE', [
    `{${[...byWorkspace.keys()].join(',')}}`,
  ]);
  const quotas = new Map(locked.map((w) => [w.id, w.max_assets]));
  const outcomes: Outcome<{ asset: Asset }>[] = new Array(items.length);
  for (const [workspaceId, indexes] of [...byWorkspace].sort(([a], [b]) => a - b)) {
    const group = indexes.map((i) => items[i]!);
    const quota = quotas.get(workspaceId) ?? null;
    const results =
      quota === null && allDistinct(group)
        ? (await writeTogether(tx, workspaceId, group)).map((asset): Outcome<{ asset: Asset }> => ({ ok: true, value: { asset } }))
        : await writeEach(tx, workspaceId, group, quota);
    indexes.forEach((itemIndex, k) => (outcomes[itemIndex] = results[k]!));
  }
  return outcomes;
}

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
  const saveBatched = createWriteBatcher(serialised, withDismissals(readDismissals, withWebhookEvents(pgOutbox, applyClassifications)), undefined, writes);
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
