// The Repository over PostgreSQL, for several stateless servers sharing one database. Each
// aggregate lives in postgres/. Opening waits for the database (logging each attempt) instead of
// failing, so servers started before PostgreSQL do not crash-loop.
import type { Clock } from '../../lib/clock.ts';
import type { BatchObserver } from '../../lib/write-batcher.ts';
import { DefinitionError } from '../../shared/errors.ts';
import { isConnectionError, openPgDatabase, type PgOptions } from './postgres/pg-database.ts';
import { migratePg } from './postgres/pg-migrations.ts';
import { createPgAgentStore } from './postgres/pg-agent-store.ts';
import { createPgAssetQueries } from './postgres/pg-asset-queries.ts';
import { createPgAssetWriter } from './postgres/pg-asset-writes.ts';
import { createPgAuditStore } from './postgres/pg-audit-store.ts';
import { createPgFailedAttemptStore } from './postgres/pg-failed-attempt-store.ts';
import { createPgPolicyStore } from './postgres/pg-policy-store.ts';
import { createPgSessionStore } from './postgres/pg-session-store.ts';
import { createPgStatsStore } from './postgres/pg-stats-store.ts';
import { createPgWebhookStore } from './postgres/pg-webhook-store.ts';
import { createPgWorkspaceStore } from './postgres/pg-workspace-store.ts';
import type { Repository } from './repository.ts';
import { createPgTriageStore } from './postgres/pg-triage-store.ts';

export interface PgRepositoryOptions extends PgOptions {
  readonly clock: Clock;
  /** How long to keep trying to reach the database at start-up; default: for ever. */
  readonly waitMs?: number;
  /** Waits between attempts (injected so tests need not sleep). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told of each group-commit batch (for /metrics). */
  readonly writes?: BatchObserver;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The URL without its password, for logs. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable url)';
  }
}

export async function openPgRepository(options: PgRepositoryOptions): Promise<Repository> {
  const { clock, logger } = options;
  const sleep = options.sleep ?? defaultSleep;
  const db = openPgDatabase(options);
  const started = clock.now().getTime();
  for (let attempt = 1; ; attempt++) {
    try {
      const applied = await migratePg(db, clock);
      logger?.info({ database: redactedUrl(options.url), migrations_applied: applied }, 'database ready');
      break;
    } catch (err) {
      const waited = clock.now().getTime() - started;
      if (!isConnectionError((err as Error).cause ?? err) || (options.waitMs !== undefined && waited >= options.waitMs)) {
        await db.close();
        throw err;
      }
      const delay = Math.min(5000, 250 * 2 ** Math.min(attempt, 5));
      logger?.warn({ database: redactedUrl(options.url), attempt, retry_in_ms: delay, err: { message: (err as Error).message } }, 'database unavailable; waiting for it');
      await sleep(delay);
    }
  }
  return {
    ...createPgWorkspaceStore(db),
    ...createPgPolicyStore(db),
    ...createPgAssetWriter(db, options.writes),
    ...createPgAssetQueries(db),
    ...createPgSessionStore(db),
    ...createPgStatsStore(db),
    ...createPgAuditStore(db),
    ...createPgWebhookStore(db),
    ...createPgTriageStore(db),
    ...createPgAgentStore(db),
    async databaseBytes() {
      const row = await db.get<{ n: number }>('SELECT pg_database_size(current_database()) AS n');
      return row?.n ?? 0;
    },
    failedAttempts: createPgFailedAttemptStore(db),
    async backupTo() {
      throw new DefinitionError(['backup: the inventory is in PostgreSQL; back it up with pg_dump (docs/scaling.md)']);
    },
    close: () => db.close(),
  };
}
