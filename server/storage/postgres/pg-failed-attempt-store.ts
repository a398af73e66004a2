// Failed API-key attempts per client address in PostgreSQL, so that an attacker spreading guesses
// over every node meets one count. Each failure is one atomic upsert; stale rows are trimmed as
// failures arrive, so the table holds only addresses seen within their window or block.
import type { FailedAttemptStore } from '../failed-attempt-store.ts';
import type { PgDatabase } from './pg-database.ts';

const RECORD = `INSERT INTO failed_key_attempts AS f (client, failures, window_start, blocked_until) VALUES ($1, 1, $2, 0)
  ON CONFLICT (client) DO UPDATE SET
    failures = CASE WHEN $2 - f.window_start >= $3 THEN 1 ELSE f.failures + 1 END,
    window_start = CASE WHEN $2 - f.window_start >= $3 THEN $2 ELSE f.window_start END
  RETURNING failures, blocked_until`;

export function createPgFailedAttemptStore(db: PgDatabase): FailedAttemptStore {
  return {
    async blockedUntil(address) {
      const row = await db.get<{ blocked_until: number }>('SELECT blocked_until FROM failed_key_attempts WHERE client = $1', [address]);
      return row?.blocked_until;
    },
    async recordFailure(address, now, w) {
      const row = (await db.get<{ failures: number; blocked_until: number }>(RECORD, [address, now, w.window_ms]))!;
      await db.all(
        `DELETE FROM failed_key_attempts WHERE client IN
           (SELECT client FROM failed_key_attempts WHERE blocked_until < $1 AND window_start < $2 AND client <> $3 LIMIT 100)`,
        [now, now - w.window_ms, address],
      );
      if (row.failures <= w.max_failures) return row.blocked_until;
      const blocked = now + w.block_ms;
      await db.all('UPDATE failed_key_attempts SET blocked_until = $2, failures = 0, window_start = $3 WHERE client = $1', [address, blocked, now]);
      return blocked;
    },
    async clearFailures(address) {
      await db.all('DELETE FROM failed_key_attempts WHERE client = $1', [address]);
    },
  };
}
