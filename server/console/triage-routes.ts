// /api/v1/admin triage endpoints (docs/triage.md): dismiss a finding on an asset, pin its label,
// allow-list a value for the workspace; each with GET to list and DELETE to undo. Mounted behind
// the admin auth of admin-api-routes.ts (an `api` key gets 403). The allow-list value is never
// logged or echoed: the answer is the entry without it.
import { Router } from 'express';
import { assetIdParamsSchema } from '../../shared/api/schemas.ts';
import { allowListParamsSchema, allowListRequestSchema, dismissalParamsSchema, dismissRequestSchema, pinRequestSchema } from '../../shared/api/triage-schemas.ts';
import { authOf } from '../auth/api-key-auth.ts';
import { bodyOf, validate } from '../http/validation.ts';
import type { Triage } from '../services/triage.ts';
import { requestOrigin } from './request-origin.ts';

export function triageRoutes(triage: Triage): Router {
  const router = Router();

  router.get('/assets/:id/dismissals', async (req, res) => {
    const { id } = validate(assetIdParamsSchema, req.params, 'path');
    res.json(await triage.listDismissals(authOf(res).workspace, id));
  });

  router.post('/assets/:id/dismissals', async (req, res) => {
    const { id } = validate(assetIdParamsSchema, req.params, 'path');
    const input = validate(dismissRequestSchema, bodyOf(req), 'body');
    const { dismissal } = await triage.dismiss(authOf(res).workspace, id, input, requestOrigin(req, res));
    res.status(201).json(dismissal);
  });

  router.delete('/assets/:id/dismissals/:dismissalId', async (req, res) => {
    const { id, dismissalId } = validate(dismissalParamsSchema, req.params, 'path');
    await triage.undismiss(authOf(res).workspace, id, dismissalId, requestOrigin(req, res));
    res.status(204).end();
  });

  router.get('/assets/:id/pin', async (req, res) => {
    const { id } = validate(assetIdParamsSchema, req.params, 'path');
    res.json(await triage.getPin(authOf(res).workspace, id));
  });

  router.put('/assets/:id/pin', async (req, res) => {
    const { id } = validate(assetIdParamsSchema, req.params, 'path');
    const input = validate(pinRequestSchema, bodyOf(req), 'body');
    const state = await triage.pin(authOf(res).workspace, id, input, requestOrigin(req, res));
    res.json(state.pin);
  });

  router.delete('/assets/:id/pin', async (req, res) => {
    const { id } = validate(assetIdParamsSchema, req.params, 'path');
    await triage.unpin(authOf(res).workspace, id, requestOrigin(req, res));
    res.status(204).end();
  });

  router.get('/allowlist', async (_req, res) => {
    res.json(await triage.listAllowList(authOf(res).workspace));
  });

  router.post('/allowlist', async (req, res) => {
    const input = validate(allowListRequestSchema, bodyOf(req), 'body');
    res.status(201).json(await triage.allow(authOf(res).workspace, input, requestOrigin(req, res)));
  });

  router.delete('/allowlist/:id', async (req, res) => {
    const { id } = validate(allowListParamsSchema, req.params, 'path');
    await triage.disallow(authOf(res).workspace, id, requestOrigin(req, res));
    res.status(204).end();
  });

  return router;
}
