// A workspace's API keys: created (the key in clear returned once) and revoked, each recorded in
// the audit log with who did it. One service for the admin CLI (through workspace-admin.ts) and the
// console's /api/v1/admin/keys endpoints; like PolicyAdmin, it takes the workspace the caller has
// already resolved.
import { UnknownNameError } from '../../shared/errors.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import { generateApiKey } from '../auth/api-key.ts';
import type { ApiKeyRecord, KeyRole, Repository, Workspace } from '../storage/repository.ts';
import type { AuditOrigin, AuditTrail } from './audit-trail.ts';

export interface KeyAdmin {
  /** Returns the new key in clear: the only time it exists outside the client. */
  create(ws: Workspace, name: string, role: KeyRole | undefined, by: AuditOrigin): Promise<{ key: string; record: ApiKeyRecord }>;
  /** Throws UnknownNameError when the workspace has no active key of that name. */
  revoke(ws: Workspace, name: string, by: AuditOrigin): Promise<ApiKeyRecord>;
}

const keyChanges = (record: ApiKeyRecord) => ({ prefix: record.prefix, role: record.role });

export function createKeyAdmin(deps: { repo: Repository; clock: Clock; audit: AuditTrail }): KeyAdmin {
  const { repo, clock, audit } = deps;
  const now = () => apiTimestamp(clock.now());
  return {
    async create(ws, name, role = 'api', by) {
      const { key, prefix, hash } = generateApiKey();
      const record = await repo.insertApiKey({ workspace_id: ws.id, name, prefix, key_hash: hash, created_at: now(), role });
      await audit.record({ workspace_id: ws.id, action: 'key.created', ...by, target: record.name, changes: keyChanges(record) });
      return { key, record };
    },
    async revoke(ws, name, by) {
      const record = await repo.revokeApiKey(ws.id, name, now());
      if (!record) throw new UnknownNameError('active key', name);
      await audit.record({ workspace_id: ws.id, action: 'key.revoked', ...by, target: record.name, changes: keyChanges(record) });
      return record;
    },
  };
}
