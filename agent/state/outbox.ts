// The outbox: submissions not yet acknowledged by the server, at most one per path (the latest
// wanted state of that asset). A row leaves only on a 2xx (or a permanent refusal).
import type { Queryable } from '../../lib/sqlite-database.ts';

export type OutboxKind = 'classify' | 'remove';

export interface NewOutboxItem {
  readonly path: string;
  readonly kind: OutboxKind;
  readonly name: string;
  /** The JSON request body. */
  readonly body: string;
  readonly content_hash: string | null;
  readonly created_at: string;
}

export interface OutboxItem extends NewOutboxItem {
  readonly id: number;
  readonly next_attempt_at: number;
  readonly attempts: number;
  readonly last_error: string | null;
}

/**
 * Replaces any pending item of the same path, in one statement: REPLACE deletes the row holding
 * the path and AUTOINCREMENT gives the new one a fresh id (an in-flight one is acknowledged by id,
 * so it cannot remove this one).
 */
export async function enqueue(db: Queryable, item: NewOutboxItem): Promise<void> {
  await db.run('INSERT OR REPLACE INTO outbox (path, kind, name, body, content_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
    item.path,
    item.kind,
    item.name,
    item.body,
    item.content_hash,
    item.created_at,
  ]);
}

export async function hasPending(db: Queryable, path: string): Promise<boolean> {
  return (await db.get<{ n: number }>('SELECT 1 AS n FROM outbox WHERE path = ?', [path])) !== undefined;
}

export async function dropPending(db: Queryable, path: string): Promise<void> {
  await db.run('DELETE FROM outbox WHERE path = ?', [path]);
}

/**
 * The oldest items due at `nowMs` (the delivery loop sends them at once): up to `limit.items`, and
 * while their bodies add up to at most `limit.bytes` — but always the first, however large.
 */
export function dueItems(db: Queryable, nowMs: number, limit: { items: number; bytes: number }): Promise<OutboxItem[]> {
  return db.all<OutboxItem>(
    `SELECT id, path, kind, name, body, content_hash, created_at, next_attempt_at, attempts, last_error FROM (
       SELECT *, ROW_NUMBER() OVER w AS n, SUM(octet_length(body)) OVER w AS running
       FROM (SELECT * FROM outbox WHERE next_attempt_at <= ? ORDER BY id LIMIT ?) WINDOW w AS (ORDER BY id)
     ) WHERE n = 1 OR running <= ? ORDER BY id`,
    [nowMs, limit.items, limit.bytes],
  );
}

/** When the earliest deferred item falls due, or null when the outbox is empty. */
export async function earliestDue(db: Queryable): Promise<number | null> {
  const row = await db.get<{ t: number | null }>('SELECT MIN(next_attempt_at) AS t FROM outbox');
  return row?.t ?? null;
}

export async function acknowledge(db: Queryable, id: number): Promise<boolean> {
  return (await db.run('DELETE FROM outbox WHERE id = ?', [id])).changes > 0;
}

/** Acknowledges the items of a delivery round in one statement. */
export async function acknowledgeAll(db: Queryable, ids: readonly number[]): Promise<void> {
  await db.run('DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)]);
}

export async function recordAttempt(db: Queryable, id: number, error: string, nextAttemptAt: number | null): Promise<void> {
  if (nextAttemptAt === null) {
    await db.run('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?', [error, id]);
  } else {
    await db.run('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?', [error, nextAttemptAt, id]);
  }
}

export interface OutboxSummary {
  readonly depth: number;
  readonly classify: number;
  readonly remove: number;
  readonly oldest: { path: string; kind: OutboxKind; created_at: string; attempts: number; last_error: string | null } | null;
}

export async function summarise(db: Queryable): Promise<OutboxSummary> {
  const counts = await db.all<{ kind: OutboxKind; n: number }>('SELECT kind, COUNT(*) AS n FROM outbox GROUP BY kind');
  const by = (k: OutboxKind) => counts.find((c) => c.kind === k)?.n ?? 0;
  const oldest = await db.get<{ path: string; kind: OutboxKind; created_at: string; attempts: number; last_error: string | null }>(
    'SELECT path, kind, created_at, attempts, last_error FROM outbox ORDER BY id LIMIT 1',
  );
  return { depth: by('classify') + by('remove'), classify: by('classify'), remove: by('remove'), oldest: oldest ?? null };
}
