// /api/v1/admin/webhooks: a workspace's webhooks (the secret is in the 201 answer only), their
// deliveries with every attempt, and a retry by hand. Mounted by admin-api-routes.ts behind the
// admin key / console session check.
import { Router } from 'express';
import { createWebhookRequestSchema, deliveriesQuerySchema, deliveryIdParamsSchema, webhookIdParamsSchema, webhookPatchSchema } from '../../shared/api/webhook-schemas.ts';
import { authOf } from '../auth/api-key-auth.ts';
import { bodyOf, validate } from '../http/validation.ts';
import type { WebhookAdmin } from '../services/webhook-admin.ts';
import { requestOrigin } from './request-origin.ts';

export function webhookRoutes(webhooks: WebhookAdmin): Router {
  const router = Router();
  const workspaceOf = (res: Parameters<typeof authOf>[0]) => authOf(res).workspace.id;

  router.get('/webhooks', async (_req, res) => {
    res.json(await webhooks.list(workspaceOf(res)));
  });

  router.post('/webhooks', async (req, res) => {
    const input = validate(createWebhookRequestSchema, bodyOf(req), 'body');
    res.status(201).json(await webhooks.create(workspaceOf(res), input, requestOrigin(req, res)));
  });

  router.get('/webhooks/:id', async (req, res) => {
    const { id } = validate(webhookIdParamsSchema, req.params, 'path');
    res.json(await webhooks.get(workspaceOf(res), id));
  });

  router.patch('/webhooks/:id', async (req, res) => {
    const { id } = validate(webhookIdParamsSchema, req.params, 'path');
    const patch = validate(webhookPatchSchema, bodyOf(req), 'body');
    res.json(await webhooks.update(workspaceOf(res), id, patch, requestOrigin(req, res)));
  });

  router.delete('/webhooks/:id', async (req, res) => {
    const { id } = validate(webhookIdParamsSchema, req.params, 'path');
    await webhooks.remove(workspaceOf(res), id, requestOrigin(req, res));
    res.status(204).end();
  });

  router.get('/webhooks/:id/deliveries', async (req, res) => {
    const { id } = validate(webhookIdParamsSchema, req.params, 'path');
    const { limit } = validate(deliveriesQuerySchema, req.query, 'query');
    res.json(await webhooks.deliveries(workspaceOf(res), id, limit));
  });

  router.post('/webhooks/:id/deliveries/:delivery_id/retry', async (req, res) => {
    const { id, delivery_id } = validate(deliveryIdParamsSchema, req.params, 'path');
    res.status(202).json(await webhooks.retry(workspaceOf(res), id, delivery_id, requestOrigin(req, res)));
  });

  return router;
}
