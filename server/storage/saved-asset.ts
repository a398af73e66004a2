// Backend-neutral pieces of saving classifications: the pending item, an asset's identity within
// a workspace, and the asset a classification leaves behind.
import type { Asset } from '../../shared/api/schemas.ts';
import type { NewClassification } from './asset-writes.ts';

export interface PendingClassification {
  readonly workspaceId: number;
  readonly c: NewClassification;
}

/** Identifies an asset within a workspace (the unique key of `assets`). */
export const assetKey = (source: string, name: string) => `${source}\u0000${name}`;

/** The asset a classification left behind, as the API returns it. */
export function savedAsset(id: number, c: NewClassification, matched: string): Asset {
  return {
    id,
    name: c.name,
    asset_type: c.asset_type,
    label: c.label,
    matched_rules: matched,
    source: c.source,
    classified_at: c.classified_at,
    findings: c.findings,
    removed_at: null,
    unreadable: c.unreadable ?? null,
  };
}

/** Whether no asset appears twice among the items (then they can be written in one statement). */
export function allDistinct(items: readonly PendingClassification[]): boolean {
  return new Set(items.map(({ c }) => assetKey(c.source, c.name))).size === items.length;
}
