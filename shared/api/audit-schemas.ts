// The audit log's shapes: the actions recorded, an entry as GET /api/v1/admin/audit serves it,
// and that endpoint's query. Adding an action is one entry in AUDIT_ACTIONS plus one
// `audit.record(...)` call where the change happens (server/services/audit-trail.ts).
import { z } from 'zod';
import { integerString, LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX } from './schemas.ts';

export const AUDIT_ACTIONS = [
  'workspace.created',
  'workspace.plan_changed',
  'workspace.quota_changed',
  'workspace.suspended',
  'workspace.resumed',
  'workspace.unreadable_label_changed',
  'key.created',
  'key.revoked',
  'label.set',
  'label.removed',
  'rule.changed',
  'rules.imported',
  'console.signed_in',
  'console.signed_out',
  'console.sign_in_failed',
  'csv.imported',
  'asset.classified_manually',
  'webhook.created',
  'webhook.changed',
  'webhook.removed',
  'webhook.delivery_retried',
  'finding.dismissed',
  'finding.undismissed',
  'asset.pinned',
  'asset.unpinned',
  'allowlist.added',
  'allowlist.removed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `key`: an admin X-API-Key; `session`: a console session (named by its key); `cli`: the admin CLI (with the OS user); `system`: Assay itself (first run). */
export const AUDIT_ACTOR_KINDS = ['key', 'session', 'cli', 'system'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

export const auditActorSchema = z.object({
  kind: z.enum(AUDIT_ACTOR_KINDS),
  name: z.string().meta({ description: 'Key name (key, session), `cli`, or the part of Assay (system)' }),
  prefix: z.string().nullable().meta({ description: 'Key prefix (key, session); never the key' }),
  os_user: z.string().nullable().meta({ description: 'Operating-system user that ran the CLI (cli)' }),
});
export type AuditActor = z.output<typeof auditActorSchema>;

/** The actor in one line, as the console and the CLI show it: `console: ops-admin (chk_AbCdEfGh…)`, `cli (alice)`. */
export function describeActor(a: AuditActor): string {
  if (a.kind === 'cli') return `cli (${a.os_user ?? 'unknown user'})`;
  if (a.kind === 'system') return `system: ${a.name}`;
  return `${a.kind === 'session' ? 'console' : 'key'}: ${a.name}${a.prefix ? ` (${a.prefix}…)` : ''}`;
}

export const auditEntrySchema = z.object({
  id: z.int(),
  at: z.string().meta({ description: 'UTC, ISO 8601, seconds precision' }),
  action: z.enum(AUDIT_ACTIONS),
  actor: auditActorSchema,
  address: z.string().nullable().meta({ description: 'Client address of the request (the proxy’s view with trust_proxy); null from the CLI' }),
  target: z.string().nullable().meta({ description: 'What was changed: a key, label or rule name, an asset or file name' }),
  changes: z.record(z.string(), z.unknown()).nullable().meta({ description: 'What changed: before/after of the changed fields, counts; never key material or document content' }),
});
export type AuditEntryView = z.output<typeof auditEntrySchema>;

const NO_CONTROL = /^[^\x00-\x1f\x7f]*$/;

export const auditQuerySchema = z.object({
  action: z.enum(AUDIT_ACTIONS).optional().meta({ description: 'Only this action' }),
  actor: z
    .string()
    .min(1)
    .max(100)
    .regex(NO_CONTROL, 'Must not contain control characters')
    .optional()
    .meta({ description: 'Only entries whose actor has this name, key prefix or OS user (exact)' }),
  limit: integerString
    .pipe(z.int().min(1).max(LIST_LIMIT_MAX))
    .default(LIST_LIMIT_DEFAULT)
    .meta({ description: `Page size, 1–${LIST_LIMIT_MAX}`, type: 'integer' }),
  cursor: z.string().max(200).optional().meta({ description: 'Opaque position from a `Link: rel="next"` header' }),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;
