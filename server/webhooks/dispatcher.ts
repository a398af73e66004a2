// The webhook delivery loop: leases due deliveries from the outbox (the oldest pending one of
// each webhook, at most `concurrency` at once), POSTs them signed, and records every attempt.
// 2xx delivers; 410 fails the delivery and disables the webhook; anything else is retried with
// exponential backoff and jitter until give_up_after_hours after the event. It runs beside the
// HTTP server and never in a request's path: a slow or dead receiver holds one slot, for at most
// timeout_ms per attempt. close() stops it: in-flight attempts are aborted and recorded.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ServerConfig } from '../../shared/config/config-schema.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import type { AttemptResult, ClaimedDelivery, WebhookStore } from '../storage/webhook-store.ts';
import { retryDelayMs } from './backoff.ts';
import { type SendResult, sendEvent, type Sending, systemTimers, type Timers } from './send.ts';
import { signatureHeader } from './signature.ts';

const PRUNE_BATCH = 1000;
const PRUNE_EVERY_MS = 3_600_000;

export interface WebhookDispatcher {
  start(): void;
  close(): Promise<void>;
}

export interface DispatcherDeps {
  readonly store: WebhookStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: ServerConfig['webhooks'];
  readonly version: string;
  readonly timers?: Timers;
  readonly random?: () => number;
}

/** What an answer means for the delivery. */
function resultOf(r: SendResult, claim: ClaimedDelivery, now: number, deps: DispatcherDeps, random: () => number): AttemptResult {
  if (r.status !== null && r.status >= 200 && r.status < 300) return { state: 'delivered' };
  if (r.status === 410) return { state: 'failed', disable: `the receiver answered 410 Gone on ${apiTimestamp(new Date(now))}` };
  const { backoff_base_ms, backoff_max_ms, give_up_after_hours } = deps.config;
  const retryAt = now + retryDelayMs(claim.attempts + 1, backoff_base_ms, backoff_max_ms, random);
  return retryAt > claim.window_start + give_up_after_hours * 3_600_000 ? { state: 'failed' } : { state: 'retry', retry_at: retryAt };
}

export function createWebhookDispatcher(deps: DispatcherDeps): WebhookDispatcher {
  const { store, clock, logger, config } = deps;
  const timers = deps.timers ?? systemTimers;
  const random = deps.random ?? Math.random;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // A lease outlives the longest attempt, so no other server takes a delivery still being sent.
  const leaseMs = config.timeout_ms + 30_000;
  const inFlight = new Map<number, { sending: Sending; done: Promise<void> }>();
  let timer: unknown;
  let ticking: Promise<void> | null = null;
  let tickAgain = false;
  let started = false;
  let closed = false;

  const schedule = (ms: number) => {
    if (closed) return;
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = undefined;
      if (ticking) {
        tickAgain = true;
        return;
      }
      ticking = tick().finally(() => {
        ticking = null;
        if (tickAgain) {
          tickAgain = false;
          schedule(0);
        }
      });
    }, ms);
  };

  async function attempt(claim: ClaimedDelivery): Promise<void> {
    const started = clock.now();
    const sending = sendEvent({
      url: claim.url,
      body: claim.payload,
      headers: {
        'user-agent': `Assay-Webhooks/${deps.version}`,
        'assay-event-id': claim.event_id,
        'assay-signature': signatureHeader(claim.secret, claim.payload, Math.floor(started.getTime() / 1000)),
      },
      timeoutMs: config.timeout_ms,
      allowPrivate: config.allow_private,
      timers,
    });
    inFlight.get(claim.id)!.sending = sending;
    const r = await sending.result;
    const now = clock.now();
    const result = resultOf(r, claim, now.getTime(), deps, random);
    const duration_ms = Math.max(0, now.getTime() - started.getTime());
    const log = { webhook_id: claim.webhook_id, delivery_id: claim.id, event_id: claim.event_id, attempt: claim.attempts + 1, status: r.status, duration_ms, outcome: result.state };
    if (result.state === 'delivered') logger.info(log, 'webhook delivered');
    else logger.warn({ ...log, error: r.error }, result.state === 'retry' ? 'webhook delivery failed; will retry' : 'webhook delivery failed; giving up');
    try {
      const recorded = await store.recordAttempt(claim, { at: apiTimestamp(started), status_code: r.status, error: r.error ?? (result.state === 'delivered' ? null : `HTTP ${r.status}`), duration_ms }, result);
      if (!recorded) logger.warn({ delivery_id: claim.id }, 'webhook delivery lease lost before its attempt was recorded');
    } catch (err) {
      logger.error({ delivery_id: claim.id, err: { message: (err as Error).message } }, 'webhook attempt could not be recorded');
    }
  }

  async function tick(): Promise<void> {
    const room = config.concurrency - inFlight.size;
    if (room > 0 && !closed) {
      let claims: ClaimedDelivery[] = [];
      try {
        claims = await store.claimDeliveries(clock.now().getTime(), leaseMs, room, owner);
      } catch (err) {
        logger.warn({ err: { message: (err as Error).message } }, 'webhook outbox could not be read; trying again');
      }
      // Claimed while closing: left leased; they are sent once the lease expires.
      if (!closed)
        for (const claim of claims) {
          const entry = { sending: { result: Promise.resolve({ status: null, error: null }), abort: () => undefined } as Sending, done: Promise.resolve() };
          inFlight.set(claim.id, entry);
          entry.done = attempt(claim).finally(() => {
            inFlight.delete(claim.id);
            schedule(0); // the webhook's next event may be due now
          });
        }
    }
    schedule(config.poll_interval_ms);
  }

  // Finished deliveries older than keep_days are deleted, at start and then hourly, in batches.
  let pruneTimer: unknown;
  let pruning: Promise<void> | null = null;
  async function prune(): Promise<void> {
    const before = apiTimestamp(new Date(clock.now().getTime() - config.keep_days * 86_400_000));
    try {
      let deleted = 0;
      for (let n = PRUNE_BATCH; n === PRUNE_BATCH && !closed; deleted += n) n = await store.pruneDeliveries(before, PRUNE_BATCH);
      if (deleted > 0) logger.info({ deleted, before }, 'old webhook deliveries deleted');
    } catch (err) {
      logger.warn({ err: { message: (err as Error).message } }, 'old webhook deliveries could not be deleted');
    }
    if (!closed) pruneTimer = timers.setTimeout(() => (pruning = prune()), PRUNE_EVERY_MS);
  }

  return {
    start() {
      if (started || closed) return;
      started = true;
      schedule(0);
      pruning = prune();
    },
    async close() {
      closed = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      if (pruneTimer !== undefined) timers.clearTimeout(pruneTimer);
      timer = undefined;
      await pruning;
      if (pruneTimer !== undefined) timers.clearTimeout(pruneTimer);
      await ticking;
      for (const { sending } of inFlight.values()) sending.abort('aborted: the server stopped during the attempt');
      await Promise.all([...inFlight.values()].map((e) => e.done));
    },
  };
}
