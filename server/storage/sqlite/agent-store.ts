// The agent fleet over SQLite.
import type { SqliteDatabase } from '../../../lib/sqlite-database.ts';
import type { AgentReport } from '../../../shared/api/agent-schemas.ts';
import { apiTimestamp } from '../../../lib/clock.ts';
import type { AgentPulse, AgentRecord, AgentStore } from '../agent-store.ts';
import { recordAgentStale } from '../webhook-outbox.ts';
import { sqliteOutbox } from './webhook-store.ts';

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

    markAgentStale(pulse, at) {
      return db.transaction(async (tx) => {
        const { changes } = await tx.run(
          'UPDATE agents SET stale_since_ms = last_seen_ms WHERE workspace_id = ? AND agent_id = ? AND last_seen_ms = ? AND stale_since_ms IS NOT last_seen_ms',
          [pulse.workspace_id, pulse.agent_id, pulse.last_seen_ms],
        );
        if (changes === 0) return false;
        await recordAgentStale(sqliteOutbox, tx, pulse, apiTimestamp(new Date(pulse.last_seen_ms)), at);
        return true;
      });
    },
  };
}
