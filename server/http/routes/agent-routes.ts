// PUT /agents/{agent_id}: an agent's report on start and every heartbeat. Any key may send it,
// for its own workspace only (the key decides the workspace, never the body).
import { Router } from 'express';
import { agentIdParamsSchema, agentReportSchema } from '../../../shared/api/agent-schemas.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ConflictError } from '../../../shared/errors.ts';
import { authOf } from '../../auth/api-key-auth.ts';
import type { FleetMonitor } from '../../services/fleet-monitor.ts';
import type { Repository } from '../../storage/repository.ts';
import { validate } from '../validation.ts';

/** Bounds what any key can add: reports of known agents are always taken. */
export const MAX_AGENTS_PER_WORKSPACE = 10_000;

export function agentRoutes(deps: { repo: Repository; clock: Clock; fleet: FleetMonitor }): Router {
  const router = Router();
  router.put('/agents/:agent_id', async (req, res) => {
    const { agent_id } = validate(agentIdParamsSchema, req.params, 'path');
    const report = validate(agentReportSchema, req.body, 'body');
    if (!(await deps.repo.saveAgentReport(authOf(res).workspace.id, agent_id, report, deps.clock.now().getTime(), MAX_AGENTS_PER_WORKSPACE))) {
      throw new ConflictError(`Agent limit reached: a workspace keeps at most ${MAX_AGENTS_PER_WORKSPACE} agents`);
    }
    deps.fleet.observe(report.heartbeat_seconds);
    res.status(204).end();
  });
  return router;
}
