// Console sessions over SQLite.
import type { SqliteDatabase } from '../../../lib/sqlite-database.ts';
import type { ConsoleSession, SessionStore } from '../session-store.ts';
import type { ApiKeyRecord } from '../workspace-store.ts';
import { KEY_COLUMNS } from '../shared-rows.ts';
import { workspaceById } from './rows.ts';

export function createSqliteSessionStore(db: SqliteDatabase): SessionStore {
  return {
    async createSession({ token_hash, workspace_id, key_id, created_at, expires_at }) {
      return db.transaction(async (tx) => {
        await tx.run('DELETE FROM console_sessions WHERE expires_at <= ?', [created_at]);
        const { lastID } = await tx.run('INSERT INTO console_sessions (token_hash, workspace_id, key_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [
          token_hash,
          workspace_id,
          key_id,
          created_at,
          expires_at,
        ]);
        return { id: lastID, workspace_id, key_id, created_at, expires_at } satisfies ConsoleSession;
      });
    },

    async findSession(tokenHash, now) {
      const session = await db.get<ConsoleSession>(
        `SELECT s.id, s.workspace_id, s.key_id, s.created_at, s.expires_at FROM console_sessions s JOIN api_keys k ON k.id = s.key_id
          WHERE s.token_hash = ? AND s.expires_at > ? AND k.revoked_at IS NULL AND k.role = 'admin'`,
        [tokenHash, now],
      );
      if (!session) return undefined;
      const key = await db.get<ApiKeyRecord>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = ?`, [session.key_id]);
      if (!key) return undefined;
      return { session, key, workspace: await workspaceById(db, session.workspace_id) };
    },

    async deleteSession(tokenHash) {
      await db.run('DELETE FROM console_sessions WHERE token_hash = ?', [tokenHash]);
    },
  };
}
