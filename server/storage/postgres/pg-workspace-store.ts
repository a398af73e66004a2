// Workspaces and API keys over PostgreSQL.
import { ConflictError } from '../../../shared/errors.ts';
import type { ApiKeyRecord, Workspace, WorkspacePatch, WorkspaceStore } from '../workspace-store.ts';
import type { PgDatabase, PgValue } from './pg-database.ts';
import { writePgPolicy } from './pg-policy-store.ts';
import { KEY_COLUMNS } from '../shared-rows.ts';
import { isPgUniqueViolation, pgWorkspaceById, WORKSPACE_COLUMNS } from './pg-rows.ts';

export function createPgWorkspaceStore(db: PgDatabase): WorkspaceStore {
  return {
    async createWorkspace({ name, max_assets, policy, created_at }) {
      try {
        return await db.transaction(async (tx) => {
          const row = await tx.get<{ id: number }>('INSERT INTO workspaces (name, max_assets, created_at) VALUES ($1, $2, $3) RETURNING id', [name, max_assets, created_at]);
          await writePgPolicy(tx, row!.id, policy, created_at);
          return pgWorkspaceById(tx, row!.id);
        });
      } catch (err) {
        if (isPgUniqueViolation(err)) throw new ConflictError(`workspace "${name}" already exists`, { cause: err });
        throw err;
      }
    },

    getWorkspaceByName: (name) => db.get<Workspace>(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces WHERE name = $1`, [name]),

    listWorkspaces: () => db.all<Workspace>(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces ORDER BY name`),

    async updateWorkspace(id, patch: WorkspacePatch) {
      return db.transaction(async (tx) => {
        const sets: string[] = [];
        const params: PgValue[] = [];
        const set = (column: string, value: PgValue) => (params.push(value), sets.push(`${column} = $${params.length}`));
        if (patch.plan !== undefined) set('plan', patch.plan);
        if (patch.max_assets !== undefined) set('max_assets', patch.max_assets);
        if (patch.suspended !== undefined) set('suspended', patch.suspended);
        if (patch.unreadable_label !== undefined) set('unreadable_label', patch.unreadable_label);
        if (sets.length > 0) await tx.all(`UPDATE workspaces SET ${sets.join(', ')} WHERE id = $${params.length + 1}`, [...params, id]);
        return pgWorkspaceById(tx, id);
      });
    },

    async insertApiKey({ workspace_id, name, prefix, key_hash, created_at, role = 'api' }) {
      try {
        const row = await db.get<ApiKeyRecord>(
          `INSERT INTO api_keys (workspace_id, name, prefix, key_hash, created_at, role) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${KEY_COLUMNS}`,
          [workspace_id, name, prefix, key_hash, created_at, role],
        );
        return row!;
      } catch (err) {
        if (isPgUniqueViolation(err)) throw new ConflictError(`a key named "${name}" already exists in this workspace`, { cause: err });
        throw err;
      }
    },

    async findApiKeyByHash(keyHash) {
      const row = await db.get<{ key: ApiKeyRecord; workspace: Workspace }>(
        `SELECT to_jsonb(k) - 'key_hash' AS key, to_jsonb(w) - 'exclusions' - 'allowlist_key' AS workspace
           FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id WHERE k.key_hash = $1`,
        [keyHash],
      );
      if (!row) return undefined;
      return { key: { ...row.key, key_hash: keyHash }, workspace: row.workspace };
    },

    async touchApiKey(id, at) {
      await db.all('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [at, id]);
    },

    listApiKeys: (workspaceId) => db.all<ApiKeyRecord>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE workspace_id = $1 ORDER BY created_at, id`, [workspaceId]),

    async revokeApiKey(workspaceId, name, at) {
      return db.get<ApiKeyRecord>(`UPDATE api_keys SET revoked_at = $1 WHERE workspace_id = $2 AND name = $3 AND revoked_at IS NULL RETURNING ${KEY_COLUMNS}`, [
        at,
        workspaceId,
        name,
      ]);
    },
  };
}
