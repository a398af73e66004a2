// Group commit: writes that arrive while the writer is busy are applied together in one
// transaction, each answered only after that transaction commits. Under concurrent load this
// turns many small transactions (each several round trips to SQLite's thread) into few.
import type { Queryable } from './sqlite-database.ts';

/** Anything that runs a function in a transaction, one transaction at a time. */
export interface Transactional<Tx> {
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

/** What became of one item: a value, or a refusal that did not write anything. */
export type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

/** Told of every committed batch: how many items it held and how long its transaction took. */
export interface BatchObserver {
  batch(size: number, seconds: number): void;
}

/**
 * `applyBatch` writes the items in one transaction and returns one outcome per item, in order.
 * It refuses an item by returning a failed outcome for it, having written nothing for it; if it
 * throws, the whole batch is rolled back and every item in it fails with that error.
 */
export function createWriteBatcher<I, O, Tx = Queryable>(
  db: Transactional<Tx>,
  applyBatch: (tx: Tx, items: readonly I[]) => Promise<Outcome<O>[]>,
  maxBatch = 256,
  observer?: BatchObserver,
): (item: I) => Promise<O> {
  const pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let scheduled = false;

  const flush = (): void => {
    let batch: typeof pending = [];
    let outcomes: Outcome<O>[] = [];
    let started = 0;
    db.transaction(async (tx) => {
      scheduled = false; // items arriving from now on need the next transaction
      started = performance.now();
      batch = pending.splice(0, maxBatch);
      outcomes = await applyBatch(
        tx,
        batch.map((p) => p.item),
      );
    })
      .then(
        () => {
          observer?.batch(batch.length, (performance.now() - started) / 1000);
          batch.forEach((p, i) => {
            const o = outcomes[i]!;
            if (o.ok) p.resolve(o.value);
            else p.reject(o.error);
          });
        },
        (err: unknown) => {
          if (batch.length === 0) {
            // The transaction never started (database closed): fail what is waiting.
            batch = pending.splice(0);
            scheduled = false;
          }
          for (const p of batch) p.reject(err);
        },
      )
      .finally(() => {
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
