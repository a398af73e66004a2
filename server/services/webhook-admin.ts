// Administration of a workspace's webhooks, shared by /api/v1/admin/webhooks and `assay webhooks`:
// URLs checked when set (webhooks/url-guard.ts), the signing secret made here and returned once,
// deliveries listed with every attempt and retried by hand.
import { randomBytes } from 'node:crypto';
import type { CreateWebhookRequest, WebhookDeliveryView, WebhookPatch, WebhookView } from '../../shared/api/webhook-schemas.ts';
import { WEBHOOKS_PER_WORKSPACE } from '../../shared/api/webhook-schemas.ts';
import { ConflictError, RequestValidationError, UnknownNameError } from '../../shared/errors.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import type { DeliveryRecord, Repository, WebhookRecord } from '../storage/repository.ts';
import { webhookUrlProblem } from '../webhooks/url-guard.ts';
import type { AuditOrigin, AuditTrail } from './audit-trail.ts';

export interface WebhookAdmin {
  create(workspaceId: number, input: CreateWebhookRequest, by?: AuditOrigin): Promise<WebhookView & { secret: string }>;
  list(workspaceId: number): Promise<WebhookView[]>;
  get(workspaceId: number, id: number): Promise<WebhookView>;
  update(workspaceId: number, id: number, patch: WebhookPatch, by?: AuditOrigin): Promise<WebhookView>;
  remove(workspaceId: number, id: number, by?: AuditOrigin): Promise<void>;
  deliveries(workspaceId: number, id: number, limit: number): Promise<WebhookDeliveryView[]>;
  retry(workspaceId: number, id: number, deliveryId: number, by?: AuditOrigin): Promise<WebhookDeliveryView>;
}

export function webhookView(w: WebhookRecord): WebhookView {
  return { id: w.id, url: w.url, events: [...w.events], min_level: w.min_level, enabled: w.enabled, disabled_reason: w.disabled_reason, created_at: w.created_at, updated_at: w.updated_at };
}

export function deliveryView(d: DeliveryRecord): WebhookDeliveryView {
  return {
    id: d.id,
    event_id: d.event_id,
    event_type: d.event_type,
    asset_id: d.asset_id,
    status: d.status,
    created_at: d.created_at,
    next_attempt_at: d.status === 'pending' ? apiTimestamp(new Date(d.next_attempt_at)) : null,
    delivered_at: d.delivered_at,
    attempt_count: d.attempts,
    last_status: d.last_status,
    last_error: d.last_error,
    attempts: d.attempt_log.map((a) => ({ ...a })),
  };
}

/** A new signing secret: 32 random bytes. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * Every change is recorded in the audit log as done by `by` (the request's actor), or by `origin`
 * (the CLI with its OS user) when the caller passes none. The URL is recorded, never the secret.
 */
export function createWebhookAdmin(deps: { repo: Repository; clock: Clock; allowPrivate: boolean; audit: AuditTrail; origin: AuditOrigin }): WebhookAdmin {
  const { repo, clock, audit } = deps;
  const record = (workspaceId: number, action: 'webhook.created' | 'webhook.changed' | 'webhook.removed' | 'webhook.delivery_retried', target: number, changes: Record<string, unknown>, by: AuditOrigin = deps.origin) =>
    audit.record({ workspace_id: workspaceId, action, ...by, target: `webhook ${target}`, changes });
  const now = () => apiTimestamp(clock.now());
  const checkUrl = async (url: string) => {
    const problem = await webhookUrlProblem(url, deps.allowPrivate);
    if (problem) throw new RequestValidationError([{ loc: ['body', 'url'], msg: problem, type: 'value_error' }]);
  };
  const require = async (workspaceId: number, id: number) => {
    const w = await repo.getWebhook(workspaceId, id);
    if (!w) throw new UnknownNameError('webhook', String(id));
    return w;
  };
  return {
    async create(workspaceId, input, by) {
      await checkUrl(input.url);
      if ((await repo.listWebhooks(workspaceId)).length >= WEBHOOKS_PER_WORKSPACE) throw new ConflictError(`A workspace has at most ${WEBHOOKS_PER_WORKSPACE} webhooks; remove one first`);
      const secret = newSecret();
      const w = await repo.insertWebhook({ workspace_id: workspaceId, url: input.url, events: input.events, min_level: input.min_level, enabled: input.enabled, secret, created_at: now() });
      await record(workspaceId, 'webhook.created', w.id, { url: w.url, events: [...w.events], min_level: w.min_level, enabled: w.enabled }, by);
      return { ...webhookView(w), secret };
    },
    list: async (workspaceId) => (await repo.listWebhooks(workspaceId)).map(webhookView),
    get: async (workspaceId, id) => webhookView(await require(workspaceId, id)),
    async update(workspaceId, id, patch, by) {
      const before = webhookView(await require(workspaceId, id));
      if (patch.url !== undefined) await checkUrl(patch.url);
      const w = await repo.updateWebhook(workspaceId, id, { ...patch, updated_at: now() });
      if (!w) throw new UnknownNameError('webhook', String(id));
      const after = webhookView(w);
      const fields = (Object.keys(patch) as (keyof WebhookPatch)[]).filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
      await record(workspaceId, 'webhook.changed', id, Object.fromEntries(fields.map((f) => [f, { before: before[f], after: after[f] }])), by);
      return after;
    },
    async remove(workspaceId, id, by) {
      if (!(await repo.deleteWebhook(workspaceId, id))) throw new UnknownNameError('webhook', String(id));
      await record(workspaceId, 'webhook.removed', id, {}, by);
    },
    async deliveries(workspaceId, id, limit) {
      await require(workspaceId, id);
      return (await repo.listDeliveries(workspaceId, id, limit)).map(deliveryView);
    },
    async retry(workspaceId, id, deliveryId, by) {
      const d = await repo.retryDelivery(workspaceId, id, deliveryId, clock.now().getTime());
      if (!d) throw new UnknownNameError('delivery', `${id}/${deliveryId}`);
      await record(workspaceId, 'webhook.delivery_retried', id, { delivery_id: deliveryId, event_type: d.event_type }, by);
      return deliveryView(d);
    },
  };
}
