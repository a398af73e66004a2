// Schemas of workspace webhooks (/api/v1/admin/webhooks) and of the events they deliver. Routes
// validate with them; the OpenAPI document and the TypeScript types come from them.
import { z } from 'zod';
import { assetSchema } from './schemas.ts';
import { labelSchema } from '../engine/label-scheme.ts';

/** Every event a webhook can subscribe to. A new event type is one more entry here. */
export const WEBHOOK_EVENT_TYPES = ['asset.classified', 'asset.escalated', 'asset.removed', 'agent.stale'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_URL_MAX = 2048;
/** Webhooks one workspace may have. */
export const WEBHOOKS_PER_WORKSPACE = 20;

const urlField = z
  .string()
  .trim()
  .min(1)
  .max(WEBHOOK_URL_MAX)
  .meta({ description: 'Where events are POSTed: http or https. Private, loopback and link-local addresses (also after DNS) are refused unless `server.webhooks.allow_private`', example: 'https://tickets.example.com/hooks/assay' });
const eventsField = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((e) => new Set(e).size === e.length, { message: 'List an event once' })
  .meta({ description: 'Events to receive' });
const minLevelField = z
  .int()
  .min(0)
  .max(1000)
  .nullable()
  .meta({ description: 'Only events whose asset label has at least this level (as in GET /labels); null: every level' });

export const createWebhookRequestSchema = z
  .object({
    url: urlField,
    events: eventsField,
    min_level: minLevelField.default(null),
    enabled: z.boolean().default(true),
  })
  .strict();
export type CreateWebhookRequest = z.output<typeof createWebhookRequestSchema>;

export const webhookPatchSchema = z
  .object({
    url: urlField.optional(),
    events: eventsField.optional(),
    min_level: minLevelField.optional(),
    enabled: z.boolean().optional().meta({ description: 'true re-enables a webhook disabled by a 410 answer; its pending deliveries are then sent' }),
  })
  .strict();
export type WebhookPatch = z.output<typeof webhookPatchSchema>;

export const webhookSchema = z.object({
  id: z.int(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  min_level: z.int().nullable(),
  enabled: z.boolean(),
  disabled_reason: z.string().nullable().meta({ description: 'Why the server disabled it (a 410 answer), or null' }),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WebhookView = z.output<typeof webhookSchema>;

export const createdWebhookSchema = webhookSchema.extend({
  secret: z.string().meta({ description: 'Signs every delivery (docs/webhooks.md): shown this once' }),
});

export const webhookIdParamsSchema = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
export const deliveryIdParamsSchema = webhookIdParamsSchema.extend({ delivery_id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
export const deliveriesQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const webhookAttemptSchema = z.object({
  at: z.string(),
  status_code: z.int().nullable().meta({ description: 'HTTP status of the answer; null when none came (timeout, refused, DNS)' }),
  error: z.string().nullable(),
  duration_ms: z.int(),
});

export const webhookDeliverySchema = z.object({
  id: z.int(),
  event_id: z.string(),
  event_type: z.enum(WEBHOOK_EVENT_TYPES),
  asset_id: z.int().nullable(),
  status: z.enum(DELIVERY_STATUSES).meta({ description: '`pending` (queued or retrying), `delivered` (a 2xx answer), `failed` (gave up, or the receiver answered 410)' }),
  created_at: z.string(),
  next_attempt_at: z.string().nullable().meta({ description: 'When a pending delivery is tried next' }),
  delivered_at: z.string().nullable(),
  attempt_count: z.int(),
  last_status: z.int().nullable(),
  last_error: z.string().nullable(),
  attempts: z.array(webhookAttemptSchema).meta({ description: 'Every attempt, oldest first' }),
});
export type WebhookDeliveryView = z.output<typeof webhookDeliverySchema>;

/** The JSON body of every delivery. */
export const webhookEventSchema = z.object({
  id: z.string().meta({ description: 'The event id, also in the `Assay-Event-Id` header; the same on every retry' }),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  time: z.string().meta({ description: 'When the change happened (UTC, ISO 8601)' }),
  workspace: z.string(),
  asset: assetSchema.optional().meta({ description: 'asset.* events: the asset as GET /assets/{id} shows it (without history); masked samples only, never content' }),
  previous_label: labelSchema.nullable().optional().meta({ description: 'asset.* events: the label before this classification (null for a new asset and for asset.removed)' }),
  agent: z
    .object({ agent_id: z.string(), hostname: z.string(), last_seen: z.string(), heartbeat_seconds: z.number() })
    .optional()
    .meta({ description: 'agent.stale: the agent that sent no report for three of its heartbeat intervals, and when it last reported' }),
});
export type WebhookEvent = z.output<typeof webhookEventSchema>;
