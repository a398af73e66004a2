// Triage (dismissals, pins, the allow-list) over SQLite: the shared statements of triage-sql.ts on
// the single writer connection.
import type { SqliteDatabase } from '../../../lib/sqlite-database.ts';
import { createTriageStore } from '../triage-sql.ts';
import type { TriageStore } from '../triage-store.ts';
import { isUniqueViolation } from './rows.ts';

export function createSqliteTriageStore(db: SqliteDatabase): TriageStore {
  return createTriageStore({
    read: db,
    transaction: (fn) => db.transaction(fn),
    isUniqueViolation,
    forUpdate: '',
    historyHasWorkspace: false,
  });
}
