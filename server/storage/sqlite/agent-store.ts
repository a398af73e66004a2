// The agent fleet over SQLite.
import type { SqliteDatabase } from '../../../lib/sqlite-database.ts';
import type { AgentReport } from '../../../shared/api/agent-schemas.ts';
import type { AgentPulse, AgentRecord, AgentStore } from '../agent-store.ts';

interface AgentRow {
  workspace_id: number;
  agent_id: string;
  report: string;
  first_seen_ms: number;
  last_seen_ms: number;
}

export function createSqliteAgentStore(db: SqliteDatabase): AgentStore {
  return {
    async saveAgentReport(workspaceId, agentId, report, seenMs, maxAgents) {
      // One statement on the single writer: the count and the insert cannot interleave.
      const { changes } = await db.run(
        `INSERT INTO agents (workspace_id, agent_id, hostname, heartbeat_seconds, report, first_seen_ms, last_seen_ms)
           SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM agents WHERE workspace_id = ? AND agent_id = ?) OR (SELECT count(*) FROM agents WHERE workspace_id = ?) < ?
           ON CONFLICT (workspace_id, agent_id) DO UPDATE SET hostname = excluded.hostname, heartbeat_seconds = excluded.heartbeat_seconds,
             report = excluded.report, last_seen_ms = excluded.last_seen_ms`,
        [workspaceId, agentId, report.hostname, report.heartbeat_seconds, JSON.stringify(report), seenMs, seenMs, workspaceId, agentId, workspaceId, maxAgents],
      );
      return changes > 0;
    },

    async listAgents(workspaceId) {
      const rows = await db.all<AgentRow>('SELECT workspace_id, agent_id, report, first_seen_ms, last_seen_ms FROM agents WHERE workspace_id = ? ORDER BY hostname, agent_id', [workspaceId]);
      return rows.map((r): AgentRecord => ({ ...r, report: JSON.parse(r.report) as AgentReport }));
    },

    agentPulses() {
      return db.all<AgentPulse>('SELECT workspace_id, agent_id, hostname, heartbeat_seconds, last_seen_ms FROM agents');
    },
  };
}
