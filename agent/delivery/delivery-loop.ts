// Drains the outbox, oldest first, in rounds of up to `delivery.requests_in_flight` items (and
// ROUND_BYTES of bodies) sent at once (one item per path, so their order does not matter; several
// in flight let the server commit them together). An item leaves the outbox only on a 2xx (or a 404 for a removal: the server
// never had it) or a permanent refusal (400/413/422, recorded on the file); the items a round got
// a 2xx for are acknowledged in one transaction. Transient failures back off exponentially with
// jitter for the whole loop, honouring Retry-After; 401/403 pause delivery loudly; 402 defers
// just that item.
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import type { SqliteDatabase } from '../../lib/sqlite-database.ts';
import { assetSchema } from '../../shared/api/schemas.ts';
import type { AgentConfig } from '../../shared/config/config-schema.ts';
import type { ApiClient, ApiOutcome } from '../client/api-client.ts';
import { writeMeta } from '../state/agent-meta.ts';
import { type DeliveredAnswer, recordAllDelivered, recordDeliveryError } from '../state/file-records.ts';
import { acknowledge, acknowledgeAll, dueItems, earliestDue, type OutboxItem, recordAttempt } from '../state/outbox.ts';
import type { StateWriter } from '../state/state-writer.ts';
import { backoffDelay } from '../client/backoff.ts';

/*
 * A round (`delivery.requests_in_flight` items, acknowledged in one transaction) is sent at once:
 * the client's pool holds a socket for each. One at a time, delivery waits a full round trip
 * (request, server commit, local acknowledgement) per file and falls behind a first scan. The
 * server groups the classifications that arrive together into one transaction (a fixed number of
 * statements each), so a round sent at once costs it fewer transactions than one sent four at a
 * time (docs/benchmarks.md, round 7).
 */
/**
 * Most request bodies a round holds (always at least one item): 16 bodies of `limits.body_bytes`
 * (up to 256 MiB) would otherwise be read and written to sockets together.
 */
export const ROUND_BYTES = 8 * 1024 * 1024;
/**
 * A round that found fewer items than it could take waits this long before the next look, so
 * that a first scan's files, queued a few at a time, are sent and acknowledged in fuller rounds
 * (each round costs a query and a transaction) rather than one by one.
 */
const ROUND_GATHER_MS = 100;

export interface DeliveryState {
  readonly status: 'idle' | 'sending' | 'backing_off' | 'paused';
  readonly reason: string | null;
  readonly since: string;
  readonly consecutive_failures: number;
  readonly next_attempt_at: string | null;
  readonly delivered: number;
  readonly rejected: number;
}

export interface DeliveryLoop {
  start(): void;
  /** New work in the outbox. */
  wake(): void;
  state(): DeliveryState;
  /** Stops after the request in flight (abandoned after `graceMs`; the item stays queued). Idempotent. */
  close(graceMs: number): Promise<void>;
}

/** What delivery reads of the answer to POST /classify: the stored Asset's label and matched rules (shared/api/schemas.ts). */
const classifyAnswerSchema = assetSchema.pick({ label: true, matched_rules: true, pinned_label: true });

export function createDeliveryLoop(deps: {
  db: SqliteDatabase;
  /** Where a round's acknowledgements are committed (with other state writes arriving meanwhile). */
  write: StateWriter;
  client: ApiClient;
  logger: Logger;
  clock: Clock;
  delivery: AgentConfig['delivery'];
  /** The server labelled a file differently from the local engine: its rules may be newer. */
  onMismatch: () => void;
  random?: () => number;
}): DeliveryLoop {
  const log = deps.logger.child({ component: 'delivery' });
  const policy = { initialMs: deps.delivery.retry_initial_ms, maxMs: deps.delivery.retry_max_ms, random: deps.random };
  const nowMs = () => deps.clock.now().getTime();
  const perRound = deps.delivery.requests_in_flight;
  let state: DeliveryState = { status: 'idle', reason: null, since: deps.clock.now().toISOString(), consecutive_failures: 0, next_attempt_at: null, delivered: 0, rejected: 0 };
  let failures = 0;
  let stopped = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let stopSleep: (() => void) | null = null;
  /** Work arrived since the loop last looked at the outbox (a wake-up must not be lost between the look and the sleep). */
  let woken = false;
  let inFlight: Promise<ApiOutcome[]> | null = null;

  function setState(patch: Partial<DeliveryState>): void {
    const changed = patch.status !== undefined && (patch.status !== state.status || patch.reason !== state.reason);
    state = { ...state, ...patch, ...(changed ? { since: deps.clock.now().toISOString() } : {}) };
    if (changed) void writeMeta(deps.db, 'delivery', state).catch(() => undefined);
  }

  /** Sleeps `ms`; `wakeable` sleeps also end when new work arrives. Always ends on close. */
  function sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      if (stopped || (wakeable && woken)) return resolve();
      const timer = Number.isFinite(ms) ? setTimeout(done, Math.max(0, ms)) : null;
      function done() {
        if (timer) clearTimeout(timer);
        wakeUp = null;
        stopSleep = null;
        resolve();
      }
      stopSleep = done;
      if (wakeable) wakeUp = done;
    });
  }

  /** The server's label and matched rules for an item, as the inventory keeps them; null for what is not an Asset. */
  function answerOf(outcome: Extract<ApiOutcome, { kind: 'ok' }>): { label: string; matched: string } | null {
    // A removal's answer is an Asset too; a 404 (removal of an asset the server never had) is not.
    const answer = classifyAnswerSchema.safeParse(outcome.body);
    if (!answer.success) return null;
    // The label the inventory keeps: the pinned one while a pin holds (the local engine applies pins too).
    return { label: (answer.data.pinned_label ?? answer.data.label).name, matched: answer.data.matched_rules };
  }

  /** The items of a round the server accepted: acknowledged and recorded in one transaction, then logged one line each. */
  async function delivered(done: ReadonlyArray<{ item: OutboxItem; outcome: Extract<ApiOutcome, { kind: 'ok' }> }>): Promise<void> {
    if (done.length === 0) return;
    const at = deps.clock.now().toISOString();
    const answers = done.map((d) => (d.item.kind === 'classify' ? answerOf(d.outcome) : null));
    const last = done[done.length - 1]!.item;
    // A round holds no path twice (one outbox item per path): one statement records every answer.
    const recorded = done.flatMap(({ item }, i): DeliveredAnswer[] => {
      const answer = answers[i];
      return answer ? [{ path: item.path, label: answer.label, matched_rules: answer.matched, content_hash: item.content_hash }] : [];
    });
    const locals = await deps.write(async (tx) => {
      await acknowledgeAll(
        tx,
        done.map((d) => d.item.id),
      );
      const records = await recordAllDelivered(tx, recorded, at);
      await writeMeta(tx, 'last_sync', { at, path: last.path, kind: last.kind });
      return records;
    });
    if (state.status === 'paused' || state.status === 'backing_off') log.info({ after_failures: failures }, 'delivery resumed');
    failures = 0;
    setState({ status: 'sending', reason: null, consecutive_failures: 0, next_attempt_at: null, delivered: state.delivered + done.length });
    let mismatch = false;
    for (const [i, { item, outcome }] of done.entries()) {
      if (item.kind === 'remove') {
        log.info({ path: item.path, status: outcome.status }, 'removal delivered');
        continue;
      }
      const answer = answers[i];
      log.info({ path: item.path, label: answer?.label ?? null, matched_rules: answer?.matched ?? null }, 'delivered');
      // What the local engine found for this very content (the record may have moved on since the item was queued).
      const record = locals.get(item.path);
      if (!answer || !record || record.status !== 'classified' || record.content_hash !== item.content_hash) continue;
      const local = { label: record.label, matched: record.matched_rules === null ? null : (JSON.parse(record.matched_rules) as string[]).join(', ') };
      if (local.label !== answer.label || local.matched !== answer.matched) {
        log.warn({ path: item.path, local_label: local.label, server_label: answer.label, local_rules: local.matched, server_rules: answer.matched }, 'the server classified differently from the local engine; refreshing rules');
        mismatch = true;
      }
    }
    if (mismatch) deps.onMismatch();
  }

  /** A failed or unchanged item's outcome (accepted ones are acknowledged together by `delivered`). */
  async function handle(item: OutboxItem, outcome: Exclude<ApiOutcome, { kind: 'ok' }>): Promise<void> {
    switch (outcome.kind) {
      case 'not_modified':
        return;
      case 'retry': {
        failures++;
        const delay = backoffDelay(policy, failures, outcome.retryAfterMs);
        await recordAttempt(deps.db, item.id, outcome.reason, null);
        setState({ status: 'backing_off', reason: outcome.reason, consecutive_failures: failures, next_attempt_at: new Date(nowMs() + delay).toISOString() });
        log.warn({ path: item.path, reason: outcome.reason, failures, retry_in_ms: delay }, 'delivery failed; kept in the outbox, will retry');
        await sleep(delay, false);
        return;
      }
      case 'auth': {
        failures++;
        const delay = deps.delivery.retry_max_ms;
        await recordAttempt(deps.db, item.id, outcome.reason, null);
        setState({ status: 'paused', reason: outcome.reason, consecutive_failures: failures, next_attempt_at: new Date(nowMs() + delay).toISOString() });
        log.error(
          { status: outcome.status, reason: outcome.reason, retry_in_ms: delay },
          'DELIVERY PAUSED: the server refused the agent (revoked key or suspended workspace). Nothing is lost; fix agent.api_key_file and restart the agent',
        );
        await sleep(delay, false);
        return;
      }
      case 'quota': {
        const delay = backoffDelay(policy, item.attempts + 1, outcome.retryAfterMs);
        await recordAttempt(deps.db, item.id, outcome.reason, nowMs() + delay);
        log.warn({ path: item.path, reason: outcome.reason, retry_in_ms: delay }, 'the server refused the submission (plan or quota); kept in the outbox');
        return;
      }
      case 'rejected':
        await deps.write(async (tx) => {
          await acknowledge(tx, item.id);
          if (item.kind === 'classify') await recordDeliveryError(tx, item.path, outcome.reason);
        });
        setState({ rejected: state.rejected + 1 });
        log.error({ path: item.path, kind: item.kind, status: outcome.status, reason: outcome.reason }, 'the server rejected the submission permanently; recorded, not retried until the file changes');
        return;
    }
  }

  /** Transient failures and refusals of the key back off the whole loop once per round, not once per request. */
  const backsOff = (o: ApiOutcome): o is Extract<ApiOutcome, { kind: 'retry' | 'auth' }> => o.kind === 'retry' || o.kind === 'auth';

  async function run(): Promise<void> {
    while (!stopped) {
      try {
        woken = false;
        const items = await dueItems(deps.db, nowMs(), { items: perRound, bytes: ROUND_BYTES });
        if (items.length === 0) {
          if (state.status === 'sending') setState({ status: 'idle' });
          const due = await earliestDue(deps.db);
          await sleep(due === null ? Infinity : due - nowMs(), true);
          continue;
        }
        if (state.status === 'idle') setState({ status: 'sending' });
        // The client's pool has a socket for each (agent.ts: requests_in_flight + 2).
        inFlight = Promise.all(items.map((item) => (item.kind === 'classify' ? deps.client.classify(item.body) : deps.client.remove(item.body))));
        const outcomes = await inFlight;
        inFlight = null;
        // Successes (in one transaction) and per-item outcomes first; then the first failure
        // backs off, and the other failed items of the round only count an attempt.
        const accepted: Array<{ item: OutboxItem; outcome: Extract<ApiOutcome, { kind: 'ok' }> }> = [];
        for (const [i, item] of items.entries()) {
          const outcome = outcomes[i]!;
          if (outcome.kind === 'ok') accepted.push({ item, outcome });
        }
        await delivered(accepted);
        let backedOff = false;
        for (const [i, item] of items.entries()) {
          const outcome = outcomes[i]!;
          if (outcome.kind === 'ok') continue;
          if (stopped && outcome.kind === 'retry') continue; // abandoned on close: still queued
          if (!backsOff(outcome)) await handle(item, outcome);
        }
        for (const [i, item] of items.entries()) {
          const outcome = outcomes[i]!;
          if (stopped || !backsOff(outcome)) continue;
          if (backedOff) await recordAttempt(deps.db, item.id, outcome.reason, null);
          else {
            backedOff = true;
            await handle(item, outcome);
          }
        }
        if (stopped) return;
        if (!backedOff && items.length < perRound) await sleep(ROUND_GATHER_MS, false);
      } catch (err) {
        if (stopped) return;
        log.error({ err: (err as Error).message }, 'delivery loop error; retrying');
        await sleep(deps.delivery.retry_initial_ms, false);
      }
    }
  }

  return {
    start() {
      loop ??= run();
    },
    wake() {
      woken = true;
      wakeUp?.();
    },
    state: () => state,
    async close(graceMs) {
      if (stopped) return loop ?? Promise.resolve();
      stopped = true;
      stopSleep?.();
      if (inFlight) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([inFlight, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
        clearTimeout(timer);
        deps.client.close();
      }
      await loop;
    },
  };
}
