// The agent fleet over PostgreSQL: every server sees every agent's last report.
import { apiTimestamp } from '../../../lib/clock.ts';
import type { AgentPulse, AgentRecord, AgentStore } from '../agent-store.ts';
import { recordAgentStale } from '../webhook-outbox.ts';
import { pgOutbox } from './pg-webhook-store.ts';
import type { PgDatabase } from './pg-database.ts';

export function createPgAgentStore(db: PgDatabase): AgentStore {
  return {
    async saveAgentReport(workspaceId, agentId, report, seenMs, maxAgents) {
      // The limit is checked without a lock: concurrent first reports may pass it by a few rows.
      const rows = await db.all(
        `INSERT INTO agents (workspace_id, agent_id, hostname, heartbeat_seconds, report, first_seen_ms, last_seen_ms)
           SELECT $1, $2, $3, $4, $5, $6, $6 WHERE EXISTS (SELECT 1 FROM agents WHERE workspace_id = $1 AND agent_id = $2) OR (SELECT count(*) FROM agents WHERE workspace_id = $1) < $7
           ON CONFLICT (workspace_id, agent_id) DO UPDATE SET hostname = excluded.hostname, heartbeat_seconds = excluded.heartbeat_seconds,
             report = excluded.report, last_seen_ms = excluded.last_seen_ms
           RETURNING 1`,
        [workspaceId, agentId, report.hostname, report.heartbeat_seconds, JSON.stringify(report), seenMs, maxAgents],
      );
      return rows.length > 0;
    },

    listAgents(workspaceId) {
      return db.all<AgentRecord>(
        'SELECT workspace_id, agent_id, report, first_seen_ms, last_seen_ms FROM agents WHERE workspace_id = $1 ORDER BY hostname COLLATE "C", agent_id COLLATE "C"',
        [workspaceId],
      );
    },

    agentPulses() {
      // bigint comes back as a number (pg-database.ts's type parsers), jsonb as an object.
      return db.all<AgentPulse>('SELECT workspace_id, agent_id, hostname, heartbeat_seconds, last_seen_ms FROM agents');
    },

    markAgentStale(pulse, at) {
      // The conditional UPDATE takes the row lock: of several servers checking at once, one marks it.
      return db.transaction(async (tx) => {
        const marked = await tx.all(
          'UPDATE agents SET stale_since_ms = last_seen_ms WHERE workspace_id = $1 AND agent_id = $2 AND last_seen_ms = $3 AND stale_since_ms IS DISTINCT FROM last_seen_ms RETURNING 1',
          [pulse.workspace_id, pulse.agent_id, pulse.last_seen_ms],
        );
        if (marked.length === 0) return false;
        await recordAgentStale(pgOutbox, tx, pulse, apiTimestamp(new Date(pulse.last_seen_ms)), at);
        return true;
      });
    },
  };
}
