// The agent fleet as the admin API shows it: each agent's last report with when it came, whether
// it is stale (no report for STALE_INTERVALS of its own heartbeat interval) and whether it
// classifies with rules other than the workspace's current ones.
import type { AgentList, AgentView } from '../../shared/api/agent-schemas.ts';
import { apiTimestamp } from '../../lib/clock.ts';
import { EMPTY_ALLOW_LIST } from '../../shared/engine/allow-list.ts';
import { policyVersion, servedRules } from '../../shared/engine/policy-version.ts';
import type { AgentRecord, Repository, Workspace } from '../storage/repository.ts';
import type { PolicyCache } from './policy-cache.ts';

export const STALE_INTERVALS = 3;

export function isStale(lastSeenMs: number, heartbeatSeconds: number, nowMs: number): boolean {
  return nowMs - lastSeenMs > STALE_INTERVALS * heartbeatSeconds * 1000;
}

function agentView(r: AgentRecord, nowMs: number, rulesVersion: string): AgentView {
  return {
    agent_id: r.agent_id,
    ...r.report,
    first_seen: apiTimestamp(new Date(r.first_seen_ms)),
    last_seen: apiTimestamp(new Date(r.last_seen_ms)),
    stale: isStale(r.last_seen_ms, r.report.heartbeat_seconds, nowMs),
    rules_outdated: r.report.rules_version !== null && r.report.rules_version !== rulesVersion,
  };
}

/** The workspace's current rules version: the hash an agent computes over GET /labels, /rules and /allowlist. */
export async function currentRulesVersion(policies: PolicyCache, workspace: Workspace): Promise<string> {
  const { policy } = await policies.get(workspace);
  return policyVersion(policy.labels, servedRules(policy), policy.allow_list ?? EMPTY_ALLOW_LIST);
}

/** Stale agents first, then by host name. */
export async function listFleet(deps: { repo: Repository; policies: PolicyCache }, workspace: Workspace, nowMs: number): Promise<AgentList> {
  const rulesVersion = await currentRulesVersion(deps.policies, workspace);
  const agents = (await deps.repo.listAgents(workspace.id)).map((r) => agentView(r, nowMs, rulesVersion));
  agents.sort((a, b) => Number(b.stale) - Number(a.stale) || a.hostname.localeCompare(b.hostname) || a.agent_id.localeCompare(b.agent_id));
  return { rules_version: rulesVersion, stale: agents.filter((a) => a.stale).length, agents };
}

/** Agents and stale agents per workspace (by name), for /metrics. */
export async function fleetCounts(repo: Repository, nowMs: number): Promise<{ workspace: string; agents: number; stale: number }[]> {
  const pulses = await repo.agentPulses();
  if (pulses.length === 0) return [];
  const names = new Map((await repo.listWorkspaces()).map((w) => [w.id, w.name]));
  const counts = new Map<string, { workspace: string; agents: number; stale: number }>();
  for (const p of pulses) {
    const workspace = names.get(p.workspace_id);
    if (workspace === undefined) continue;
    const c = counts.get(workspace) ?? { workspace, agents: 0, stale: 0 };
    c.agents++;
    if (isStale(p.last_seen_ms, p.heartbeat_seconds, nowMs)) c.stale++;
    counts.set(workspace, c);
  }
  return [...counts.values()];
}
