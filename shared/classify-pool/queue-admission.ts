// Admission to the classification pool's queue: past `maxQueued` jobs waiting for a worker, a new
// job is refused at once with ClassificationQueueFullError (503 + Retry-After on the server)
// instead of waiting without limit. A run of refusals (a burst) logs one warning when it starts
// and one line with its count when the queue has drained; every refusal is counted (onRefused).
import type { Logger } from 'pino';
import { ClassificationQueueFullError } from '../errors.ts';

/**
 * server.classification.max_queued when unset: this many per worker (64 with the default two).
 * Four agents' full delivery rounds (agent.delivery.requests_in_flight, 16) wait at once; the bodies
 * held meanwhile are at most max_queued x server.limits.body_bytes (docs/scaling.md).
 */
export const DEFAULT_QUEUED_PER_WORKER = 32;

/** What a refused caller is told to wait: one second, as a queue of this size drains in well under that at the engine's usual speed. */
export const QUEUE_FULL_RETRY_AFTER_SECONDS = 1;

export interface QueueAdmission {
  /** The error a new job is refused with when `queued` jobs already wait, else null. */
  refusal(queued: number): ClassificationQueueFullError | null;
  /** The queue is empty: a burst of refusals, if any, is over. */
  drained(): void;
}

export function createQueueAdmission(opts: { readonly maxQueued: number; readonly logger: Logger; readonly onRefused?: (() => void) | undefined }): QueueAdmission {
  /** Refusals since the burst started; 0 outside a burst. */
  let refusedInBurst = 0;
  return {
    refusal(queued) {
      if (queued < opts.maxQueued) return null;
      if (refusedInBurst === 0) {
        opts.logger.warn({ event: 'classification_queue_full', max_queued: opts.maxQueued }, 'classification queue full; answering 503 until it drains');
      }
      refusedInBurst++;
      opts.onRefused?.();
      return new ClassificationQueueFullError(QUEUE_FULL_RETRY_AFTER_SECONDS);
    },
    drained() {
      if (refusedInBurst === 0) return;
      opts.logger.info({ event: 'classification_queue_drained', refused: refusedInBurst }, 'classification queue drained');
      refusedInBurst = 0;
    },
  };
}
