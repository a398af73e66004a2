// Contract of console sessions: stored by token hash, valid while unexpired and the key unrevoked.
import type { ApiKeyRecord, Workspace } from './workspace-store.ts';

export interface ConsoleSession {
  readonly id: number;
  readonly workspace_id: number;
  readonly key_id: number;
  readonly created_at: string;
  readonly expires_at: string;
}

export interface SessionStore {
  /** Stores a console session (only the token's hash); removes expired sessions on the way. */
  createSession(input: { token_hash: Buffer; workspace_id: number; key_id: number; created_at: string; expires_at: string }): Promise<ConsoleSession>;
  /** The unexpired session with this token hash whose key is not revoked, with its key and workspace. */
  findSession(tokenHash: Buffer, now: string): Promise<{ session: ConsoleSession; key: ApiKeyRecord; workspace: Workspace } | undefined>;
  deleteSession(tokenHash: Buffer): Promise<void>;
}
