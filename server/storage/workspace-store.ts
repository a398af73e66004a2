// Contract of the workspaces-and-keys aggregate: workspaces (plan, quota, suspension) and the API
// keys that act in them.
import type { KEY_ROLE_VALUES } from '../../shared/api/admin-schemas.ts';
import type { Policy } from './policy-store.ts';

export type PlanState = 'active' | 'inactive';

export interface Workspace {
  readonly id: number;
  readonly name: string;
  readonly plan: PlanState;
  readonly max_assets: number | null;
  readonly suspended: boolean;
  readonly asset_count: number;
  /** Increases on every label or rule change; keys caches of the compiled policy. */
  readonly policy_revision: number;
  /** Label given to files whose text could not be read; null: the default (docs/agent.md, "Unreadable files"). */
  readonly unreadable_label: string | null;
  readonly created_at: string;
}

export interface WorkspacePatch {
  plan?: PlanState;
  max_assets?: number | null;
  suspended?: boolean;
  unreadable_label?: string | null;
}

/** `api`: the ordinary API. `admin`: also the console and /api/v1/admin. */
export type KeyRole = (typeof KEY_ROLE_VALUES)[number];

export interface ApiKeyRecord {
  readonly id: number;
  readonly workspace_id: number;
  readonly name: string;
  readonly prefix: string;
  readonly role: KeyRole;
  readonly created_at: string;
  readonly last_used_at: string | null;
  readonly revoked_at: string | null;
}

export interface WorkspaceStore {
  createWorkspace(input: { name: string; max_assets: number | null; policy: Policy; created_at: string }): Promise<Workspace>;
  getWorkspaceByName(name: string): Promise<Workspace | undefined>;
  listWorkspaces(): Promise<Workspace[]>;
  updateWorkspace(id: number, patch: WorkspacePatch): Promise<Workspace>;

  insertApiKey(input: { workspace_id: number; name: string; prefix: string; key_hash: Buffer; created_at: string; role?: KeyRole }): Promise<ApiKeyRecord>;
  /** The key with this hash (revoked or not) and its workspace. */
  findApiKeyByHash(keyHash: Buffer): Promise<{ key: ApiKeyRecord & { key_hash: Buffer }; workspace: Workspace } | undefined>;
  touchApiKey(id: number, at: string): Promise<void>;
  listApiKeys(workspaceId: number): Promise<ApiKeyRecord[]>;
  /** The revoked key; undefined when no unrevoked key has that name. */
  revokeApiKey(workspaceId: number, name: string, at: string): Promise<ApiKeyRecord | undefined>;
}
