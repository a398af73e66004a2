// Workspace rows and errors the PostgreSQL stores share (the asset row: ../shared-rows.ts).
import { NotFoundError } from '../../../shared/errors.ts';
import type { Workspace } from '../workspace-store.ts';
import type { PgQueryable } from './pg-database.ts';

export const WORKSPACE_COLUMNS = 'id, name, plan, max_assets, suspended, asset_count, policy_revision, unreadable_label, created_at';

/** The workspace; with `lock`, its row is locked until the transaction ends (writers of one workspace queue there). */
export async function pgWorkspaceById(q: PgQueryable, id: number, lock = false): Promise<Workspace> {
  const row = await q.get<Workspace>(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) throw new NotFoundError();
  return row;
}

export function isPgUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}
