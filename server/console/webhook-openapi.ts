// The /api/v1/admin/webhooks part of the OpenAPI document (admin-openapi.ts spreads it in), and
// the event body receivers get, as a named schema.
import type { z } from 'zod';
import { createdWebhookSchema, createWebhookRequestSchema, webhookDeliverySchema, webhookEventSchema, webhookPatchSchema, webhookSchema } from '../../shared/api/webhook-schemas.ts';
import type { OpenApiHelpers } from '../http/openapi.ts';

type JsonObject = Record<string, unknown>;

export function registerWebhookSchemas(registry: z.core.$ZodRegistry<{ id: string }>): void {
  registry.add(createWebhookRequestSchema, { id: 'AdminCreateWebhookRequest' });
  registry.add(webhookPatchSchema, { id: 'AdminWebhookPatch' });
  registry.add(webhookSchema, { id: 'AdminWebhook' });
  registry.add(createdWebhookSchema, { id: 'AdminCreatedWebhook' });
  registry.add(webhookDeliverySchema, { id: 'AdminWebhookDelivery' });
  registry.add(webhookEventSchema, { id: 'WebhookEvent' });
}

export function webhookPaths(h: OpenApiHelpers, admin: JsonObject, csrf: JsonObject): JsonObject {
  const { ref, json, errors } = h;
  const idParam = { name: 'id', in: 'path', required: true, description: 'Webhook id', schema: { type: 'integer', minimum: 1 } };
  const hook = { description: 'The webhook', ...json(ref('AdminWebhook')) };
  return {
    '/api/v1/admin/webhooks': {
      get: { ...admin, summary: 'The workspace’s webhooks (never their secrets)', operationId: 'adminListWebhooks', responses: { 200: { description: 'Webhooks', ...json({ type: 'array', items: ref('AdminWebhook') }) }, ...errors(401, 403) } },
      post: {
        ...admin,
        summary: 'Create a webhook; the answer is the only time its signing secret is shown',
        description:
          'Events are POSTed as `WebhookEvent` JSON, signed in `Assay-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with the secret, with `Assay-Event-Id` (docs/webhooks.md). The URL must be http(s) and, unless `server.webhooks.allow_private`, not a private, loopback or link-local address (DNS included). At most 20 per workspace (409 beyond).',
        operationId: 'adminCreateWebhook',
        parameters: [csrf],
        requestBody: { required: true, ...json(ref('AdminCreateWebhookRequest')) },
        responses: { 201: { description: 'The new webhook with its secret', ...json(ref('AdminCreatedWebhook')) }, ...errors(401, 403, 409, 413, 422) },
      },
    },
    '/api/v1/admin/webhooks/{id}': {
      get: { ...admin, summary: 'One webhook', operationId: 'adminGetWebhook', parameters: [idParam], responses: { 200: hook, ...errors(401, 403, 404, 422) } },
      patch: {
        ...admin,
        summary: 'Change a webhook’s URL, events, minimum level, or enable/disable it',
        operationId: 'adminPatchWebhook',
        parameters: [idParam, csrf],
        requestBody: { required: true, ...json(ref('AdminWebhookPatch')) },
        responses: { 200: hook, ...errors(401, 403, 404, 413, 422) },
      },
      delete: { ...admin, summary: 'Delete a webhook and its deliveries', operationId: 'adminDeleteWebhook', parameters: [idParam, csrf], responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404, 422) } },
    },
    '/api/v1/admin/webhooks/{id}/deliveries': {
      get: {
        ...admin,
        summary: 'A webhook’s deliveries, newest first, each with every attempt',
        operationId: 'adminWebhookDeliveries',
        parameters: [idParam, { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } }],
        responses: { 200: { description: 'Deliveries', ...json({ type: 'array', items: ref('AdminWebhookDelivery') }) }, ...errors(401, 403, 404, 422) },
      },
    },
    '/api/v1/admin/webhooks/{id}/deliveries/{delivery_id}/retry': {
      post: {
        ...admin,
        summary: 'Send a delivery again now (pending, delivered or failed), with a new retry window',
        operationId: 'adminRetryWebhookDelivery',
        parameters: [idParam, { name: 'delivery_id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }, csrf],
        responses: { 202: { description: 'Queued', ...json(ref('AdminWebhookDelivery')) }, ...errors(401, 403, 404, 422) },
      },
    },
  };
}
