// Pool of classification worker threads, so that no rule and no content can hold the caller's
// thread: each job gets a time budget from its content's size; a worker over budget is terminated
// and replaced, and the job fails with ClassificationBudgetError naming the rule it was on.
// The one exception: a small content under a policy made only of the default catalogue's matchers
// (catalogue-policy.ts), whose cost is linear and bounded, is classified on the caller's thread,
// as a thread hop would cost more than the classification (docs/security.md, "Rule safety").
// The server classifies every request here; the agent classifies every file here.
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { type AssetInput, type Classification, classify } from '../engine/classify.ts';
import type { CompiledPolicy } from '../engine/compile-policy.ts';
import { ClassificationBudgetError } from '../errors.ts';
import { budgetFor } from './classification-budget.ts';
import type { BodyOutcome, ClassifyBody, ClassifyReply, ClassifyRequest, ClassifyWorkerData, PolicyDefinitions } from './classify-protocol.ts';
import { nameContentReaderUnavailable } from './name-content-body.ts';
import { createQueueAdmission } from './queue-admission.ts';

export interface ClassificationPoolOptions {
  readonly workers: number;
  /** Time allowed per MiB (1,048,576 characters) of content, in milliseconds. */
  readonly budgetMsPerMb: number;
  /** Time allowed however small the content, in milliseconds. */
  readonly minBudgetMs: number;
  readonly logger: Logger;
  /**
   * Jobs that may wait for a worker; past them a `refuse` job is refused at once with
   * ClassificationQueueFullError (queue-admission.ts) and a `wait` job waits for a place
   * (Admission). Unset: the queue has no limit (the agent's).
   */
  readonly maxQueued?: number | undefined;
  /** Told of every job refused so (for /metrics). */
  readonly onQueueFull?: (() => void) | undefined;
}

/**
 * What a job does when `maxQueued` jobs already wait: `refuse` (a client's request, which can
 * retry: 503 server_busy) or `wait` for a place, taken ahead of new jobs (the server's own
 * callers, which cannot retry: a CSV import's rows, a manual classification).
 */
export type Admission = 'refuse' | 'wait';

export interface PoolPolicy {
  /** Changes whenever the definitions do (e.g. workspace id and policy revision). */
  readonly key: string;
  readonly definitions: PolicyDefinitions;
  /** Names of the enabled rules in evaluation order (CompiledPolicy.rules), to name a slow one. */
  readonly ruleNames: readonly string[];
  /**
   * The compiled definitions, only when they are the catalogue's alone (catalogue-policy.ts): a
   * content of at most INLINE_MAX_CHARS is then classified on the caller's thread.
   */
  readonly inline?: CompiledPolicy | undefined;
}

/**
 * Characters classified on the caller's thread under a catalogue-only policy: at most about 4 ms
 * of the event loop on the slowest text found for the catalogue (docs/security.md); beyond this
 * size the hop to a worker is small beside the classification.
 */
export const INLINE_MAX_CHARS = 8 * 1024;

export interface ClassificationPool {
  /** Starts the workers now rather than at the first job (a server does, so the first request does not wait). */
  start(): void;
  /**
   * Rejects with ClassificationBudgetError when the budget is exceeded or the worker fails, and a
   * `refuse` job (the default) with ClassificationQueueFullError when the queue is full.
   */
  classify(policy: PoolPolicy, asset: AssetInput, admission?: Admission): Promise<Classification>;
  /**
   * Throws ClassificationQueueFullError (counted and logged as a refusal) when a `refuse` job would
   * be refused now: for a caller that has costly work to do before its job (an upload to extract).
   */
  refuseIfFull(): void;
  /** Jobs waiting for a worker (at most maxQueued), and `wait` jobs waiting for a place among them. */
  depth(): { readonly queued: number; readonly waiting: number };
  /**
   * A classify request's JSON body, parsed, checked and (when plain) classified in a worker
   * (classify-protocol.ts, ClassifyBody); always in a worker. `bytes` are handed over: the caller
   * must not use them afterwards. The budget is that of as many characters as the body has bytes
   * until the worker has parsed it, then that of its content's characters from then on. Always a
   * `refuse` job: only a client's POST /classify/preview sends a body.
   */
  classifyBody(policy: PoolPolicy, body: { readonly bytes: Buffer; readonly limits: ClassifyBody['limits'] }): Promise<BodyOutcome>;
  /** Idempotent; terminates the workers; queued and running jobs reject. */
  close(): Promise<void>;
}

const WORKER_ENTRY = new URL('./classify-worker-bootstrap.mjs', import.meta.url);
/** Keys a worker is assumed to hold (it keeps 64; it answers `missing` when it does not). */
const KNOWN_KEYS = 32;
const WORKER_HEAP_MB = 512;
const MAX_START_FAILURES = 3;

type Answer = Extract<ClassifyReply, { type: 'result' | 'body' }>;

interface Job {
  readonly id: number;
  readonly policy: PoolPolicy;
  /** What is classified: an asset, or a JSON body whose bytes come back when the worker answers `missing`. */
  readonly asset: AssetInput | null;
  body: ClassifyBody | null;
  budgetMs: number;
  /** The content's characters: an asset's at once, a body's once the worker has parsed it (`started`). */
  chars: number | null;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly progress: Int32Array;
  readonly known: Set<string>;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

export function createClassificationPool(opts: ClassificationPoolOptions): ClassificationPool {
  const { logger } = opts;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  /** Workers in a row that ended before they were ready: past MAX_START_FAILURES, queued jobs fail instead of waiting. */
  let startFailures = 0;
  let started = false;
  const admission = opts.maxQueued === undefined ? null : createQueueAdmission({ maxQueued: opts.maxQueued, logger, onRefused: opts.onQueueFull });
  /** `wait` jobs that found the queue full, in order; each joins the queue as a place frees, ahead of new jobs. */
  const waiting: Job[] = [];
  const maxQueued = opts.maxQueued ?? Infinity;
  /** Joins the queue, or waits for a place (only a `wait` job finds it full: a `refuse` job was refused). */
  const enqueue = (job: Job) => {
    (queue.length < maxQueued ? queue : waiting).push(job);
    dispatch();
  };

  const send = (slot: Slot, job: Job, withPolicy: boolean) => {
    if (withPolicy) {
      slot.known.add(job.policy.key);
      if (slot.known.size > KNOWN_KEYS) slot.known.delete(slot.known.values().next().value!);
    }
    const req: ClassifyRequest = { id: job.id, key: job.policy.key, policy: withPolicy ? job.policy.definitions : null, asset: job.asset, body: job.body };
    slot.worker.postMessage(req, job.body ? [job.body.bytes] : []);
  };

  const finish = (slot: Slot) => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    dispatch();
  };

  /** Ends a worker that is over budget or broken; its job fails; a new worker takes its place. */
  const replace = (slot: Slot, reason: string | null) => {
    const i = slots.indexOf(slot);
    if (i < 0) return;
    slots.splice(i, 1);
    startFailures = slot.ready ? 0 : startFailures + 1;
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
    if (job) {
      const rule = job.policy.ruleNames[Atomics.load(slot.progress, 0)] ?? null;
      const err = new ClassificationBudgetError(job.budgetMs, rule, reason ?? undefined);
      logger.warn({ event: 'classification_stopped', reason: reason ?? 'budget_exceeded', budget_ms: job.budgetMs, rule, content_chars: job.chars }, 'classification stopped');
      job.reject(err);
    }
    dispatch();
  };

  const start = (): Slot => {
    const progress = new Int32Array(new SharedArrayBuffer(4));
    progress[0] = -1;
    const workerData: ClassifyWorkerData = { progress: progress.buffer as SharedArrayBuffer };
    const worker = new Worker(WORKER_ENTRY, { workerData, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.unref();
    const slot: Slot = { worker, progress, known: new Set(), ready: false, job: null, timer: null };
    worker.on('message', (msg: ClassifyReply) => {
      if (msg.type === 'ready') {
        slot.ready = true;
        dispatch();
        return;
      }
      if (msg.type === 'reader_failed') {
        logger.warn({ reason: msg.reason }, 'preview body reader unavailable');
        return;
      }
      const job = slot.job;
      if (!job || msg.id !== job.id) return;
      if (msg.type === 'missing') {
        if (job.body && msg.bytes) job.body = { ...job.body, bytes: msg.bytes };
        send(slot, job, true);
      } else if (msg.type === 'started') {
        // The body's content is known now: its own budget, from now.
        job.chars = msg.chars;
        job.budgetMs = budgetFor(msg.chars, opts);
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = setTimeout(() => replace(slot, null), job.budgetMs);
      } else if (msg.type === 'result' || msg.type === 'body') {
        finish(slot);
        job.resolve(msg);
      } else {
        finish(slot);
        logger.warn({ event: 'classification_failed', rule: msg.rule, error: msg.message }, 'classification failed');
        job.reject(new ClassificationBudgetError(job.budgetMs, msg.rule, `failed (${msg.message})`));
      }
    });
    // A reply this thread cannot read (structured clone's limits) fails its job at once, not at the end of its budget.
    worker.on('messageerror', (err) => replace(slot, `failed (worker reply unreadable: ${err.message})`));
    worker.on('error', (err) => replace(slot, `failed (worker error: ${err.message})`));
    worker.on('exit', (code) => replace(slot, `failed (worker exited with code ${code})`));
    slots.push(slot);
    return slot;
  };

  function dispatch(): void {
    if (closed) return;
    if (startFailures >= MAX_START_FAILURES) {
      startFailures = 0; // the next job tries again
      for (const job of [...queue.splice(0), ...waiting.splice(0)]) job.reject(new ClassificationBudgetError(job.budgetMs, null, 'failed (the classification workers cannot start)'));
      logger.error({ event: 'classification_workers_failing' }, 'classification workers cannot start');
      return;
    }
    while (slots.length < opts.workers) start();
    for (const slot of slots) {
      if (queue.length === 0) return admission?.drained();
      if (!slot.ready || slot.job) continue;
      const job = queue.shift()!;
      if (waiting.length > 0) queue.push(waiting.shift()!);
      slot.job = job;
      Atomics.store(slot.progress, 0, -1);
      slot.timer = setTimeout(() => replace(slot, null), job.budgetMs);
      send(slot, job, !slot.known.has(job.policy.key));
    }
  }

  /** Classifies on this thread; an engine error fails the job exactly as it would in a worker. */
  const classifyHere = (compiled: CompiledPolicy, policy: PoolPolicy, asset: AssetInput): Promise<Classification> => {
    let index = -1;
    try {
      return Promise.resolve(classify(compiled, asset, (i) => (index = i)));
    } catch (err) {
      const rule = policy.ruleNames[index] ?? null;
      const message = err instanceof Error ? err.message : String(err);
      logger.warn({ event: 'classification_failed', rule, error: message }, 'classification failed');
      return Promise.reject(new ClassificationBudgetError(budgetFor(asset.content?.length ?? 0, opts), rule, `failed (${message})`));
    }
  };

  return {
    start() {
      // Said once, as the engine's scanner is (server-process.ts): a machine that reads large preview bodies with JSON.parse says so.
      if (!started) {
        started = true;
        const problem = nameContentReaderUnavailable();
        if (problem) logger.warn({ reason: problem }, 'preview body reader unavailable');
      }
      dispatch();
    },
    classify(policy, asset, how = 'refuse') {
      if (closed) return Promise.reject(new Error('classification pool is closed'));
      const chars = asset.content?.length ?? 0;
      if (policy.inline && chars <= INLINE_MAX_CHARS) return classifyHere(policy.inline, policy, asset);
      const full = how === 'refuse' ? admission?.refusal(queue.length) : null;
      if (full) return Promise.reject(full);
      return new Promise((resolve, reject) => {
        // The worker answers an asset with `result`, always (classify-worker.ts); the other arm is
        // unreachable, there only so that a bug fails its job instead of the process.
        const onAnswer = (a: Answer) => (a.type === 'result' ? resolve(a.result) : reject(new Error('unreachable: classification worker answered an asset job with a body outcome')));
        enqueue({ id: nextId++, policy, asset, body: null, budgetMs: budgetFor(chars, opts), chars, resolve: onAnswer, reject });
      });
    },
    depth: () => ({ queued: queue.length, waiting: waiting.length }),
    refuseIfFull() {
      const full = admission?.refusal(queue.length);
      if (full) throw full;
    },
    classifyBody(policy, { bytes, limits }) {
      if (closed) return Promise.reject(new Error('classification pool is closed'));
      const full = admission?.refusal(queue.length);
      if (full) return Promise.reject(full);
      // Handed over whole when the Buffer is its ArrayBuffer (a body over Buffer.poolSize / 2 is), else copied out once.
      const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      const body: ClassifyBody = { bytes: whole ? (bytes.buffer as ArrayBuffer) : new Uint8Array(bytes).buffer, limits };
      return new Promise((resolve, reject) => {
        // The worker answers a body with `body`, always (classify-worker.ts); the other arm is
        // unreachable, as in classify().
        const onAnswer = (a: Answer) => (a.type === 'body' ? resolve(a.outcome) : reject(new Error('unreachable: classification worker answered a body job with a result')));
        enqueue({ id: nextId++, policy, asset: null, body, budgetMs: budgetFor(bytes.byteLength, opts), chars: null, resolve: onAnswer, reject });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      const running = slots.splice(0);
      for (const job of [...queue.splice(0), ...waiting.splice(0), ...running.flatMap((s) => (s.job ? [s.job] : []))]) job.reject(new Error('classification pool is closed'));
      await Promise.all(
        running.map((s) => {
          if (s.timer) clearTimeout(s.timer);
          s.worker.removeAllListeners();
          return s.worker.terminate();
        }),
      );
    },
  };
}
