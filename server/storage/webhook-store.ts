// Contract of the webhooks aggregate: a workspace's webhooks, and their delivery outbox, which
// the asset writers fill in the transaction of the change (webhook-outbox.ts) and the delivery
// loop (server/webhooks/) drains. Times the loop compares are epoch milliseconds.
import type { DeliveryStatus, WebhookEventType } from '../../shared/api/webhook-schemas.ts';

export interface WebhookRecord {
  readonly id: number;
  readonly workspace_id: number;
  readonly url: string;
  readonly events: readonly WebhookEventType[];
  readonly min_level: number | null;
  readonly enabled: boolean;
  readonly disabled_reason: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface NewWebhook {
  readonly workspace_id: number;
  readonly url: string;
  readonly events: readonly WebhookEventType[];
  readonly min_level: number | null;
  readonly enabled: boolean;
  readonly secret: string;
  readonly created_at: string;
}

export interface WebhookChanges {
  readonly url?: string;
  readonly events?: readonly WebhookEventType[];
  readonly min_level?: number | null;
  readonly enabled?: boolean;
  readonly updated_at: string;
}

export interface AttemptRecord {
  readonly at: string;
  readonly status_code: number | null;
  readonly error: string | null;
  readonly duration_ms: number;
}

export interface DeliveryRecord {
  readonly id: number;
  readonly webhook_id: number;
  readonly event_id: string;
  readonly event_type: WebhookEventType;
  readonly asset_id: number | null;
  readonly status: DeliveryStatus;
  readonly created_at: string;
  /** Epoch ms; meaningful while pending. */
  readonly next_attempt_at: number;
  readonly delivered_at: string | null;
  readonly attempts: number;
  readonly last_status: number | null;
  readonly last_error: string | null;
  readonly attempt_log: readonly AttemptRecord[];
}

/** A delivery the loop has leased: everything needed to send it. */
export interface ClaimedDelivery {
  readonly id: number;
  readonly webhook_id: number;
  readonly url: string;
  readonly secret: string;
  readonly event_id: string;
  readonly payload: string;
  readonly attempts: number;
  /** When retrying began (the event, or the last retry by hand): the loop gives up a window after it. */
  readonly window_start: number;
  readonly lease_owner: string;
}

/** What became of an attempt: delivered, tried again at `retry_at`, or given up (`disable` also turns the webhook off). */
export type AttemptResult =
  | { readonly state: 'delivered' }
  | { readonly state: 'retry'; readonly retry_at: number }
  | { readonly state: 'failed'; readonly disable?: string };

export interface WebhookStore {
  insertWebhook(w: NewWebhook): Promise<WebhookRecord>;
  listWebhooks(workspaceId: number): Promise<WebhookRecord[]>;
  getWebhook(workspaceId: number, id: number): Promise<WebhookRecord | undefined>;
  updateWebhook(workspaceId: number, id: number, changes: WebhookChanges): Promise<WebhookRecord | undefined>;
  /** Deletes the webhook and its deliveries; false when there is no such webhook. */
  deleteWebhook(workspaceId: number, id: number): Promise<boolean>;
  /** Newest first, each with every attempt. */
  listDeliveries(workspaceId: number, webhookId: number, limit: number): Promise<DeliveryRecord[]>;
  getDelivery(workspaceId: number, webhookId: number, deliveryId: number): Promise<DeliveryRecord | undefined>;
  /** Makes the delivery pending again, due at `now`, with a new retry window starting then. */
  retryDelivery(workspaceId: number, webhookId: number, deliveryId: number, now: number): Promise<DeliveryRecord | undefined>;
  /**
   * Leases up to `limit` due deliveries, each the oldest pending one of its (enabled) webhook, so
   * a webhook's events go out in creation order and never two at once. Across servers on one
   * database each delivery is leased by one of them until `now + leaseMs`.
   */
  claimDeliveries(now: number, leaseMs: number, limit: number, owner: string): Promise<ClaimedDelivery[]>;
  /** Deletes up to `limit` delivered or failed deliveries created before `before` (with their attempts); returns how many. */
  pruneDeliveries(before: string, limit: number): Promise<number>;
  /** Records the attempt and its result; false (nothing written) when the lease was lost meanwhile. */
  recordAttempt(claim: ClaimedDelivery, attempt: AttemptRecord, result: AttemptResult): Promise<boolean>;
}
