// Pool of extraction worker threads: queueing, per-file timeout, heap limit, crash recovery, clean shutdown.
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { failure, type ExtractionFailure, type ExtractFormat, type ExtractionResult } from './extraction-result.ts';
import type { ContainerLimits } from './container-limits.ts';
import { formatForPath } from './formats.ts';
import { DEFAULT_OCR_LIMITS, type OcrLimits } from './ocr-engine.ts';
import { watchRss, type RssWatch } from './memory-watchdog.ts';
import type { ExtractRequest, WorkerConfig, WorkerMessage } from './worker-protocol.ts';

export interface ExtractorPoolOptions {
  workers: number;
  timeoutMs: number;
  maxMemoryMb: number;
  maxFileBytes: number;
  maxTextChars: number;
  /** Archive and mail limits (depth, members, inflated bytes, ratio); defaults when absent. */
  container?: ContainerLimits;
  /** `extract.ocr`; defaults to DEFAULT_OCR_LIMITS (OCR on). */
  ocr?: OcrLimits;
  logger: Logger;
}

export interface ExtractorPool {
  /** Never rejects: every failure is a result. */
  extract(path: string): Promise<ExtractionResult>;
  /** Extracts bytes held in memory (an upload) named name; the bytes are moved to the worker, not copied. */
  extractData(data: Uint8Array, name: string): Promise<ExtractionResult>;
  /** Idempotent; terminates workers; pending extractions resolve as failures. */
  close(): Promise<void>;
}

const WORKER_ENTRY = new URL('./extraction-worker-bootstrap.mjs', import.meta.url);
/** A worker that has not loaded its extractors by then is considered broken. */
const STARTUP_TIMEOUT_MS = 30_000;
/** After this many consecutive failed worker starts, queued work fails instead of waiting forever. */
const MAX_START_FAILURES = 3;
/**
 * Workers are recycled after this many files read by a parsing library, bounding slow leaks in those
 * libraries (each worker's heap is capped as well: resourceLimits below). Plain text (our own
 * decoder, nothing kept between files) does not count. A restart reloads pdf.js and the rest (about
 * 0.7 s of CPU) and V8 optimises them again on its background threads: 2,000 instead of 500 gave
 * 5.4-6.0 against 5.9-6.6 ms of agent CPU per file on the 10,000-file bench at the same peak RSS
 * (docs/benchmarks.md, round 5).
 */
const MAX_PARSED_FILES_PER_WORKER = 2000;
const MIB = 1024 * 1024;
const RSS_SAMPLE_MS = 100;
/** Per busy worker, RSS may grow by its heap limit, three copies of the largest file, and this much for decoded streams. */
const RSS_OVERHEAD_PER_WORKER = 256 * MIB;
/**
 * The young generation of a worker's heap, in MiB. Left to V8, parsing allocates fast enough to
 * grow it to its default maximum, RSS that the file does not need.
 * Measured on 120 PDF and DOCX files of the agent bench through 2 workers: peak RSS +94 MiB over
 * idle with the default, +56 MiB with 8; CPU 3–14 % more (more scavenges; A/B pairs on a loaded host).
 */
const YOUNG_GENERATION_MB = 8;

interface Job {
  id: number;
  path: string;
  data?: Uint8Array;
  format: ExtractFormat;
  resolve: (result: ExtractionResult) => void;
  startedAt: number;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  /** Files this worker read with a parsing library (every format but plain text). */
  parsedFiles: number;
  error: (Error & { code?: string }) | null;
}

function assertPositive(name: string, value: number, integer: boolean): void {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(`ExtractorPoolOptions.${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  }
}

export function createExtractorPool(opts: ExtractorPoolOptions): ExtractorPool {
  assertPositive('workers', opts.workers, true);
  assertPositive('timeoutMs', opts.timeoutMs, false);
  assertPositive('maxMemoryMb', opts.maxMemoryMb, false);
  assertPositive('maxFileBytes', opts.maxFileBytes, true);
  assertPositive('maxTextChars', opts.maxTextChars, true);

  const log = opts.logger.child({ component: 'extractor-pool' });
  const ocr = opts.ocr ?? DEFAULT_OCR_LIMITS;
  assertPositive('ocr.fileTimeoutMs', ocr.fileTimeoutMs, false);
  const config: WorkerConfig = { maxFileBytes: opts.maxFileBytes, maxTextChars: opts.maxTextChars, ocr, ...(opts.container ? { container: opts.container } : {}) };
  const queue: Job[] = [];
  const slots = new Set<Slot>();
  const terminations = new Set<Promise<unknown>>();
  let nextId = 1;
  let startFailures = 0;
  let closing: Promise<void> | null = null;
  let rssWatch: RssWatch | null = null;
  const rssAllowance = opts.workers * (opts.maxMemoryMb * MIB + 3 * opts.maxFileBytes + RSS_OVERHEAD_PER_WORKER);

  function settle(job: Pick<Job, 'path' | 'resolve' | 'startedAt'>, result: ExtractionResult, extra: object = {}): void {
    if (!result.ok) logFailure(job.path, result, Date.now() - job.startedAt, extra);
    else if (result.unreadPages !== undefined) {
      log.warn({ path: job.path, format: result.format, unreadPages: result.unreadPages, pages: result.pages }, 'PDF pages without a text layer not read: OCR is off');
    }
    job.resolve(result);
  }

  function logFailure(path: string, result: ExtractionFailure, ms: number, extra: object): void {
    const line = { path, format: result.format, code: result.code, reason: result.reason, ms, ...extra };
    if (result.code === 'unsupported') log.debug(line, 'extraction skipped');
    else log.warn(line, 'extraction failed');
  }

  function clearTimer(slot: Slot): void {
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
  }

  /** Removes a slot from the pool and terminates its worker; its exit event is then ignored. */
  function retire(slot: Slot): Promise<unknown> {
    slots.delete(slot);
    clearTimer(slot);
    const done = slot.worker.terminate().catch(() => undefined);
    terminations.add(done);
    void done.finally(() => terminations.delete(done));
    return done;
  }

  /**
   * Runs the RSS watchdog only while some worker is busy. The baseline is taken when work starts, so it
   * includes the idle workers and whatever the rest of the process holds at that time.
   */
  function updateRssWatch(): void {
    let busy = false;
    for (const slot of slots) if (slot.job !== null) busy = true;
    if (busy && rssWatch === null && closing === null) {
      const limitBytes = process.memoryUsage.rss() + rssAllowance;
      rssWatch = watchRss({ limitBytes, intervalMs: RSS_SAMPLE_MS, onExceeded: (rss) => onRssExceeded(rss, limitBytes) });
    } else if ((!busy || closing !== null) && rssWatch !== null) {
      rssWatch.stop();
      rssWatch = null;
    }
  }

  /** Stops the longest-running extraction (normal files finish fast; a runaway one does not). */
  async function onRssExceeded(rss: number, limitBytes: number): Promise<void> {
    let victim: Slot | null = null;
    for (const slot of slots) {
      if (slot.job !== null && (victim === null || slot.job.startedAt < victim.job!.startedAt)) victim = slot;
    }
    const job = victim?.job;
    if (!victim || !job) return;
    victim.job = null;
    const done = retire(victim);
    const reason = `process memory reached ${Math.round(rss / MIB)} MB (limit ${Math.round(limitBytes / MIB)} MB) during extraction`;
    settle(job, failure(job.format, 'memory', reason), { workerReplaced: true });
    await done;
    pump();
  }

  function failQueue(code: ExtractionFailure['code'], reason: string): void {
    for (const job of queue.splice(0)) settle(job, failure(job.format, code, reason));
  }

  function spawn(): void {
    const worker = new Worker(WORKER_ENTRY, {
      workerData: config,
      execArgv: [], // a clean thread: the bootstrap registers tsx itself, whatever the parent runs under
      resourceLimits: { maxOldGenerationSizeMb: opts.maxMemoryMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, stackSizeMb: 4 },
    });
    const slot: Slot = { worker, ready: false, job: null, timer: null, parsedFiles: 0, error: null };
    slots.add(slot);
    slot.timer = setTimeout(() => {
      slot.error = new Error(`worker did not start within ${STARTUP_TIMEOUT_MS} ms`);
      void retire(slot);
      onStartFailure(slot, null);
      pump();
    }, STARTUP_TIMEOUT_MS);
    worker.on('message', (msg: WorkerMessage) => onMessage(slot, msg));
    worker.on('error', (err) => {
      slot.error = err;
    });
    worker.on('exit', (code) => onExit(slot, code));
  }

  function onMessage(slot: Slot, msg: WorkerMessage): void {
    if (!slots.has(slot)) return;
    if (msg.type === 'console') {
      log.debug({ method: msg.method, output: msg.text }, 'extraction worker console output');
      return;
    }
    if (msg.type === 'loaded') {
      if (slot.job !== null && slot.job.id === msg.id) {
        slot.job.startedAt = Date.now();
        startTimer(slot, slot.job, opts.timeoutMs);
      }
      return;
    }
    if (msg.type === 'ocr') {
      if (slot.job !== null && slot.job.id === msg.id) startTimer(slot, slot.job, ocr.fileTimeoutMs);
      return;
    }
    if (msg.type === 'ready') {
      clearTimer(slot);
      slot.ready = true;
      startFailures = 0;
      slot.worker.unref();
    } else {
      const job = slot.job;
      if (job === null || job.id !== msg.id) return;
      clearTimer(slot);
      slot.job = null;
      if (job.format !== 'text') slot.parsedFiles++;
      slot.worker.unref();
      settle(job, msg.result);
      if (slot.parsedFiles >= MAX_PARSED_FILES_PER_WORKER) void retire(slot);
    }
    pump();
  }

  function onStartFailure(slot: Slot, exitCode: number | null): void {
    startFailures++;
    log.error({ err: slot.error, exitCode, startFailures }, 'extraction worker failed to start');
    if (startFailures >= MAX_START_FAILURES) {
      failQueue('unreadable', `extraction worker could not start: ${slot.error?.message ?? `exit code ${exitCode}`}`);
    }
  }

  function onExit(slot: Slot, exitCode: number): void {
    if (!slots.has(slot)) return; // retired on purpose (timeout, recycling, close)
    slots.delete(slot);
    clearTimer(slot);
    const job = slot.job;
    if (job !== null) {
      slot.job = null;
      const err = slot.error;
      const result =
        err?.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? failure(job.format, 'memory', `extraction exceeded the ${opts.maxMemoryMb} MB heap limit`)
          : failure(job.format, 'corrupt', `extraction worker crashed: ${err?.message ?? `exit code ${exitCode}`}`);
      settle(job, result, { workerReplaced: true });
    } else if (!slot.ready) {
      onStartFailure(slot, exitCode);
    } else {
      log.warn({ err: slot.error, exitCode }, 'idle extraction worker exited; it will be replaced on demand');
    }
    pump();
  }

  /** (Re)starts the job's deadline: budgetMs from when the job started. */
  function startTimer(slot: Slot, job: Job, budgetMs: number): void {
    clearTimer(slot);
    slot.timer = setTimeout(() => {
      if (slot.job !== job) return;
      slot.job = null;
      void retire(slot);
      settle(job, failure(job.format, 'timeout', `extraction took longer than ${budgetMs} ms`), { workerReplaced: true });
      pump();
    }, Math.max(0, job.startedAt + budgetMs - Date.now()));
  }

  function dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    job.startedAt = Date.now();
    slot.worker.ref();
    startTimer(slot, job, opts.timeoutMs);
    const request: ExtractRequest = { type: 'extract', id: job.id, path: job.path, format: job.format, ...(job.data ? { data: job.data } : {}) };
    const data = job.data;
    job.data = undefined; // the worker owns the bytes now
    slot.worker.postMessage(request, data ? [data.buffer as ArrayBuffer] : []);
  }

  function pump(): void {
    if (closing !== null) return updateRssWatch();
    for (const slot of slots) {
      if (queue.length === 0) break;
      if (slot.ready && slot.job === null) dispatch(slot, queue.shift()!);
    }
    let starting = 0;
    for (const slot of slots) if (!slot.ready) starting++;
    while (queue.length > starting && slots.size < opts.workers) {
      spawn();
      starting++;
    }
    updateRssWatch();
  }

  function extract(path: string, data?: Uint8Array): Promise<ExtractionResult> {
    return new Promise((resolve) => {
      const startedAt = Date.now();
      const format = formatForPath(path);
      if (closing !== null) {
        settle({ path, resolve, startedAt }, failure(format, 'unreadable', 'extractor pool is closed'));
      } else if (format === null) {
        settle({ path, resolve, startedAt }, failure(null, 'unsupported', 'no extractor for this file extension'));
      } else {
        queue.push({ id: nextId++, path, ...(data ? { data } : {}), format, resolve, startedAt });
        pump();
      }
    });
  }

  function close(): Promise<void> {
    if (closing !== null) return closing;
    const pending: Job[] = queue.splice(0);
    for (const slot of slots) {
      if (slot.job !== null) pending.push(slot.job);
      slot.job = null;
    }
    for (const slot of [...slots]) void retire(slot);
    closing = Promise.allSettled([...terminations]).then(() => undefined);
    updateRssWatch();
    for (const job of pending) settle(job, failure(job.format, 'unreadable', 'extractor pool closed before the extraction finished'));
    return closing;
  }

  function extractData(data: Uint8Array, name: string): Promise<ExtractionResult> {
    if (data.byteLength > opts.maxFileBytes) {
      return Promise.resolve(failure(formatForPath(name), 'too_large', `file is ${data.byteLength} bytes, limit is ${opts.maxFileBytes}`));
    }
    // A private copy when the bytes share a larger buffer (Node's pooled Buffers), so only they are transferred.
    const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : new Uint8Array(data);
    return extract(name, own);
  }

  return { extract: (path) => extract(path), extractData, close };
}
