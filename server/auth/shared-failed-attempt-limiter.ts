// The failed-attempt limiter over a store several servers share: the same rules as the in-memory
// limiter (failed-attempt-limiter.ts), counted once for every node.
import type { Clock } from '../../lib/clock.ts';
import { TooManyRequestsError } from '../../shared/errors.ts';
import type { FailedAttemptStore } from '../storage/failed-attempt-store.ts';
import type { FailedAttemptLimiter, FailedAttemptPolicy } from './failed-attempt-limiter.ts';

export function createSharedFailedAttemptLimiter(deps: { clock: Clock; policy: FailedAttemptPolicy; store: FailedAttemptStore }): FailedAttemptLimiter {
  const { clock, policy, store } = deps;
  const window = { max_failures: policy.max_failures, window_ms: policy.window_seconds * 1000, block_ms: policy.block_seconds * 1000 };
  const refuseUntil = (blockedUntil: number) => {
    const now = clock.now().getTime();
    if (blockedUntil > now) throw new TooManyRequestsError(Math.ceil((blockedUntil - now) / 1000));
  };
  // Addresses whose last check found failures on record: only their success costs a write.
  const withFailures = new Set<string>();
  return {
    async check(address) {
      const blockedUntil = await store.blockedUntil(address);
      if (blockedUntil === undefined) withFailures.delete(address);
      else if (withFailures.size < 10_000) withFailures.add(address);
      refuseUntil(blockedUntil ?? 0);
    },
    fail: async (address) => void (await store.recordFailure(address, clock.now().getTime(), window)),
    async succeed(address) {
      if (!withFailures.delete(address)) return;
      await store.clearFailures(address);
    },
  };
}
