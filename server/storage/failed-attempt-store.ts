// Contract of the failed-API-key counts several servers share (PostgreSQL only: one SQLite
// server keeps them in memory).

export interface FailedAttemptWindow {
  readonly max_failures: number;
  readonly window_ms: number;
  readonly block_ms: number;
}

export interface FailedAttemptStore {
  /** Epoch ms until which the address is blocked (0 or past when it is not); undefined when it has no failures on record. */
  blockedUntil(address: string): Promise<number | undefined>;
  /** Counts a failure at `now` (epoch ms) and returns the blocked-until that follows from it. */
  recordFailure(address: string, now: number, window: FailedAttemptWindow): Promise<number>;
  clearFailures(address: string): Promise<void>;
}
