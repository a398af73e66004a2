// Workspaces and API keys over SQLite.
import { ConflictError } from '../../../shared/errors.ts';
import type { SqliteDatabase, SqlValue } from '../../../lib/sqlite-database.ts';
import type { ApiKeyRecord, WorkspacePatch, WorkspaceStore } from '../workspace-store.ts';
import { writePolicy } from './policy-store.ts';
import { KEY_COLUMNS } from '../shared-rows.ts';
import { isUniqueViolation, toWorkspace, workspaceById, type WorkspaceRow } from './rows.ts';

interface KeyWithWorkspaceRow extends ApiKeyRecord {
  key_hash: Buffer;
  w_name: string;
  w_plan: 'active' | 'inactive';
  w_max_assets: number | null;
  w_suspended: number;
  w_asset_count: number;
  w_policy_revision: number;
  w_unreadable_label: string | null;
  w_created_at: string;
}

export function createSqliteWorkspaceStore(db: SqliteDatabase): WorkspaceStore {
  return {
    async createWorkspace({ name, max_assets, policy, created_at }) {
      try {
        return await db.transaction(async (tx) => {
          const { lastID } = await tx.run('INSERT INTO workspaces (name, max_assets, created_at) VALUES (?, ?, ?)', [name, max_assets, created_at]);
          await writePolicy(tx, lastID, policy, created_at);
          return workspaceById(tx, lastID);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(`workspace "${name}" already exists`, { cause: err });
        throw err;
      }
    },

    async getWorkspaceByName(name) {
      const row = await db.get<WorkspaceRow>('SELECT * FROM workspaces WHERE name = ?', [name]);
      return row && toWorkspace(row);
    },

    async listWorkspaces() {
      return (await db.all<WorkspaceRow>('SELECT * FROM workspaces ORDER BY name')).map(toWorkspace);
    },

    async updateWorkspace(id, patch: WorkspacePatch) {
      return db.transaction(async (tx) => {
        const sets: string[] = [];
        const params: SqlValue[] = [];
        if (patch.plan !== undefined) (sets.push('plan = ?'), params.push(patch.plan));
        if (patch.max_assets !== undefined) (sets.push('max_assets = ?'), params.push(patch.max_assets));
        if (patch.suspended !== undefined) (sets.push('suspended = ?'), params.push(patch.suspended ? 1 : 0));
        if (patch.unreadable_label !== undefined) (sets.push('unreadable_label = ?'), params.push(patch.unreadable_label));
        if (sets.length > 0) await tx.run(`UPDATE workspaces SET ${sets.join(', ')} WHERE id = ?`, [...params, id]);
        return workspaceById(tx, id);
      });
    },

    async insertApiKey({ workspace_id, name, prefix, key_hash, created_at, role = 'api' }) {
      try {
        const { lastID } = await db.run('INSERT INTO api_keys (workspace_id, name, prefix, key_hash, created_at, role) VALUES (?, ?, ?, ?, ?, ?)', [
          workspace_id,
          name,
          prefix,
          key_hash,
          created_at,
          role,
        ]);
        return (await db.get<ApiKeyRecord>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = ?`, [lastID]))!;
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(`a key named "${name}" already exists in this workspace`, { cause: err });
        throw err;
      }
    },

    async findApiKeyByHash(keyHash) {
      const row = await db.get<KeyWithWorkspaceRow>(
        `SELECT k.id, k.workspace_id, k.name, k.prefix, k.role, k.created_at, k.last_used_at, k.revoked_at, k.key_hash,
                w.name AS w_name, w.plan AS w_plan, w.max_assets AS w_max_assets, w.suspended AS w_suspended,
                w.asset_count AS w_asset_count, w.policy_revision AS w_policy_revision, w.unreadable_label AS w_unreadable_label, w.created_at AS w_created_at
           FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id WHERE k.key_hash = ?`,
        [keyHash],
      );
      if (!row) return undefined;
      const { w_name, w_plan, w_max_assets, w_suspended, w_asset_count, w_policy_revision, w_unreadable_label, w_created_at, ...key } = row;
      const workspace = toWorkspace({
        id: row.workspace_id,
        name: w_name,
        plan: w_plan,
        max_assets: w_max_assets,
        suspended: w_suspended,
        asset_count: w_asset_count,
        policy_revision: w_policy_revision,
        unreadable_label: w_unreadable_label,
        created_at: w_created_at,
      });
      return { key, workspace };
    },

    async touchApiKey(id, at) {
      await db.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [at, id]);
    },

    async listApiKeys(workspaceId) {
      return db.all<ApiKeyRecord>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE workspace_id = ? ORDER BY created_at, id`, [workspaceId]);
    },

    async revokeApiKey(workspaceId, name, at) {
      const rows = await db.transaction((tx) =>
        tx.all<ApiKeyRecord>(`UPDATE api_keys SET revoked_at = ? WHERE workspace_id = ? AND name = ? AND revoked_at IS NULL RETURNING ${KEY_COLUMNS}`, [at, workspaceId, name]),
      );
      return rows[0];
    },
  };
}
