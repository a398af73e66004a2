// Contract of the audit log: entries are appended and read, never changed. The database refuses
// UPDATE and DELETE on the table (triggers: SQLite migration 10, PostgreSQL migration 4), and no
// method here could ask for either.
import type { AuditAction, AuditActor } from '../../shared/api/audit-schemas.ts';

export interface NewAuditEntry {
  readonly workspace_id: number;
  readonly at: string;
  readonly action: AuditAction;
  readonly actor: AuditActor;
  readonly address: string | null;
  readonly target: string | null;
  /** Stored as JSON text. */
  readonly changes: Record<string, unknown> | null;
}

export interface AuditRecord extends NewAuditEntry {
  readonly id: number;
}

export interface AuditListQuery {
  readonly action?: AuditAction | undefined;
  /** Matches the actor's name, key prefix or OS user exactly. */
  readonly actor?: string | undefined;
  readonly limit: number;
  /** Entries older than this id (the last one of the previous page). */
  readonly beforeId?: number | undefined;
}

export interface AuditStore {
  appendAudit(entry: NewAuditEntry): Promise<void>;
  /** Newest first. */
  listAudit(workspaceId: number, query: AuditListQuery): Promise<AuditRecord[]>;
}

/** The columns both backends store, in the order the list queries select them. */
export const AUDIT_COLUMNS = 'id, workspace_id, at, action, actor_kind, actor_name, actor_prefix, actor_os_user, address, target, changes';

export interface AuditRow {
  id: number;
  workspace_id: number;
  at: string;
  action: AuditAction;
  actor_kind: AuditActor['kind'];
  actor_name: string;
  actor_prefix: string | null;
  actor_os_user: string | null;
  address: string | null;
  target: string | null;
  changes: string | null;
}

export function toAuditRecord(r: AuditRow): AuditRecord {
  return {
    id: r.id,
    workspace_id: r.workspace_id,
    at: r.at,
    action: r.action,
    actor: { kind: r.actor_kind, name: r.actor_name, prefix: r.actor_prefix, os_user: r.actor_os_user },
    address: r.address,
    target: r.target,
    changes: r.changes === null ? null : (JSON.parse(r.changes) as Record<string, unknown>),
  };
}

/** The values of one entry in AUDIT_COLUMNS order, without the id. */
export function auditValues(e: NewAuditEntry): (string | number | null)[] {
  const { actor } = e;
  return [e.workspace_id, e.at, e.action, actor.kind, actor.name, actor.prefix, actor.os_user, e.address, e.target, e.changes === null ? null : JSON.stringify(e.changes)];
}
