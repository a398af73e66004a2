// GET /labels and GET /rules: the workspace's scheme and its enabled rules (workspace-wide
// exclusions folded into each rule), and GET /allowlist: the allow-list's key and hashes (never a
// value), with ETags so that agents can poll with If-None-Match and apply all three offline.
import { Router } from 'express';
import { EMPTY_ALLOW_LIST } from '../../../shared/engine/allow-list.ts';
import { servedRules } from '../../../shared/engine/policy-version.ts';
import { authOf } from '../../auth/api-key-auth.ts';
import type { PolicyCache } from '../../services/policy-cache.ts';
import { sendJsonWithEtag } from '../etag.ts';

export function policyRoutes(deps: { policies: PolicyCache }): Router {
  const router = Router();

  router.get('/labels', async (req, res) => {
    const { policy } = await deps.policies.get(authOf(res).workspace);
    sendJsonWithEtag(req, res, policy.labels);
  });

  router.get('/rules', async (req, res) => {
    const { policy } = await deps.policies.get(authOf(res).workspace);
    sendJsonWithEtag(req, res, servedRules(policy));
  });

  router.get('/allowlist', async (req, res) => {
    const { policy } = await deps.policies.get(authOf(res).workspace);
    sendJsonWithEtag(req, res, policy.allow_list ?? EMPTY_ALLOW_LIST);
  });

  return router;
}
