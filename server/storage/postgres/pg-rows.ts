// Row shapes and conversions the PostgreSQL stores share.
import type { Asset, AssetSource } from '../../../shared/api/schemas.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import type { Workspace } from '../workspace-store.ts';
import type { PgQueryable } from './pg-database.ts';

export interface PgWorkspaceRow extends Workspace {
  exclusions?: string;
}

export interface PgAssetRow {
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

export const WORKSPACE_COLUMNS = 'id, name, plan, max_assets, suspended, asset_count, policy_revision, unreadable_label, created_at';
export const ASSET_COLUMNS = 'id, source, name, asset_type, label_name, label_level, label_color, matched_rules, findings, classified_at, removed_at, unreadable';
export const KEY_COLUMNS = 'id, workspace_id, name, prefix, role, created_at, last_used_at, revoked_at';

export function toAsset(r: PgAssetRow): Asset {
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

/** The workspace; with `lock`, its row is locked until the transaction ends (writers of one workspace queue there). */
export async function pgWorkspaceById(q: PgQueryable, id: number, lock = false): Promise<Workspace> {
  const row = await q.get<Workspace>(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) throw new NotFoundError();
  return row;
}

export function isPgUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}
