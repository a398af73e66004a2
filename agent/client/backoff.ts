// Retry delays: exponential backoff with jitter, never shorter than what a Retry-After header asks.

/** A Retry-After header (delay-seconds or an HTTP date) as milliseconds from now; null when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^[0-9]{1,10}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/** Longest Retry-After honoured, so a wrong header cannot stall the agent for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Uniform in [0, 1); injectable for tests. */
  readonly random?: () => number;
}

/**
 * Delay before retry number `failures` (1 = after the first failure): `initial * 2^(failures-1)`
 * capped at `max`, then "equal jitter" (a random point in its upper half) so that many agents
 * recovering from the same outage do not retry in lockstep. A Retry-After wins when longer.
 */
export function backoffDelay(policy: BackoffPolicy, failures: number, retryAfterMs: number | null = null): number {
  const exp = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(Math.max(failures - 1, 0), 40));
  const random = policy.random ?? Math.random;
  const jittered = Math.round(exp / 2 + random() * (exp / 2));
  if (retryAfterMs === null) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}
