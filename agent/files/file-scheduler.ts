// Runs file processing: one job per path at a time (a new hint during a run re-runs it after),
// at most `concurrency` at once, and only once a file is stable — its size and modification
// time unchanged for `stabilityMs` — so half-written files are not read.
import { lstat } from 'node:fs/promises';

export type Outcome = 'unchanged' | 'classified' | 'unparseable' | 'removed' | 'ignored' | 'changed' | 'error' | 'cancelled';

export interface FileScheduler {
  /** Processes `path` once it is stable; resolves with the outcome of that run. */
  submit(path: string): Promise<Outcome>;
  /** Paths settling, queued or running. */
  pending(): number;
  /** Resolves when fewer than `n` paths are pending (scans use it as backpressure). */
  whenBelow(n: number): Promise<void>;
  /** Stops intake, cancels waiting work, waits for running jobs (their signal is aborted). Idempotent. */
  close(): Promise<void>;
}

interface Entry {
  readonly path: string;
  state: 'settling' | 'queued' | 'running';
  waiters: Array<(o: Outcome) => void>;
  /** Waiters of a re-run requested while running. */
  again: Array<(o: Outcome) => void> | null;
  lastSignature: string | null;
  timer: NodeJS.Timeout | null;
}

export function createFileScheduler(opts: {
  concurrency: number;
  stabilityMs: number;
  now: () => number;
  process: (path: string, signal: AbortSignal) => Promise<Outcome>;
  onError: (path: string, err: unknown) => void;
}): FileScheduler {
  const entries = new Map<string, Entry>();
  const queue: Entry[] = [];
  const running = new Set<Promise<void>>();
  const abort = new AbortController();
  let belowWaiters: Array<{ n: number; resolve: () => void }> = [];
  let closing: Promise<void> | null = null;

  function notifyBelow(): void {
    belowWaiters = belowWaiters.filter((w) => {
      if (entries.size < w.n || closing !== null) w.resolve();
      return !(entries.size < w.n || closing !== null);
    });
  }

  function finish(entry: Entry, outcome: Outcome): void {
    for (const w of entry.waiters.splice(0)) w(outcome);
  }

  async function settle(entry: Entry): Promise<void> {
    entry.timer = null;
    if (closing !== null) return;
    let signature: string | null = null;
    let ageMs = Infinity;
    try {
      const st = await lstat(entry.path);
      if (st.isFile()) {
        signature = `${st.size}:${st.mtimeMs}`;
        ageMs = opts.now() - st.mtimeMs;
      }
    } catch {
      // gone or unreadable: processing decides what that means
    }
    if (closing !== null) return;
    const stable = signature === null || opts.stabilityMs === 0 || ageMs >= opts.stabilityMs || signature === entry.lastSignature;
    if (stable) {
      entry.state = 'queued';
      queue.push(entry);
      pump();
      return;
    }
    entry.lastSignature = signature;
    entry.timer = setTimeout(() => void settle(entry), opts.stabilityMs);
  }

  function pump(): void {
    while (running.size < opts.concurrency && queue.length > 0 && closing === null) {
      const entry = queue.shift()!;
      entry.state = 'running';
      const job = run(entry);
      running.add(job);
      void job.finally(() => {
        running.delete(job);
        pump();
      });
    }
  }

  async function run(entry: Entry): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await opts.process(entry.path, abort.signal);
    } catch (err) {
      outcome = abort.signal.aborted ? 'cancelled' : 'error';
      if (outcome === 'error') opts.onError(entry.path, err);
    }
    // A file that changed while it was read is settled again; its waiters get the next outcome.
    if (outcome === 'changed' && closing === null) {
      entry.state = 'settling';
      entry.lastSignature = null;
      void settle(entry);
      return;
    }
    finish(entry, outcome);
    if (entry.again !== null && closing === null) {
      entry.waiters = entry.again;
      entry.again = null;
      entry.state = 'settling';
      entry.lastSignature = null;
      void settle(entry);
      return;
    }
    if (entry.again !== null) for (const w of entry.again.splice(0)) w('cancelled');
    entries.delete(entry.path);
    notifyBelow();
  }

  return {
    submit(path) {
      return new Promise<Outcome>((resolve) => {
        if (closing !== null) return resolve('cancelled');
        const existing = entries.get(path);
        if (existing) {
          if (existing.state === 'running') (existing.again ??= []).push(resolve);
          else existing.waiters.push(resolve);
          return;
        }
        const entry: Entry = { path, state: 'settling', waiters: [resolve], again: null, lastSignature: null, timer: null };
        entries.set(path, entry);
        void settle(entry);
      });
    },
    pending: () => entries.size,
    whenBelow(n) {
      if (entries.size < n || closing !== null) return Promise.resolve();
      return new Promise((resolve) => belowWaiters.push({ n, resolve }));
    },
    close() {
      closing ??= (async () => {
        abort.abort(new Error('agent closing'));
        for (const entry of entries.values()) {
          if (entry.timer !== null) clearTimeout(entry.timer);
          if (entry.state !== 'running') {
            finish(entry, 'cancelled');
            entries.delete(entry.path);
          }
        }
        queue.length = 0;
        notifyBelow();
        await Promise.allSettled([...running]);
      })();
      return closing;
    },
  };
}
