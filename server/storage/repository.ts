// The storage interface the server is written against. SQLite implements it today
// (sqlite-repository.ts); a PostgreSQL implementation for multi-server deployments would too.
import type { KEY_ROLE_VALUES } from '../../shared/api/admin-schemas.ts';
import type { Asset, AssetDetail, AssetSource, AssetStatus } from '../../shared/api/schemas.ts';
import type { RuleFinding } from '../../shared/engine/classify.ts';
import type { Label } from '../../shared/engine/label-scheme.ts';
import type { Exclusions, RuleDefinition } from '../../shared/engine/rule-definition.ts';

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

export interface Policy {
  readonly labels: readonly Label[];
  /** All rules, enabled or not, in priority order. */
  readonly rules: readonly RuleDefinition[];
  /** Workspace-wide exclusions, applied to every rule. */
  readonly exclusions: Exclusions;
}

export interface NewClassification {
  readonly source: AssetSource;
  readonly name: string;
  readonly asset_type: string | null;
  readonly label: Label;
  readonly matched_rules: readonly string[];
  readonly findings: readonly RuleFinding[];
  readonly classified_at: string;
  /** Why the text could not be read ("encrypted: …"); absent or null for a classified asset. */
  readonly unreadable?: string | null;
}

export interface AssetCursor {
  readonly classified_at: string;
  readonly id: number;
}

export interface AssetQuery {
  readonly q?: string | undefined;
  readonly source?: AssetSource | undefined;
  readonly status?: AssetStatus | undefined;
  /** Current label name (case-insensitive). */
  readonly label?: string | undefined;
  /** true: only assets whose text could not be read; false: only the others. */
  readonly unreadable?: boolean | undefined;
  readonly limit: number;
  /** Return only assets after this position in newest-first order. */
  readonly after?: AssetCursor | undefined;
}

export interface ConsoleSession {
  readonly id: number;
  readonly workspace_id: number;
  readonly key_id: number;
  readonly created_at: string;
  readonly expires_at: string;
}

/** Dashboard figures of one workspace (assets not reported removed). */
export interface AssetStats {
  readonly by_label: { name: string; level: number; color: string; count: number }[];
  readonly by_source: { source: AssetSource; count: number }[];
  /** Classifications (history entries) per UTC day since `since`, oldest first; days without any are left out. */
  readonly per_day: { day: string; count: number }[];
}

export interface Repository {
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

  getPolicy(workspaceId: number): Promise<Policy>;
  /**
   * Read-modify-write of labels and rules in one transaction: `change` gets the current policy
   * and returns the new one (or throws to abort). Bumps the policy revision.
   */
  updatePolicy(workspaceId: number, change: (current: Policy) => Policy, at: string): Promise<Policy>;

  /**
   * Inserts or updates the asset (same source and name keep their id; a removed asset comes back)
   * and appends history. Throws AssetQuotaError. Removed assets still count against the quota.
   */
  saveClassification(workspaceId: number, c: NewClassification): Promise<{ asset: Asset }>;
  listAssets(workspaceId: number, query: AssetQuery): Promise<Asset[]>;
  /** Marks the asset removed (keeps it and its history); undefined when there is no such asset. */
  markAssetRemoved(workspaceId: number, source: AssetSource, name: string, at: string): Promise<Asset | undefined>;
  getAsset(workspaceId: number, id: number): Promise<AssetDetail | undefined>;

  /** Stores a console session (only the token's hash); removes expired sessions on the way. */
  createSession(input: { token_hash: Buffer; workspace_id: number; key_id: number; created_at: string; expires_at: string }): Promise<ConsoleSession>;
  /** The unexpired session with this token hash whose key is not revoked, with its key and workspace. */
  findSession(tokenHash: Buffer, now: string): Promise<{ session: ConsoleSession; key: ApiKeyRecord; workspace: Workspace } | undefined>;
  deleteSession(tokenHash: Buffer): Promise<void>;
  assetStats(workspaceId: number, since: string): Promise<AssetStats>;

  /** A consistent online copy of the whole store. */
  backupTo(file: string): Promise<void>;
  close(): Promise<void>;
}
