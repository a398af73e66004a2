// The admin API's JSON views of keys and workspaces: what the console shows, never a key hash.
import type { ApiKeyView } from '../../shared/api/admin-schemas.ts';
import type { ApiKeyRecord, Workspace } from '../storage/repository.ts';

export function keyView(k: ApiKeyRecord): ApiKeyView {
  return { name: k.name, prefix: k.prefix, role: k.role, created_at: k.created_at, last_used_at: k.last_used_at, revoked_at: k.revoked_at };
}

export function workspaceView(w: Workspace) {
  return { name: w.name, plan: w.plan, suspended: w.suspended, asset_count: w.asset_count, max_assets: w.max_assets, created_at: w.created_at };
}
