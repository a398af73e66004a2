// Triage (dismissals, pins, the allow-list) over PostgreSQL: the shared statements of
// triage-sql.ts with numbered placeholders; the asset or workspace row is locked while it changes.
import { createTriageStore, type TriageQueryable } from '../triage-sql.ts';
import type { TriageStore } from '../triage-store.ts';
import type { PgDatabase, PgQueryable } from './pg-database.ts';
import { isPgUniqueViolation } from './pg-rows.ts';

/** `?` placeholders as `$1`, `$2`, …; the statements hold no `?` elsewhere. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

function dialectOf(q: PgQueryable): TriageQueryable {
  return { all: (sql, params) => q.all(numbered(sql), params), get: (sql, params) => q.get(numbered(sql), params) };
}

export function createPgTriageStore(db: PgDatabase): TriageStore {
  return createTriageStore({
    read: dialectOf(db),
    transaction: (fn) => db.transaction((tx) => fn(dialectOf(tx))),
    isUniqueViolation: isPgUniqueViolation,
    forUpdate: ' FOR UPDATE',
    historyHasWorkspace: true,
  });
}
