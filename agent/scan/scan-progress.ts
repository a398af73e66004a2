// Counters of one reconciliation scan (found, done, failed, rate, ETA), logged and published
// every few seconds while it runs, and once when it ends.
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';

export interface ScanProgress {
  readonly state: 'running' | 'finished' | 'interrupted';
  readonly trigger: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  /** Still listing folders (found keeps growing, so the ETA is a lower bound). */
  readonly walking: boolean;
  readonly found: number;
  readonly done: number;
  readonly failed: number;
  readonly unreadable_dirs: number;
  readonly removed: number;
  /** Files seen and not read because no enabled extractor reads their type (images, binaries, …). */
  readonly skipped: number;
  /** The most frequent extensions among the skipped files (`""` for none), most first. */
  readonly skipped_top: readonly { readonly ext: string; readonly count: number }[];
  /** Files done per second since the start. */
  readonly rate: number;
  readonly eta_s: number | null;
}

export interface ScanCounter {
  found(): void;
  done(failed: boolean, removed: boolean): void;
  unreadableDir(): void;
  skipped(ext: string): void;
  walked(): void;
  end(state: 'finished' | 'interrupted'): ScanProgress;
  snapshot(): ScanProgress;
}

const MAX_EXTENSIONS = 1000;
const TOP_EXTENSIONS = 10;

function topExtensions(byExt: ReadonlyMap<string, number>): { ext: string; count: number }[] {
  return [...byExt]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_EXTENSIONS)
    .map(([ext, count]) => ({ ext, count }));
}

export function startScanProgress(opts: { trigger: string; logger: Logger; clock: Clock; intervalMs: number; publish: (p: ScanProgress) => void }): ScanCounter {
  const startedMs = opts.clock.now().getTime();
  const started_at = new Date(startedMs).toISOString();
  let found = 0;
  let done = 0;
  let failed = 0;
  let removed = 0;
  let unreadable = 0;
  let skipped = 0;
  const skippedByExt = new Map<string, number>();
  let walking = true;

  function snapshot(state: ScanProgress['state'] = 'running', finished_at: string | null = null): ScanProgress {
    const seconds = Math.max((opts.clock.now().getTime() - startedMs) / 1000, 0.001);
    const rate = done / seconds;
    const eta_s = rate > 0 ? Math.round((found - done) / rate) : null;
    return { state, trigger: opts.trigger, started_at, finished_at, walking, found, done, failed, unreadable_dirs: unreadable, removed, skipped, skipped_top: topExtensions(skippedByExt), rate: Math.round(rate * 10) / 10, eta_s };
  }

  const timer = setInterval(() => {
    const p = snapshot();
    opts.logger.info(p, 'scan progress');
    opts.publish(p);
  }, opts.intervalMs);
  timer.unref();

  return {
    found: () => void found++,
    done(f, r) {
      done++;
      if (f) failed++;
      if (r) removed++;
    },
    unreadableDir: () => void unreadable++,
    skipped(ext) {
      skipped++;
      // Bounded: a tree of random extensions cannot grow the map without limit.
      if (skippedByExt.has(ext) || skippedByExt.size < MAX_EXTENSIONS) skippedByExt.set(ext, (skippedByExt.get(ext) ?? 0) + 1);
    },
    walked: () => void (walking = false),
    end(state) {
      clearInterval(timer);
      walking = false;
      const p = snapshot(state, opts.clock.now().toISOString());
      opts.logger.info(p, state === 'finished' ? 'scan finished' : 'scan interrupted');
      opts.publish(p);
      return p;
    },
    snapshot: () => snapshot(),
  };
}
