// Brute-force protection: counts failed API-key attempts per client address and refuses that
// address for a while once it has too many. Memory is bounded: the oldest addresses are dropped.
import type { Clock } from '../../lib/clock.ts';
import { TooManyRequestsError } from '../../shared/errors.ts';

export interface FailedAttemptPolicy {
  /** Failures allowed inside the window; the next one blocks the address. */
  readonly max_failures: number;
  readonly window_seconds: number;
  readonly block_seconds: number;
}

/** Asynchronous so that several servers can share one count (shared-failed-attempt-limiter.ts). */
export interface FailedAttemptLimiter {
  /** Throws (rejects with) TooManyRequestsError while the address is blocked. */
  check(address: string): Promise<void>;
  /** Records a failed attempt; blocks the address once it has too many. */
  fail(address: string): Promise<void>;
  /** A successful attempt clears the address's failures. */
  succeed(address: string): Promise<void>;
}

interface Entry {
  windowStart: number;
  failures: number;
  blockedUntil: number;
}

/** Addresses tracked at once; beyond it the least recently seen is forgotten. */
export const MAX_TRACKED_ADDRESSES = 10_000;

export function createFailedAttemptLimiter(deps: { clock: Clock; policy: FailedAttemptPolicy; maxTracked?: number }): FailedAttemptLimiter {
  const { clock, policy } = deps;
  const maxTracked = deps.maxTracked ?? MAX_TRACKED_ADDRESSES;
  // Map iteration order is insertion order; re-inserting on use keeps it least-recently-used first.
  const entries = new Map<string, Entry>();
  const windowMs = policy.window_seconds * 1000;
  const blockMs = policy.block_seconds * 1000;

  function touch(address: string, entry: Entry): void {
    entries.delete(address);
    entries.set(address, entry);
    while (entries.size > maxTracked) {
      const oldest = entries.keys().next().value as string;
      entries.delete(oldest);
    }
  }

  return {
    async check(address) {
      const entry = entries.get(address);
      if (!entry) return;
      const now = clock.now().getTime();
      if (entry.blockedUntil > now) throw new TooManyRequestsError(Math.ceil((entry.blockedUntil - now) / 1000));
    },
    async fail(address) {
      const now = clock.now().getTime();
      let entry = entries.get(address);
      if (!entry || now - entry.windowStart >= windowMs) entry = { windowStart: now, failures: 0, blockedUntil: entry?.blockedUntil ?? 0 };
      entry.failures += 1;
      if (entry.failures > policy.max_failures) {
        entry.blockedUntil = now + blockMs;
        entry.failures = 0;
        entry.windowStart = now;
      }
      touch(address, entry);
    },
    async succeed(address) {
      entries.delete(address);
    },
  };
}
