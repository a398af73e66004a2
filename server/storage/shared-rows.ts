// Row shapes both backends store alike (assets, history, key columns) and their conversion to the API's shapes.
import type { Asset, AssetDetail, AssetSource } from '../../shared/api/schemas.ts';
import type { RuleFinding } from '../../shared/engine/finding.ts';

export interface AssetRow {
  id: number;
  source: AssetSource;
  name: string;
  asset_type: string | null;
  label_name: string;
  label_level: number;
  label_color: string;
  matched_rules: string;
  findings: string;
  classified_at: string;
  removed_at: string | null;
  unreadable: string | null;
}

export interface HistoryRow {
  label_name: string;
  label_level: number;
  label_color: string;
  matched_rules: string;
  classified_at: string;
  actor: string | null;
  reason: string | null;
}

export const ASSET_COLUMNS = 'id, source, name, asset_type, label_name, label_level, label_color, matched_rules, findings, classified_at, removed_at, unreadable';
export const HISTORY_COLUMNS = 'label_name, label_level, label_color, matched_rules, classified_at, actor, reason';
export const KEY_COLUMNS = 'id, workspace_id, name, prefix, role, created_at, last_used_at, revoked_at';

/** The findings column: the engine's findings, as saveClassification wrote them (JSON). */
const storedFindings = (json: string): RuleFinding[] => JSON.parse(json);

export function toAsset(r: AssetRow): Asset {
  return {
    id: r.id,
    name: r.name,
    asset_type: r.asset_type,
    label: { name: r.label_name, level: r.label_level, color: r.label_color },
    matched_rules: r.matched_rules,
    source: r.source,
    classified_at: r.classified_at,
    findings: storedFindings(r.findings),
    removed_at: r.removed_at,
    unreadable: r.unreadable,
  };
}

export function toAssetDetail(row: AssetRow, history: readonly HistoryRow[]): AssetDetail {
  return {
    ...toAsset(row),
    history: history.map((h) => ({
      label: { name: h.label_name, level: h.label_level, color: h.label_color },
      matched_rules: h.matched_rules,
      classified_at: h.classified_at,
      ...(h.actor === null ? {} : { actor: h.actor }),
      ...(h.reason === null ? {} : { reason: h.reason }),
    })),
  };
}
