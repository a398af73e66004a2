// Row shapes of the webhooks tables, the same in both backends, and their conversion.
import type { DeliveryStatus, WebhookEventType } from '../../shared/api/webhook-schemas.ts';
import type { AttemptRecord, DeliveryRecord, WebhookRecord } from './webhook-store.ts';

export interface WebhookRow {
  id: number;
  workspace_id: number;
  url: string;
  events: string;
  min_level: number | null;
  enabled: boolean | number;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface DeliveryRow {
  id: number;
  webhook_id: number;
  event_id: string;
  event_type: WebhookEventType;
  asset_id: number | null;
  status: DeliveryStatus;
  created_at: string;
  next_attempt_at: number;
  delivered_at: string | null;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
}

export interface AttemptRow extends AttemptRecord {
  delivery_id: number;
}

export const WEBHOOK_COLUMNS = 'id, workspace_id, url, events, min_level, enabled, disabled_reason, created_at, updated_at';
export const DELIVERY_COLUMNS = 'id, webhook_id, event_id, event_type, asset_id, status, created_at, next_attempt_at, delivered_at, attempts, last_status, last_error';
export const ATTEMPT_COLUMNS = 'delivery_id, attempted_at AS at, status_code, error, duration_ms';
/** What the loop needs of a leased delivery (`d` deliveries joined with `w` webhooks). */
export const CLAIM_COLUMNS = 'd.id, d.webhook_id, w.url, w.secret, d.event_id, d.payload, d.attempts, d.window_start, d.lease_owner';

export function toWebhook(r: WebhookRow): WebhookRecord {
  return { ...r, events: JSON.parse(r.events) as WebhookEventType[], enabled: Boolean(r.enabled) };
}

/** Deliveries with their attempts (rows of any order), oldest attempt first. */
export function toDeliveries(rows: readonly DeliveryRow[], attempts: readonly AttemptRow[]): DeliveryRecord[] {
  const byDelivery = new Map<number, AttemptRecord[]>();
  for (const { delivery_id, ...a } of attempts) byDelivery.set(delivery_id, [...(byDelivery.get(delivery_id) ?? []), a]);
  return rows.map((r) => ({ ...r, attempt_log: byDelivery.get(r.id) ?? [] }));
}
