// Backend-neutral pieces of saving classifications: the pending item, an asset's identity within
// a workspace, and the asset a classification leaves behind.
import type { Asset } from '../../shared/api/schemas.ts';
import type { Label } from '../../shared/engine/label-scheme.ts';
import type { NewClassification } from './asset-writes.ts';

export interface PendingClassification {
  readonly workspaceId: number;
  readonly c: NewClassification;
}

/** Identifies an asset within a workspace (the unique key of `assets`). */
export const assetKey = (source: string, name: string) => `${source}\u0000${name}`;

/** The upsert's conflict clause, the same on both backends: a pinned asset keeps its label. */
export const ASSET_UPSERT = `ON CONFLICT (workspace_id, source, name) DO UPDATE SET asset_type = excluded.asset_type,
  label_name = CASE WHEN assets.pin_reason IS NULL THEN excluded.label_name ELSE assets.label_name END, label_level = CASE WHEN assets.pin_reason IS NULL THEN excluded.label_level ELSE assets.label_level END, label_color = CASE WHEN assets.pin_reason IS NULL THEN excluded.label_color ELSE assets.label_color END,
  matched_rules = excluded.matched_rules, findings = excluded.findings, engine_findings = excluded.engine_findings,
  classified_at = excluded.classified_at, removed_at = NULL, unreadable = excluded.unreadable`;

/** What the upsert returns: the id, and the label the asset has (the pinned one while pinned). */
export interface Returned {
  readonly id: number;
  readonly label_name: string;
  readonly label_level: number;
  readonly label_color: string;
  readonly pin_reason: string | null;
}

export const labelOf = (r: Returned): Label => ({ name: r.label_name, level: r.label_level, color: r.label_color });

/** The engine's findings before dismissals, stored only when some were dismissed (NULL: the same as findings). */
export const engineFindingsJson = (c: NewClassification): string | null => (c.engine_findings ? JSON.stringify(c.engine_findings) : null);

/**
 * The asset a classification left behind, as the API returns it: `label` is the classification's
 * (SPEC: the highest label of the matched rules); a pinned asset's kept label is `pinned_label`.
 */
export function savedAsset(c: NewClassification, matched: string, r: Returned): Asset {
  return {
    id: r.id,
    name: c.name,
    asset_type: c.asset_type,
    label: c.label,
    ...(r.pin_reason === null ? {} : { pinned_label: labelOf(r) }),
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
