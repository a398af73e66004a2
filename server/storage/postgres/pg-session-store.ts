// Console sessions over PostgreSQL: stored in the shared database, so a session signed in through
// one node works on every node.
import type { ConsoleSession, SessionStore } from '../session-store.ts';
import type { ApiKeyRecord, Workspace } from '../workspace-store.ts';
import type { PgDatabase } from './pg-database.ts';

export function createPgSessionStore(db: PgDatabase): SessionStore {
  return {
    async createSession({ token_hash, workspace_id, key_id, created_at, expires_at }) {
      return db.transaction(async (tx) => {
        await tx.all('DELETE FROM console_sessions WHERE expires_at <= $1', [created_at]);
        const row = await tx.get<{ id: number }>(
          'INSERT INTO console_sessions (token_hash, workspace_id, key_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [token_hash, workspace_id, key_id, created_at, expires_at],
        );
        return { id: row!.id, workspace_id, key_id, created_at, expires_at } satisfies ConsoleSession;
      });
    },

    async findSession(tokenHash, now) {
      const row = await db.get<{ session: ConsoleSession; key: ApiKeyRecord; workspace: Workspace }>(
        `SELECT jsonb_build_object('id', s.id, 'workspace_id', s.workspace_id, 'key_id', s.key_id, 'created_at', s.created_at, 'expires_at', s.expires_at) AS session,
                to_jsonb(k) - 'key_hash' AS key, to_jsonb(w) - 'exclusions' - 'allowlist_key' AS workspace
           FROM console_sessions s JOIN api_keys k ON k.workspace_id = s.workspace_id AND k.id = s.key_id JOIN workspaces w ON w.id = s.workspace_id
          WHERE s.token_hash = $1 AND s.expires_at > $2 AND k.revoked_at IS NULL AND k.role = 'admin'`,
        [tokenHash, now],
      );
      return row;
    },

    async deleteSession(tokenHash) {
      await db.all('DELETE FROM console_sessions WHERE token_hash = $1', [tokenHash]);
    },
  };
}
