// Contract of the agent fleet: the last report of each agent, per workspace, with when it came.
import type { AgentReport } from '../../shared/api/agent-schemas.ts';

export interface AgentRecord {
  readonly workspace_id: number;
  readonly agent_id: string;
  readonly report: AgentReport;
  /** Epoch milliseconds: the stale check needs better than the API's seconds. */
  readonly first_seen_ms: number;
  readonly last_seen_ms: number;
}

/** Enough of every agent to tell whether it is stale. */
export interface AgentPulse {
  readonly workspace_id: number;
  readonly agent_id: string;
  readonly hostname: string;
  readonly heartbeat_seconds: number;
  readonly last_seen_ms: number;
}

export interface AgentStore {
  /**
   * Stores the agent's latest report (replacing the previous one). A new agent is refused (false,
   * nothing written) when the workspace already has `maxAgents`; a known one is always updated.
   */
  saveAgentReport(workspaceId: number, agentId: string, report: AgentReport, seenMs: number, maxAgents: number): Promise<boolean>;
  listAgents(workspaceId: number): Promise<AgentRecord[]>;
  /** Every workspace's agents, for the server's stale check. */
  agentPulses(): Promise<AgentPulse[]>;
  /**
   * Marks the agent stale since its report of `lastSeenMs` and, in the same transaction, writes
   * its `agent.stale` webhook event (`at`: the event time). True for the one call (on any server
   * sharing the database) that marked it; false when it was marked already or has reported since.
   */
  markAgentStale(pulse: AgentPulse, at: string): Promise<boolean>;
}
