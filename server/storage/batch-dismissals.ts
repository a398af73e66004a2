// Dismissals applied to classifications inside their write batch's transaction: one read per
// workspace per batch instead of one per classification, and no dismissal committed before the
// batch's read can be missed, on any server sharing the database (docs/triage.md).
import type { Asset } from '../../shared/api/schemas.ts';
import type { DismissedDetector } from '../../shared/engine/dismissals.ts';
import type { Outcome } from '../../lib/write-batcher.ts';
import { assetKey, type PendingClassification } from './saved-asset.ts';

/** A dismissed (rule, detector) pair and the asset it is dismissed on. */
export interface DismissalRow extends DismissedDetector {
  readonly source: string;
  readonly name: string;
}

/** The backend's read: the dismissals on these assets of one workspace, in the order they were made. */
export type ReadDismissals<Tx> = (tx: Tx, workspaceId: number, assets: readonly { source: string; name: string }[]) => Promise<DismissalRow[]>;

type ApplyBatch<Tx> = (tx: Tx, items: readonly PendingClassification[]) => Promise<Outcome<{ asset: Asset }>[]>;

/**
 * Items that carry `dismiss` have their asset's dismissals applied before `apply` writes them
 * (the engine's findings kept as `engine_findings`); items of an asset with no dismissals, and
 * items without `dismiss`, are written as they came.
 */
export function withDismissals<Tx>(read: ReadDismissals<Tx>, apply: ApplyBatch<Tx>): ApplyBatch<Tx> {
  return async (tx, items) => {
    const asked = new Map<number, { source: string; name: string }[]>();
    for (const { workspaceId, c } of items) {
      if (!c.dismiss) continue;
      const assets = asked.get(workspaceId);
      if (assets) assets.push({ source: c.source, name: c.name });
      else asked.set(workspaceId, [{ source: c.source, name: c.name }]);
    }
    if (asked.size === 0) return apply(tx, items);
    const dismissed = new Map<string, DismissedDetector[]>();
    for (const [workspaceId, assets] of asked) {
      for (const r of await read(tx, workspaceId, assets)) {
        const key = `${workspaceId}\u0000${assetKey(r.source, r.name)}`;
        const pairs = dismissed.get(key);
        if (pairs) pairs.push({ rule: r.rule, detector: r.detector });
        else dismissed.set(key, [{ rule: r.rule, detector: r.detector }]);
      }
    }
    if (dismissed.size === 0) return apply(tx, items);
    const applied = items.map((item): PendingClassification => {
      const { workspaceId, c } = item;
      const mine = c.dismiss && dismissed.get(`${workspaceId}\u0000${assetKey(c.source, c.name)}`);
      return mine ? { workspaceId, c: { ...c, ...c.dismiss!(mine), engine_findings: c.findings } } : item;
    });
    return apply(tx, applied);
  };
}
