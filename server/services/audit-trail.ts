// The audit trail: who changed what, when and from where, appended to the workspace's audit log
// (server/storage/audit-store.ts; append-only in the database). Every change a person or Assay
// itself makes calls `record` once, after the change is stored:
//
//   await audit.record({ workspace_id: ws.id, action: 'key.revoked', ...origin, target: name });
//
// Entries never hold secrets or content: targets are names, changes are before/after of settings
// or counts, and anything shaped like an API key is replaced before it is written.
import type { AuditAction, AuditActor } from '../../shared/api/audit-schemas.ts';
import type { Asset } from '../../shared/api/schemas.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import type { AuditStore } from '../storage/audit-store.ts';

/** Who acted, and from which client address (null outside a request). */
export interface AuditOrigin {
  readonly actor: AuditActor;
  readonly address: string | null;
}

export interface AuditEntry extends AuditOrigin {
  readonly workspace_id: number;
  readonly action: AuditAction;
  readonly target?: string | null | undefined;
  readonly changes?: Record<string, unknown> | null | undefined;
}

export interface AuditTrail {
  record(entry: AuditEntry): Promise<void>;
}

/** An API key anywhere in a string (the key format of server/auth/api-key.ts). */
const KEY_LIKE = /chk_[A-Za-z0-9_-]{32,128}/g;
export const REDACTED = '[redacted]';

function scrub(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(KEY_LIKE, REDACTED);
  if (Array.isArray(value)) return value.map(scrub);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)]));
  return value;
}

export function createAuditTrail(deps: { repo: AuditStore; clock: Clock }): AuditTrail {
  return {
    async record(e) {
      await deps.repo.appendAudit({
        workspace_id: e.workspace_id,
        at: apiTimestamp(deps.clock.now()),
        action: e.action,
        actor: scrub(e.actor) as AuditActor,
        address: e.address,
        target: e.target == null ? null : (scrub(e.target) as string),
        changes: e.changes == null ? null : (scrub(e.changes) as Record<string, unknown>),
      });
    },
  };
}

/** The admin CLI, run by this operating-system user. */
export const cliOrigin = (osUser: string): AuditOrigin => ({ actor: { kind: 'cli', name: 'cli', prefix: null, os_user: osUser }, address: null });

/** Assay itself (e.g. `first-run`: the default workspace and its first key). */
export const systemOrigin = (name: string): AuditOrigin => ({ actor: { kind: 'system', name, prefix: null, os_user: null }, address: null });

/** What a manual classification recorded: the asset and its label, never the content or the findings' samples. */
export const manualClassificationChanges = (asset: Asset) => ({ asset_id: asset.id, label: asset.label.name, matched_rules: asset.matched_rules });

/** What a CSV import recorded: how many rows were classified and how many failed. */
export const csvImportChanges = (result: { done: number; failed: readonly unknown[] }) => ({ rows_classified: result.done, rows_failed: result.failed.length });
