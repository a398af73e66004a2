// The Repository over one SQLite file: every query parameterised, every multi-statement change in
// a transaction on the single writer connection. Each aggregate lives in sqlite/.
import { openSqliteDatabase } from '../../lib/sqlite-database.ts';
import { migrate } from './migrations.ts';
import type { Repository } from './repository.ts';
import { createSqliteTriageStore } from './sqlite/triage-store.ts';
import { createSqliteAssetQueries } from './sqlite/asset-queries.ts';
import { createSqliteAssetWriter } from './sqlite/asset-writes.ts';
import { createSqliteAuditStore } from './sqlite/audit-store.ts';
import { createSqlitePolicyStore } from './sqlite/policy-store.ts';
import { createSqliteSessionStore } from './sqlite/session-store.ts';
import { createSqliteStatsStore } from './sqlite/stats-store.ts';
import { createSqliteWebhookStore } from './sqlite/webhook-store.ts';
import { createSqliteWorkspaceStore } from './sqlite/workspace-store.ts';

export async function openSqliteRepository(file: string, now: () => Date): Promise<Repository> {
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
    ...createSqliteAssetWriter(db),
    ...createSqliteAssetQueries(db),
    ...createSqliteSessionStore(db),
    ...createSqliteStatsStore(db),
    ...createSqliteAuditStore(db),
    ...createSqliteWebhookStore(db),
    ...createSqliteTriageStore(db),
    backupTo: (file) => db.backupTo(file),
    close: () => db.close(),
  };
}
