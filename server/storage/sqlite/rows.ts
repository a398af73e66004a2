// Row shapes and conversions the SQLite stores share.
import type { Asset, AssetSource } from '../../../shared/api/schemas.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import type { Queryable } from '../../../lib/sqlite-database.ts';
import type { Workspace } from '../workspace-store.ts';

export interface WorkspaceRow {
  exclusions?: string;
  id: number;
  name: string;
  plan: 'active' | 'inactive';
  max_assets: number | null;
  suspended: number;
  asset_count: number;
  policy_revision: number;
  unreadable_label: string | null;
  created_at: string;
}

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

export const ASSET_COLUMNS = 'id, source, name, asset_type, label_name, label_level, label_color, matched_rules, findings, classified_at, removed_at, unreadable';
export const KEY_COLUMNS = 'id, workspace_id, name, prefix, role, created_at, last_used_at, revoked_at';

export function toWorkspace({ exclusions: _exclusions, ...r }: WorkspaceRow): Workspace {
  return { ...r, suspended: r.suspended === 1 };
}

export function toAsset(r: AssetRow): Asset {
  return {
    id: r.id,
    name: r.name,
    asset_type: r.asset_type,
    label: { name: r.label_name, level: r.label_level, color: r.label_color },
    matched_rules: r.matched_rules,
    source: r.source,
    classified_at: r.classified_at,
    findings: JSON.parse(r.findings) as Asset['findings'],
    removed_at: r.removed_at,
    unreadable: r.unreadable,
  };
}

export async function workspaceById(q: Queryable, id: number): Promise<Workspace> {
  const row = await q.get<WorkspaceRow>('SELECT * FROM workspaces WHERE id = ?', [id]);
  if (!row) throw new NotFoundError();
  return toWorkspace(row);
}

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && /SQLITE_CONSTRAINT: UNIQUE/.test(err.message);
}
