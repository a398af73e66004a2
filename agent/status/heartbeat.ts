// The agent's report to the server (PUT /api/v1/agents/{id}): on start and every
// `schedules.heartbeat` seconds, what `assay agent status` knows in the shape of agentReportSchema.
// A report that fails is not retried: the next one replaces it. Reports never carry file content.
import { release, platform, arch } from 'node:os';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import type { SqliteDatabase } from '../../lib/sqlite-database.ts';
import type { AgentReport } from '../../shared/api/agent-schemas.ts';
import type { ApiClient } from '../client/api-client.ts';
import type { ScanProgress } from '../scan/scan-progress.ts';
import { readAgentStatus } from './agent-status.ts';

export interface HeartbeatSource {
  readonly hostname: string;
  readonly version: string;
  readonly roots: readonly string[];
  readonly intervalSeconds: number;
  scan(): ScanProgress | null;
  watcher(): string;
  rulesVersion(): string | null;
}

export interface Heartbeat {
  /** Reports now, then every interval. */
  start(): void;
  /**
   * Stops the timer and waits for a report being read from the state database (so that the
   * database can close); a report being sent ends with the client. Idempotent.
   */
  close(): Promise<void>;
}

const REPORTED_GROUPS = 100;

export async function buildReport(db: SqliteDatabase, src: HeartbeatSource, now: Date): Promise<AgentReport> {
  const status = await readAgentStatus(db);
  const scan = src.scan() ?? status.scan;
  const oldest = status.outbox.oldest;
  const oldestMs = oldest ? Date.parse(oldest.created_at) : NaN;
  return {
    hostname: src.hostname,
    version: src.version,
    os: `${platform()} ${release()} ${arch()}`,
    roots: [...src.roots].slice(0, 100),
    heartbeat_seconds: src.intervalSeconds,
    files_tracked: status.files.tracked,
    outbox: {
      depth: status.outbox.depth,
      oldest_at: oldest?.created_at ?? null,
      oldest_age_seconds: Number.isFinite(oldestMs) ? Math.max(0, Math.round((now.getTime() - oldestMs) / 1000)) : null,
    },
    last_scan: scan ? { state: scan.state, trigger: scan.trigger, started_at: scan.started_at, finished_at: scan.finished_at, rate: scan.rate } : null,
    failures: status.skipped.filter((g) => g.reason !== 'unsupported').slice(0, REPORTED_GROUPS).map((g) => ({ code: g.reason.slice(0, 64), count: g.count })),
    skipped: (scan?.skipped_top ?? []).slice(0, REPORTED_GROUPS).map((e) => ({ type: e.ext.slice(0, 64), count: e.count })),
    rules_version: src.rulesVersion(),
    watcher: src.watcher(),
  };
}

export function createHeartbeat(deps: { db: SqliteDatabase; client: ApiClient; agentId: string; source: HeartbeatSource; clock: Clock; logger: Logger }): Heartbeat {
  const { db, client, agentId, source, clock, logger } = deps;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let sending = false;
  let reading: Promise<unknown> = Promise.resolve();

  async function send(): Promise<void> {
    if (sending || closed) return; // a slow server: skip a beat rather than pile up reports
    sending = true;
    try {
      const built = buildReport(db, source, clock.now());
      reading = built.catch(() => undefined);
      const report = await built;
      if (closed) return;
      const outcome = await client.report(agentId, JSON.stringify(report));
      if (outcome.kind !== 'ok' && !closed) logger.debug({ status: outcome.status, reason: 'reason' in outcome ? outcome.reason : undefined }, 'heartbeat not accepted; the next one tries again');
    } catch (err) {
      if (!closed) logger.debug({ err: (err as Error).message }, 'heartbeat failed; the next one tries again');
    } finally {
      sending = false;
    }
  }

  return {
    start() {
      if (timer || closed) return;
      void send();
      timer = setInterval(() => void send(), source.intervalSeconds * 1000);
      timer.unref();
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = null;
      await reading;
    },
  };
}
