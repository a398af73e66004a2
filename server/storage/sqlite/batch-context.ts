// Everything a write batch reads before it writes, in ONE SQLite statement: the quotas and
// webhooks of its workspaces, and for its assets whether they exist, their labels and their
// dismissals. Each statement of a transaction is a round trip from the main thread to sqlite3's
// thread and back (node-sqlite3 queues the next statement only from the previous one's completion
// on the main thread), so the three to five reads the backend-neutral layers make
// (batch-dismissals.ts, webhook-outbox.ts, batch-classifications.ts) become one round trip.
// The layers keep their queries; this answers them from the one read where it covers what they
// ask, and runs their own statement where it does not.
import type { Queryable } from '../../../lib/sqlite-database.ts';
import type { BatchWriteQueries, WorkspaceQuota } from '../batch-classifications.ts';
import type { DismissalRow, ReadDismissals } from '../batch-dismissals.ts';
import { assetKey, type PendingClassification } from '../saved-asset.ts';
import type { OutboxHook, OutboxQueries } from '../webhook-outbox.ts';
import type { Label } from '../../../shared/engine/label-scheme.ts';

/** The reads of a batch's layers, as the backend answers them. */
export interface BatchReads {
  readonly batchWrites: BatchWriteQueries<Queryable>;
  readonly outbox: OutboxQueries<Queryable>;
  readonly readDismissals: ReadDismissals<Queryable>;
}

// `asked`: the batch's distinct assets; `found`: those that exist (removed ones too).
const BATCH_CONTEXT = `WITH asked AS (SELECT DISTINCT j.value ->> 0 AS workspace_id, j.value ->> 1 AS source, j.value ->> 2 AS name FROM json_each(?) AS j),
  found AS (SELECT a.id, a.workspace_id, a.source, a.name, a.label_name, a.label_level, a.label_color FROM asked k
    JOIN assets a ON a.workspace_id = k.workspace_id AND a.source = k.source AND a.name = k.name)
  SELECT
    (SELECT json_group_array(json_array(w.id, w.max_assets, w.asset_count)) FROM workspaces w WHERE w.id IN (SELECT workspace_id FROM asked)) AS quotas,
    (SELECT json_group_array(json_array(h.id, h.workspace_id, w.name, h.events, h.min_level) ORDER BY h.id) FROM webhooks h JOIN workspaces w ON w.id = h.workspace_id
      WHERE h.enabled = 1 AND h.workspace_id IN (SELECT workspace_id FROM asked)) AS hooks,
    (SELECT json_group_array(json_array(f.workspace_id, f.source, f.name, f.label_name, f.label_level, f.label_color)) FROM found f) AS assets,
    (SELECT json_group_array(json_array(f.workspace_id, f.source, f.name, d.rule, d.detector) ORDER BY d.id) FROM found f
      JOIN asset_dismissals d ON d.workspace_id = f.workspace_id AND d.asset_id = f.id) AS dismissals`;

type ContextRow = { quotas: string; hooks: string; assets: string; dismissals: string };

const inWorkspace = (workspaceId: number, source: string, name: string) => `${workspaceId}\u0000${assetKey(source, name)}`;

/**
 * Reads the batch's context in one statement and returns `base` with its reads answered from it.
 * Sound by construction: the returned `writeTogether` records each workspace it writes, and a
 * read that touches a written workspace runs `base`'s own statement, so the snapshot answers only
 * for workspaces whose rows are as they were at the batch's start (a workspace's writes touch no
 * other workspace's rows). Today every layer reads a workspace before writing it, so the snapshot
 * answers every read. A read for a workspace or an asset outside the batch also goes to `base`.
 */
export async function readBatchContext(tx: Queryable, items: readonly PendingClassification[], base: BatchReads): Promise<BatchReads> {
  const asked = items.map(({ workspaceId, c }) => [workspaceId, c.source, c.name]);
  const row = (await tx.get<ContextRow>(BATCH_CONTEXT, [JSON.stringify(asked)]))!;
  const workspaces = new Set(items.map((i) => i.workspaceId));
  const written = new Set<number>();
  const assetsAsked = new Set(items.map(({ workspaceId, c }) => inWorkspace(workspaceId, c.source, c.name)));
  /** The snapshot answers for these workspaces: in the batch and not written since it was read. */
  const answers = (ids: readonly number[]) => ids.every((id) => workspaces.has(id) && !written.has(id));
  const covers = (workspaceId: number, assets: readonly { source: string; name: string }[]) =>
    answers([workspaceId]) && assets.every((a) => assetsAsked.has(inWorkspace(workspaceId, a.source, a.name)));

  const quotas = new Map((JSON.parse(row.quotas) as [number, number | null, number][]).map(([id, max_assets, asset_count]): [number, WorkspaceQuota] => [id, { id, max_assets, asset_count } as WorkspaceQuota]));
  const hooks = (JSON.parse(row.hooks) as [number, number, string, string, number | null][]).map(([id, workspace_id, workspace, events, min_level]): OutboxHook => ({ id, workspace_id, workspace, events, min_level }));
  const labels = new Map(
    (JSON.parse(row.assets) as [number, string, string, string, number, string][]).map(([w, source, name, label_name, level, color]): [string, { source: string; name: string; label: Label }] => [
      inWorkspace(w, source, name),
      { source, name, label: { name: label_name, level, color } },
    ]),
  );
  const dismissals = (JSON.parse(row.dismissals) as [number, string, string, string, string][]).map(([w, source, name, rule, detector]) => ({ key: inWorkspace(w, source, name), row: { source, name, rule, detector } }));

  /** The existing assets among `assets` of one workspace, each once. */
  const foundAmong = (workspaceId: number, assets: readonly { source: string; name: string }[]) => {
    const keys = new Set(assets.map((a) => inWorkspace(workspaceId, a.source, a.name)));
    return [...keys].flatMap((k) => labels.get(k) ?? []);
  };
  return {
    batchWrites: {
      ...base.batchWrites,
      quotas: (t, ids) => (answers(ids) ? Promise.resolve(new Map(ids.flatMap((id) => (quotas.has(id) ? [[id, quotas.get(id)!]] : [])))) : base.batchWrites.quotas(t, ids)),
      existing: (t, workspaceId, assets) =>
        covers(workspaceId, assets) ? Promise.resolve(new Set(foundAmong(workspaceId, assets).map((a) => assetKey(a.source, a.name)))) : base.batchWrites.existing(t, workspaceId, assets),
      writeTogether: (t, workspaceId, batchItems) => {
        written.add(workspaceId);
        return base.batchWrites.writeTogether(t, workspaceId, batchItems);
      },
    },
    outbox: {
      ...base.outbox,
      hooks: (t, ids) => (answers(ids) ? Promise.resolve(hooks.filter((h) => ids.includes(h.workspace_id))) : base.outbox.hooks(t, ids)),
      labels: (t, workspaceId, assets) => (covers(workspaceId, assets) ? Promise.resolve(foundAmong(workspaceId, assets)) : base.outbox.labels(t, workspaceId, assets)),
    },
    readDismissals: (t, workspaceId, assets) => {
      if (!covers(workspaceId, assets)) return base.readDismissals(t, workspaceId, assets);
      // As the statement joins each asked asset: an asset asked twice has its rows twice.
      const times = new Map<string, number>();
      for (const a of assets) {
        const key = inWorkspace(workspaceId, a.source, a.name);
        times.set(key, (times.get(key) ?? 0) + 1);
      }
      return Promise.resolve(dismissals.flatMap((d): DismissalRow[] => Array<DismissalRow>(times.get(d.key) ?? 0).fill(d.row)));
    },
  };
}
