// GET /triage: what people corrected on the workspace's agent assets (dismissed findings, pinned
// labels), by asset name, with an ETag, so that agents label files offline as the server does
// (docs/triage.md). `?host=` narrows it to one agent's files; at most AGENT_TRIAGE_LIMIT of each,
// the rest counted in `omitted`.
import { Router } from 'express';
import { AGENT_TRIAGE_LIMIT, type AgentTriage, agentTriageQuerySchema } from '../../../shared/api/triage-schemas.ts';
import { authOf } from '../../auth/api-key-auth.ts';
import type { Repository } from '../../storage/repository.ts';
import { sendJsonWithEtag } from '../etag.ts';
import { validate } from '../validation.ts';

export function agentTriageRoute(deps: { repo: Repository }): Router {
  const router = Router();
  const limit = AGENT_TRIAGE_LIMIT;

  router.get('/triage', async (req, res) => {
    const query = validate(agentTriageQuerySchema, req.query, 'query');
    const host = query.host ?? null;
    const rows = await deps.repo.agentTriage(authOf(res).workspace.id, host === null ? null : `${host}:`, limit);
    const body: AgentTriage = {
      source: 'agent',
      host,
      dismissals: rows.dismissals,
      pins: rows.pins,
      limit,
      omitted: { dismissals: rows.totals.dismissals - rows.dismissals.length, pins: rows.totals.pins - rows.pins.length },
    };
    sendJsonWithEtag(req, res, body);
  });

  return router;
}
