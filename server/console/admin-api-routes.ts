// /api/v1/admin: the JSON endpoints behind the web console — keys, labels and rules, manual
// classification, workspace status and dashboard figures, the agent fleet, with sign-in/out (session-routes.ts)
// and CSV upload (csv-upload-route.ts). Every endpoint but sign-in needs an admin key or a
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
import { NotFoundError, UnknownNameError } from '../../shared/errors.ts';
import { apiTimestamp } from '../../lib/clock.ts';
import { generateApiKey } from '../auth/api-key.ts';
import { authOf, type KeyAuthDeps } from '../auth/api-key-auth.ts';
import { validate } from '../http/validation.ts';
import type { ClassificationService } from '../services/classification-service.ts';
import type { PolicyAdmin } from '../services/policy-admin.ts';
import { listFleet } from '../services/agent-fleet.ts';
import type { PolicyCache } from '../services/policy-cache.ts';
import { keyView, workspaceView } from './admin-views.ts';
import { adminApiAuth } from './console-auth.ts';
import { csvUploadRoute } from './csv-upload-route.ts';
import { bodyOf } from './request-body.ts';
import { signInHandler, signOutHandler } from './session-routes.ts';
import { statsWindow } from './stats-window.ts';

export interface AdminApiDeps extends KeyAuthDeps {
  readonly logger: Logger;
  readonly classifier: ClassificationService;
  readonly policyAdmin: PolicyAdmin;
  readonly policies: PolicyCache;
  readonly sessionHours: number;
  readonly bodyLimitBytes: number;
  readonly maxContentChars: number;
}

export function adminApiRoutes(deps: AdminApiDeps): Router {
  const { repo, clock, classifier, policyAdmin } = deps;
  const now = () => apiTimestamp(clock.now());
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
    const { key, prefix, hash } = generateApiKey();
    const record = await repo.insertApiKey({ workspace_id: authOf(res).workspace.id, name, prefix, key_hash: hash, created_at: now(), role });
    res.status(201).json({ ...keyView(record), key });
  });

  router.post('/keys/:name/revoke', async (req, res) => {
    const { name } = validate(keyNameParamsSchema, req.params, 'path');
    const ws = authOf(res).workspace;
    const record = await repo.revokeApiKey(ws.id, name, now());
    if (!record) throw new UnknownNameError('active key', name);
    res.json(keyView(record));
  });

  router.get('/policy', async (_req, res) => {
    const { labels, rules } = await repo.getPolicy(authOf(res).workspace.id);
    res.json({ labels, rules });
  });

  router.put('/labels/:name', async (req, res) => {
    const { name } = validate(ruleNameParamsSchema, req.params, 'path');
    const { level, color } = validate(labelUpdateSchema, bodyOf(req), 'body');
    const policy = await policyAdmin.setLabel(authOf(res).workspace, { name, level, color });
    res.json({ labels: policy.labels, rules: policy.rules });
  });

  router.delete('/labels/:name', async (req, res) => {
    const { name } = validate(ruleNameParamsSchema, req.params, 'path');
    const policy = await policyAdmin.removeLabel(authOf(res).workspace, name);
    res.json({ labels: policy.labels, rules: policy.rules });
  });

  router.put('/rules/:name', async (req, res) => {
    const { name } = validate(ruleNameParamsSchema, req.params, 'path');
    const policy = await policyAdmin.replaceRule(authOf(res).workspace, name, bodyOf(req));
    res.json({ labels: policy.labels, rules: policy.rules });
  });

  router.patch('/rules/:name', async (req, res) => {
    const { name } = validate(ruleNameParamsSchema, req.params, 'path');
    const patch = validate(rulePatchSchema, bodyOf(req), 'body');
    const policy = await policyAdmin.patchRule(authOf(res).workspace, name, patch);
    res.json({ labels: policy.labels, rules: policy.rules });
  });

  const previewSchema = classifyRequestSchema(deps.maxContentChars);
  router.post('/classify/preview', async (req, res) => {
    const input = validate(previewSchema, bodyOf(req), 'body');
    res.json(await classifier.preview(authOf(res).workspace, input));
  });

  const manualSchema = manualClassificationSchema(deps.maxContentChars);
  router.post('/classifications', async (req, res) => {
    const input = validate(manualSchema, bodyOf(req), 'body');
    const { asset } = await classifier.classifyAndStore(authOf(res).workspace, { ...input, source: 'manual' });
    res.status(201).json(asset);
  });

  router.post('/csv-imports', ...csvUploadRoute(deps));

  router.use((_req, _res, next) => next(new NotFoundError()));
  return router;
}
