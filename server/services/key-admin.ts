// A workspace's API keys: created (the key in clear returned once) and revoked. One service for
// the admin CLI (through workspace-admin.ts) and the console's /api/v1/admin/keys endpoints;
// like PolicyAdmin, it takes the workspace the caller has already resolved.
import { UnknownNameError } from '../../shared/errors.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import { generateApiKey } from '../auth/api-key.ts';
import type { ApiKeyRecord, KeyRole, Repository, Workspace } from '../storage/repository.ts';

export interface KeyAdmin {
  /** Returns the new key in clear: the only time it exists outside the client. */
  create(ws: Workspace, name: string, role?: KeyRole): Promise<{ key: string; record: ApiKeyRecord }>;
  /** Throws UnknownNameError when the workspace has no active key of that name. */
  revoke(ws: Workspace, name: string): Promise<ApiKeyRecord>;
}

export function createKeyAdmin(deps: { repo: Repository; clock: Clock }): KeyAdmin {
  const { repo, clock } = deps;
  const now = () => apiTimestamp(clock.now());
  return {
    async create(ws, name, role = 'api') {
      const { key, prefix, hash } = generateApiKey();
      const record = await repo.insertApiKey({ workspace_id: ws.id, name, prefix, key_hash: hash, created_at: now(), role });
      return { key, record };
    },
    async revoke(ws, name) {
      const record = await repo.revokeApiKey(ws.id, name, now());
      if (!record) throw new UnknownNameError('active key', name);
      return record;
    },
  };
}
