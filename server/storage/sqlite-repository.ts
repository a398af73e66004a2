// The Repository over one SQLite file: every query parameterised, every multi-statement change in
// a transaction on the single writer connection. Each aggregate lives in sqlite/.
import { openSqliteDatabase } from '../../lib/sqlite-database.ts';
import type { BatchObserver } from '../../lib/write-batcher.ts';
import { migrate } from './migrations.ts';
import type { Repository } from './repository.ts';
import { createSqliteTriageStore } from './sqlite/triage-store.ts';
import { createSqliteAgentStore } from './sqlite/agent-store.ts';
import { createSqliteAssetQueries } from './sqlite/asset-queries.ts';
import { createSqliteAssetWriter } from './sqlite/asset-writes.ts';
import { createSqliteAuditStore } from './sqlite/audit-store.ts';
import { createSqlitePolicyStore } from './sqlite/policy-store.ts';
import { createSqliteSessionStore } from './sqlite/session-store.ts';
import { createSqliteStatsStore } from './sqlite/stats-store.ts';
import { createSqliteWebhookStore } from './sqlite/webhook-store.ts';
import { createSqliteWorkspaceStore } from './sqlite/workspace-store.ts';

/** `writes` is told of each group-commit batch (for /metrics). */
export async function openSqliteRepository(file: string, now: () => Date, writes?: BatchObserver): Promise<Repository> {
  const db = await openSqliteDatabase(file);
  try {
    await migrate(db, now);
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    ...createSqliteWorkspaceStore(db),
    ...createSqlitePolicyStore(db),
    ...createSqliteAssetWriter(db, writes),
    ...createSqliteAssetQueries(db),
    ...createSqliteSessionStore(db),
    ...createSqliteStatsStore(db),
    ...createSqliteAuditStore(db),
    ...createSqliteWebhookStore(db),
    ...createSqliteTriageStore(db),
    ...createSqliteAgentStore(db),
    async databaseBytes() {
      const row = await db.get<{ n: number }>('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()');
      return row?.n ?? 0;
    },
    backupTo: (file) => db.backupTo(file),
    close: () => db.close(),
  };
}
