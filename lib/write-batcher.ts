// Group commit: writes that arrive while the writer is busy are applied together in one
// transaction, each answered only after that transaction commits. Under concurrent load this
// turns many small transactions (each several round trips to SQLite's thread) into few.
import { AssayError } from '../shared/errors.ts';
import type { Queryable, SqliteDatabase } from './sqlite-database.ts';

type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

/**
 * `apply` writes one item. It may refuse an item by throwing an AssayError before it writes
 * anything (a quota check, say): only that item fails. Any other error rolls the whole batch
 * back and fails every item in it.
 */
export function createWriteBatcher<I, O>(db: SqliteDatabase, apply: (tx: Queryable, item: I) => Promise<O>, maxBatch = 256): (item: I) => Promise<O> {
  const pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let scheduled = false;

  const flush = (): void => {
    let batch: typeof pending = [];
    const outcomes: Outcome<O>[] = [];
    db.transaction(async (tx) => {
      scheduled = false; // items arriving from now on need the next transaction
      batch = pending.splice(0, maxBatch);
      for (const p of batch) {
        try {
          outcomes.push({ ok: true, value: await apply(tx, p.item) });
        } catch (error) {
          if (!(error instanceof AssayError)) throw error;
          outcomes.push({ ok: false, error });
        }
      }
    }).then(
      () => batch.forEach((p, i) => {
        const o = outcomes[i]!;
        if (o.ok) p.resolve(o.value);
        else p.reject(o.error);
      }),
      (err: unknown) => {
        if (batch.length === 0) {
          // The transaction never started (database closed): fail what is waiting.
          batch = pending.splice(0);
          scheduled = false;
        }
        for (const p of batch) p.reject(err);
      },
    ).finally(() => {
      if (pending.length > 0 && !scheduled) {
        scheduled = true;
        flush();
      }
    });
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        flush();
      }
    });
}
