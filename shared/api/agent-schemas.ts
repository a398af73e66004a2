// The agent fleet: the report an agent sends on start and every `agent.schedules.heartbeat`
// (PUT /api/v1/agents/{agent_id}), and the admin view of it (GET /api/v1/admin/agents). Same rules
// as schemas.ts: routes validate with them, OpenAPI is generated from them.
import { z } from 'zod';

/** The id an agent keeps in its state directory (`agent-id`): URL-safe, 8–64 characters. */
export const AGENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

const count = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
const timestamp = z.string().max(40).meta({ description: 'UTC, ISO 8601' });

export const agentIdParamsSchema = z.object({
  agent_id: z.string().regex(AGENT_ID_PATTERN, 'Expected 8 to 64 letters, digits, "-" or "_"'),
});

export const agentScanSchema = z.object({
  state: z.enum(['running', 'finished', 'interrupted']),
  trigger: z.string().max(40),
  started_at: timestamp,
  finished_at: timestamp.nullable(),
  rate: z.number().min(0).max(1e9).meta({ description: 'Files done per second' }),
});

export const agentReportSchema = z.object({
  hostname: z.string().min(1).max(253),
  version: z.string().min(1).max(64).meta({ example: '0.1.0' }),
  os: z.string().min(1).max(200).meta({ example: 'linux 6.1.0 x64' }),
  roots: z.array(z.string().min(1).max(4096)).max(100),
  heartbeat_seconds: z.number().min(0.1).max(86_400).meta({ description: 'How often the agent reports; it is stale after three intervals without a report' }),
  files_tracked: count,
  outbox: z.object({
    depth: count,
    oldest_at: timestamp.nullable().meta({ description: 'When the oldest undelivered item was queued' }),
    oldest_age_seconds: z.number().min(0).max(1e10).nullable(),
  }),
  last_scan: agentScanSchema.nullable(),
  failures: z.array(z.object({ code: z.string().min(1).max(64), count })).max(100).meta({ description: 'Files not read, by failure code' }),
  skipped: z.array(z.object({ type: z.string().max(64), count })).max(100).meta({ description: 'Files of types no enabled extractor reads, by extension' }),
  rules_version: z.string().max(64).nullable().meta({ description: 'Content hash of the rules and labels in use; null before the first fetch' }),
  watcher: z.string().max(200).nullable().meta({ description: 'How the folders are watched (native, polling, …)' }),
});
export type AgentReport = z.output<typeof agentReportSchema>;

export const agentViewSchema = agentReportSchema.extend({
  agent_id: z.string(),
  first_seen: z.string().meta({ description: 'UTC, ISO 8601, seconds precision' }),
  last_seen: z.string().meta({ description: 'UTC, ISO 8601, seconds precision' }),
  stale: z.boolean().meta({ description: 'No report for three of its heartbeat intervals' }),
  rules_outdated: z.boolean().meta({ description: "Its rules version differs from the workspace's current one" }),
});
export type AgentView = z.output<typeof agentViewSchema>;

export const agentListSchema = z.object({
  rules_version: z.string().meta({ description: "The workspace's current rules version" }),
  stale: z.int().meta({ description: 'How many agents are stale' }),
  agents: z.array(agentViewSchema).meta({ description: 'Stale agents first, then by host name' }),
});
export type AgentList = z.output<typeof agentListSchema>;
