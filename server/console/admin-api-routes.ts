// /api/v1/admin: the JSON endpoints behind the web console — keys, labels and rules, manual
// classification, workspace status and dashboard figures, the agent fleet, webhooks (webhook-routes.ts), with
// sign-in/out (session-routes.ts), CSV upload (csv-upload-route.ts) and triage (triage-routes.ts). Every endpoint but sign-in needs an admin key or a
// console session; see console-auth.ts.
import express, { Router } from 'express';
import type { Logger } from 'pino';
import {
  createKeyRequestSchema,
  keyNameParamsSchema,
  labelUpdateSchema,
  manualClassificationSchema,
  ruleNameParamsSchema,
  rulePatchSchema,
  statsQuerySchema,
} from '../../shared/api/admin-schemas.ts';
import { classifyRequestSchema } from '../../shared/api/schemas.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { authOf, type KeyAuthDeps } from '../auth/api-key-auth.ts';
import { bodyOf, validate } from '../http/validation.ts';
import type { ClassificationService } from '../services/classification-service.ts';
import { type AuditTrail, manualClassificationChanges } from '../services/audit-trail.ts';
import type { KeyAdmin } from '../services/key-admin.ts';
import type { PolicyAdmin } from '../services/policy-admin.ts';
import type { Triage } from '../services/triage.ts';
import { listFleet } from '../services/agent-fleet.ts';
import type { PolicyCache } from '../services/policy-cache.ts';
import { keyView, workspaceView } from './admin-views.ts';
import { adminApiAuth } from './console-auth.ts';
import { auditListHandler } from './audit-route.ts';
import { csvUploadRoute } from './csv-upload-route.ts';
import { requestOrigin } from './request-origin.ts';
import { signInHandler, signOutHandler } from './session-routes.ts';
import { statsWindow } from './stats-window.ts';
import type { WebhookAdmin } from '../services/webhook-admin.ts';
import { webhookRoutes } from './webhook-routes.ts';
import { triageRoutes } from './triage-routes.ts';

export interface AdminApiDeps extends KeyAuthDeps {
  readonly logger: Logger;
  readonly classifier: ClassificationService;
  readonly policyAdmin: PolicyAdmin;
  readonly audit: AuditTrail;
  readonly keyAdmin: KeyAdmin;
  readonly webhooks: WebhookAdmin;
  readonly triage: Triage;
  readonly policies: PolicyCache;
  readonly sessionHours: number;
  readonly bodyLimitBytes: number;
  readonly maxContentChars: number;
  /** The configured public URL, for the Link header of GET /audit. */
  readonly publicUrl: string | undefined;
}

export function adminApiRoutes(deps: AdminApiDeps): Router {
  const { repo, clock, classifier, policyAdmin, audit, keyAdmin } = deps;
  const router = Router();
  const jsonBody = express.json({ limit: deps.bodyLimitBytes, strict: true });

  router.post('/sessions', jsonBody, signInHandler(deps));

  router.use(jsonBody);
  router.use(adminApiAuth(deps));

  router.delete('/sessions/current', signOutHandler(deps));

  router.get('/workspace', (_req, res) => {
    res.json(workspaceView(authOf(res).workspace));
  });

  router.get('/stats', async (req, res) => {
    const { days } = validate(statsQuerySchema, req.query, 'query');
    const { since } = statsWindow(clock.now(), days);
    res.json({ ...(await repo.assetStats(authOf(res).workspace.id, since)), days });
  });

  router.get('/agents', async (_req, res) => {
    res.json(await listFleet(deps, authOf(res).workspace, clock.now().getTime()));
  });

  router.get('/keys', async (_req, res) => {
    res.json((await repo.listApiKeys(authOf(res).workspace.id)).map(keyView));
  });

  router.post('/keys', async (req, res) => {
    const { name, role } = validate(createKeyRequestSchema, bodyOf(req), 'body');
    const { key, record } = await keyAdmin.create(authOf(res).workspace, name, role, requestOrigin(req, res));
    res.status(201).json({ ...keyView(record), key });
  });

  router.post('/keys/:name/revoke', async (req, res) => {
    const { name } = validate(keyNameParamsSchema, req.params, 'path');
    res.json(keyView(await keyAdmin.revoke(authOf(res).workspace, name, requestOrigin(req, res))));
  });

  router.get('/policy', async (_req, res) => {
    const { labels, rules } = await repo.getPolicy(authOf(res).workspace.id);
    res.json({ labels, rules });
  });

  router.put('/labels/:name', async (req, res) => {
    const { name } = validate(ruleNameParamsSchema, req.params, 'path');
    const { level, color } = validate(labelUpdateSchema, bodyOf(req), 'body');
    const policy = await policyAdmin.setLabel(authOf(res).workspace, { name, level, color }, requestOrigin(req, res));
    res.json({ labels: policy.labels, rules: policy.rules });
  });

  router.delete('/labels/:name', async (req, res) => {
    const { name } = validate(ruleNameParamsSchema, req.params, 'path');
    const policy = await policyAdmin.removeLabel(authOf(res).workspace, name, requestOrigin(req, res));
    res.json({ labels: policy.labels, rules: policy.rules });
  });

  router.put('/rules/:name', async (req, res) => {
    const { name } = validate(ruleNameParamsSchema, req.params, 'path');
    const policy = await policyAdmin.replaceRule(authOf(res).workspace, name, bodyOf(req), requestOrigin(req, res));
    res.json({ labels: policy.labels, rules: policy.rules });
  });

  router.patch('/rules/:name', async (req, res) => {
    const { name } = validate(ruleNameParamsSchema, req.params, 'path');
    const patch = validate(rulePatchSchema, bodyOf(req), 'body');
    const policy = await policyAdmin.patchRule(authOf(res).workspace, name, patch, requestOrigin(req, res));
    res.json({ labels: policy.labels, rules: policy.rules });
  });

  const previewSchema = classifyRequestSchema(deps.maxContentChars);
  router.post('/classify/preview', async (req, res) => {
    const input = validate(previewSchema, bodyOf(req), 'body');
    // The console waits for a place in a full classification queue (docs/api.md, Busy).
    res.json(await classifier.preview(authOf(res).workspace, input, 'wait'));
  });

  const manualSchema = manualClassificationSchema(deps.maxContentChars);
  router.post('/classifications', async (req, res) => {
    const input = validate(manualSchema, bodyOf(req), 'body');
    const ws = authOf(res).workspace;
    const { asset } = await classifier.classifyAndStore(ws, { ...input, source: 'manual' }, 'wait');
    await audit.record({ workspace_id: ws.id, action: 'asset.classified_manually', ...requestOrigin(req, res), target: asset.name, changes: manualClassificationChanges(asset) });
    res.status(201).json(asset);
  });

  router.post('/csv-imports', ...csvUploadRoute(deps));

  router.get('/audit', auditListHandler(deps));
  router.use(webhookRoutes(deps.webhooks));
  router.use(triageRoutes(deps.triage));

  router.use((_req, _res, next) => next(new NotFoundError()));
  return router;
}
