// Row shapes and conversions the SQLite stores share (the asset row: ../shared-rows.ts).
import { NotFoundError } from '../../../shared/errors.ts';
import type { Queryable } from '../../../lib/sqlite-database.ts';
import type { Workspace } from '../workspace-store.ts';

export interface WorkspaceRow {
  exclusions?: string;
  /** The allow-list's HMAC key: only the triage store reads it. */
  allowlist_key?: string | null;
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

export function toWorkspace({ exclusions: _exclusions, allowlist_key: _key, ...r }: WorkspaceRow): Workspace {
  return { ...r, suspended: r.suspended === 1 };
}

export async function workspaceById(q: Queryable, id: number): Promise<Workspace> {
  const row = await q.get<WorkspaceRow>('SELECT * FROM workspaces WHERE id = ?', [id]);
  if (!row) throw new NotFoundError();
  return toWorkspace(row);
}

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && /SQLITE_CONSTRAINT: UNIQUE/.test(err.message);
}
