// The reconciliation scan: walks every root (without following links unless configured, and
// then with loop detection), submits every candidate file that is not unchanged (one query per
// few hundred files tells those), and afterwards re-checks every tracked path it did not see, so that
// deletions missed by the watcher are reported. Folders it could not read are logged and their
// tracked files left alone until a later scan can read them.
import { stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import type { SqliteDatabase } from '../../lib/sqlite-database.ts';
import type { FileScheduler, Outcome } from '../files/file-scheduler.ts';
import type { PathFilter } from '../files/path-filter.ts';
import { allPaths } from '../state/file-records.ts';
import { type ScanCounter, type ScanProgress, startScanProgress } from './scan-progress.ts';
import { unchangedFiles } from './unchanged-files.ts';
import { walkTree } from './walk-tree.ts';
import { extensionOf } from '../../extract/formats.ts';

/** Submitted-but-unfinished files a walk allows before it waits (bounded memory on huge trees). */
const HIGH_WATER = 2000;
/** Files of consecutive folders looked up together (one query, their lstats in parallel). */
const LOOKUP_BATCH = 500;

export interface ReconcileScan {
  /** Runs one full scan; concurrent calls share the running one. */
  run(trigger: string, signal: AbortSignal): Promise<ScanProgress>;
  /** Submits the files below one folder (a folder that appeared); no removals, no progress lines. */
  scanFolder(dir: string, signal: AbortSignal): Promise<void>;
  current(): ScanProgress | null;
}

export function createReconcileScan(deps: {
  roots: readonly string[];
  followSymlinks: boolean;
  filter: PathFilter;
  scheduler: FileScheduler;
  db: SqliteDatabase;
  logger: Logger;
  clock: Clock;
  progressIntervalMs: number;
  publish: (p: ScanProgress) => void;
  /** The version of the rules in force, null before any are loaded (files are then all processed). */
  rulesVersion: () => string | null;
}): ReconcileScan {
  const log = deps.logger.child({ component: 'scan' });
  let running: Promise<ScanProgress> | null = null;
  let counter: ScanCounter | null = null;
  let last: ScanProgress | null = null;

  async function scan(trigger: string, signal: AbortSignal): Promise<ScanProgress> {
    const progress = startScanProgress({ trigger, logger: log, clock: deps.clock, intervalMs: deps.progressIntervalMs, publish: deps.publish });
    counter = progress;
    log.info({ trigger, roots: deps.roots }, 'scan started');
    const seen = new Set<string>();
    const unreadable: string[] = [];
    let outstanding = 0;
    let allDone: (() => void) | null = null;

    async function submit(path: string, found: boolean): Promise<void> {
      await deps.scheduler.whenBelow(HIGH_WATER);
      if (found) progress.found();
      outstanding++;
      void deps.scheduler.submit(path).then((o: Outcome) => {
        progress.done(o === 'unparseable' || o === 'error', o === 'removed');
        if (--outstanding === 0 && allDone) allDone();
      });
    }
    const settled = () => (outstanding === 0 ? Promise.resolve() : new Promise<void>((r) => (allDone = r)));

    /** Listed files not yet looked up: unchanged ones are counted, the others submitted. */
    const listed: string[] = [];
    async function lookUp(): Promise<void> {
      const files = listed.splice(0);
      const unchanged = await unchangedFiles(deps.db, files, deps.rulesVersion());
      for (const path of files) {
        seen.add(path);
        if (!unchanged.has(path)) await submit(path, true);
        else {
          progress.found();
          progress.done(false, false);
        }
      }
    }

    async function walk(root: string): Promise<void> {
      try {
        if (!(await stat(root)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      } catch (err) {
        log.error({ root, code: (err as NodeJS.ErrnoException).code }, 'watch root unavailable; its files are kept as they are until it is back');
        unreadable.push(root);
        return;
      }
      await walkTree(root, {
        followSymlinks: deps.followSymlinks,
        filter: deps.filter,
        signal,
        onFolder: async (_dir, files) => {
          listed.push(...files);
          if (listed.length >= LOOKUP_BATCH && !signal.aborted) await lookUp();
        },
        onSkipped: (path) => progress.skipped(extensionOf(path)),
        onUnreadable: (dir, code) => {
          log.warn({ dir, code }, 'cannot read folder; skipped, retried on the next scan');
          progress.unreadableDir();
          unreadable.push(dir);
        },
      });
    }

    let failed = true;
    try {
      for (const root of deps.roots) if (!signal.aborted) await walk(root);
      if (!signal.aborted) await lookUp();
      progress.walked();
      // Tracked files the walk did not see: deleted, moved out, now excluded, or outside every root.
      if (!signal.aborted) {
        const skip = (p: string) => unreadable.some((d) => p === d || p.startsWith(d.endsWith(sep) ? d : `${d}${sep}`));
        for (const path of await allPaths(deps.db)) {
          if (signal.aborted) break;
          if (!seen.has(path) && !skip(path)) await submit(path, false);
        }
      }
      await settled();
      failed = false;
    } finally {
      last = progress.end(signal.aborted || failed ? 'interrupted' : 'finished');
      counter = null;
    }
    return last;
  }

  return {
    run(trigger, signal) {
      running ??= scan(trigger, signal).finally(() => {
        running = null;
      });
      return running;
    },
    current: () => counter?.snapshot() ?? last,
    async scanFolder(dir, signal) {
      await walkTree(dir, {
        followSymlinks: deps.followSymlinks,
        filter: deps.filter,
        signal,
        onFolder: async (_d, files) => {
          for (const path of files) {
            await deps.scheduler.whenBelow(HIGH_WATER);
            void deps.scheduler.submit(path);
          }
        },
        onUnreadable: (d, code) => log.warn({ dir: d, code }, 'cannot read folder; skipped, retried on the next scan'),
      });
    },
  };
}
