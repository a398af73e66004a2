// A write batch's classifications grouped by workspace, backend-neutral: each workspace's items
// are written with the backend's multi-row upsert, and where a quota applies the items are
// admitted in arrival order from one read of the count and of which assets already exist, so a
// batch costs a fixed number of statements however many items it holds.
import type { Asset } from '../../shared/api/schemas.ts';
import { AssetQuotaError } from '../../shared/errors.ts';
import type { Outcome } from '../../lib/write-batcher.ts';
import { allDistinct, assetKey, type PendingClassification } from './saved-asset.ts';

/** A workspace's quota and asset count as the batch's transaction sees them. */
export interface WorkspaceQuota {
  readonly max_assets: number | null;
  readonly asset_count: number;
}

export interface BatchWriteQueries<Tx> {
  /** The quotas of these workspaces (on PostgreSQL, their rows locked in id order). */
  quotas(tx: Tx, workspaceIds: readonly number[]): Promise<Map<number, WorkspaceQuota>>;
  /** Which of these assets of one workspace exist (removed ones too), as assetKey strings. */
  existing(tx: Tx, workspaceId: number, assets: readonly { source: string; name: string }[]): Promise<Set<string>>;
  /** Upserts items of one workspace with no (source, name) twice and appends their history; the assets in item order. */
  writeTogether(tx: Tx, workspaceId: number, items: readonly PendingClassification[]): Promise<Asset[]>;
}

/**
 * The outcome of each item as writing them one at a time would give it: an item of an asset that
 * does not exist yet is refused once the count has reached the quota; one that is written adds
 * its asset to the count (removed assets count too).
 */
export function admitUnderQuota(items: readonly PendingClassification[], quota: WorkspaceQuota & { max_assets: number }, existing: ReadonlySet<string>): (AssetQuotaError | null)[] {
  const known = new Set(existing);
  let count = quota.asset_count;
  return items.map(({ c }) => {
    const key = assetKey(c.source, c.name);
    if (known.has(key)) return null;
    if (count >= quota.max_assets) return new AssetQuotaError(count, quota.max_assets);
    known.add(key);
    count += 1;
    return null;
  });
}

/** Items written in arrival order: together when no asset appears twice, else one at a time. */
async function writeInOrder<Tx>(q: BatchWriteQueries<Tx>, tx: Tx, workspaceId: number, items: readonly PendingClassification[]): Promise<Asset[]> {
  if (allDistinct(items)) return q.writeTogether(tx, workspaceId, items);
  const assets: Asset[] = [];
  for (const item of items) assets.push((await q.writeTogether(tx, workspaceId, [item]))[0]!);
  return assets;
}

/** Applies a batch: one quota read, then per workspace (in id order) one existence read where a quota applies, and the writes. */
export function applyByWorkspace<Tx>(q: BatchWriteQueries<Tx>): (tx: Tx, items: readonly PendingClassification[]) => Promise<Outcome<{ asset: Asset }>[]> {
  return async (tx, items) => {
    const byWorkspace = new Map<number, number[]>();
    items.forEach((item, i) => {
      const list = byWorkspace.get(item.workspaceId);
      if (list) list.push(i);
      else byWorkspace.set(item.workspaceId, [i]);
    });
    const quotas = await q.quotas(tx, [...byWorkspace.keys()]);
    const outcomes: Outcome<{ asset: Asset }>[] = new Array(items.length);
    for (const [workspaceId, indexes] of [...byWorkspace].sort(([a], [b]) => a - b)) {
      const group = indexes.map((i) => items[i]!);
      const quota = quotas.get(workspaceId);
      const max = quota?.max_assets ?? null;
      const refusals =
        quota && max !== null ? admitUnderQuota(group, { ...quota, max_assets: max }, await q.existing(tx, workspaceId, group.map(({ c }) => ({ source: c.source, name: c.name })))) : group.map(() => null);
      const admitted = indexes.filter((_, k) => refusals[k] === null);
      const assets = admitted.length > 0 ? await writeInOrder(q, tx, workspaceId, admitted.map((i) => items[i]!)) : [];
      admitted.forEach((itemIndex, k) => (outcomes[itemIndex] = { ok: true, value: { asset: assets[k]! } }));
      indexes.forEach((itemIndex, k) => {
        const refused = refusals[k];
        if (refused) outcomes[itemIndex] = { ok: false, error: refused };
      });
    }
    return outcomes;
  };
}
