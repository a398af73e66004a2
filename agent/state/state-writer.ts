// Group commit for the agent's state: the local transactions that arrive while the writer is busy
// (a file's result and its outbox item, a removal, a delivery round's acknowledgements) run
// together in one transaction, and each caller is answered only once that transaction commits.
// A write that throws rolls back the whole group, and every write in it fails with that error
// (they are SQLite errors, a full disk say, that would fail the others too).
import type { Queryable, SqliteDatabase } from '../../lib/sqlite-database.ts';
import { createWriteBatcher, type Outcome } from '../../lib/write-batcher.ts';

/** One caller's statements, run inside the group's transaction. */
export type StateWrite<T> = (tx: Queryable) => Promise<T>;

/** Runs `write` in a transaction (shared with the writes that arrive meanwhile); resolves once it is committed. */
export type StateWriter = <T>(write: StateWrite<T>) => Promise<T>;

export function createStateWriter(db: SqliteDatabase): StateWriter {
  const batch = createWriteBatcher<StateWrite<unknown>, unknown>(db, async (tx, writes) => {
    const outcomes: Outcome<unknown>[] = [];
    for (const write of writes) outcomes.push({ ok: true, value: await write(tx) });
    return outcomes;
  });
  return <T>(write: StateWrite<T>) => batch(write) as Promise<T>;
}
