// Live watching of every root. Its events are only hints (the reconciliation scan is what makes
// the index correct): a changed path is re-checked, a vanished folder has its tracked files
// re-checked, a new folder is scanned. With inotify (the default) one watch per folder and
// nothing per file (folder-watch.ts): inotify watches and memory (about 2 KiB of RSS a folder)
// grow with folders, not files. Polling (network shares, agent.watch.polling) has no folder
// events, so there chokidar polls every candidate file. Running out of inotify watches is
// reported clearly and the agent falls back to its scheduled scans. Links are never followed here (chokidar has
// no loop protection: `ln -s . loop` makes it recurse without end); with follow_symlinks the
// scans, which detect loops, cover what lies behind links.
import { watch as fsWatch } from 'node:fs';
import { type FSWatcher, watch } from 'chokidar';
import type { Logger } from 'pino';
import type { PathFilter } from '../files/path-filter.ts';
import { createFolderWatch, isWatchLimitError } from './folder-watch.ts';

export { isWatchLimitError } from './folder-watch.ts';

export type WatchMode = 'inotify' | 'polling' | 'scans-only' | 'closed';

export interface FileWatcher {
  /** Resolves once every folder is watched (events from then on are reported), or the watch was dropped or closed. */
  start(): Promise<void>;
  mode(): WatchMode;
  close(): Promise<void>;
}

export function createFileWatcher(opts: {
  roots: readonly string[];
  filter: PathFilter;
  polling: boolean;
  pollIntervalMs: number;
  logger: Logger;
  onPath: (path: string) => void;
  onDirGone: (dir: string) => void;
  onDirAdded: (dir: string) => void;
  /** fs.watch (inotify mode) and chokidar's watch() (polling mode); replaceable in tests. */
  fsWatchFn?: typeof fsWatch;
  watchFn?: typeof watch;
}): FileWatcher {
  const log = opts.logger.child({ component: 'watcher' });
  let mode: WatchMode = opts.polling ? 'polling' : 'inotify';
  let ready = false;
  let closing: Promise<void> | null = null;
  /** Stops the running watch, if any. */
  let stop: (() => Promise<void>) | null = null;
  /** Resolves start()'s promise in polling mode: called by chokidar's 'ready', and by degrade() and close(), which drop a watcher that never becomes ready. */
  let settleStart: (() => void) | null = null;

  function degrade(err: NodeJS.ErrnoException): void {
    if (mode === 'scans-only' || closing !== null) return;
    mode = 'scans-only';
    log.error(
      { code: err.code, err: err.message },
      'file watch limit reached (inotify watches or open files): live watching is OFF and changes are picked up by the scheduled rescans only. ' +
        'Raise the limit (sysctl fs.inotify.max_user_watches=524288, see README) and restart the agent, or set agent.watch.polling: true',
    );
    const s = stop;
    stop = null;
    settleStart?.();
    void s?.().catch(() => undefined);
  }

  function onError(err: unknown): void {
    const e = err as NodeJS.ErrnoException;
    if (isWatchLimitError(e)) return degrade(e);
    if (e.code === 'EACCES' || e.code === 'EPERM') log.warn({ code: e.code, path: (e as { path?: string }).path }, 'permission denied while watching; retried on the next scan');
    else log.warn({ code: e.code, err: e.message }, 'watcher error');
  }

  async function startFolders(): Promise<void> {
    const startedMs = performance.now();
    const folders = createFolderWatch({
      roots: opts.roots,
      filter: opts.filter,
      onPath: opts.onPath,
      onDirGone: opts.onDirGone,
      onDirAdded: opts.onDirAdded,
      onLimit: degrade,
      onError: (err, dir) => onError(Object.assign(err, { path: err.path ?? dir })),
      watchFn: opts.fsWatchFn,
    });
    stop = async () => folders.close();
    const n = await folders.start();
    ready = true;
    if (mode === 'inotify') log.info({ roots: opts.roots, mode, folders: n, ms: Math.round(performance.now() - startedMs) }, 'watching');
  }

  function startPolling(): Promise<void> {
    const startedMs = performance.now();
    const w: FSWatcher = (opts.watchFn ?? watch)([...opts.roots], {
      ignoreInitial: true,
      followSymlinks: false,
      usePolling: true,
      interval: opts.pollIntervalMs,
      binaryInterval: opts.pollIntervalMs,
      persistent: true,
      // Hidden folders, excluded paths and files of no enabled format are never watched.
      ignored: (path: string, stats?: { isFile(): boolean }) => opts.filter.isExcluded(path) || (stats?.isFile() === true && opts.filter.acceptsFile(path) === null),
    });
    stop = () => w.close();
    w.on('add', (p) => opts.onPath(p));
    w.on('change', (p) => opts.onPath(p));
    w.on('unlink', (p) => opts.onPath(p));
    w.on('unlinkDir', (p) => opts.onDirGone(p));
    w.on('addDir', (p) => {
      if (ready) opts.onDirAdded(p);
    });
    w.on('error', onError);
    return new Promise<void>((resolve) => {
      settleStart = () => {
        settleStart = null;
        ready = true;
        resolve();
      };
      w.once('ready', () => {
        if (mode === 'polling') log.info({ roots: opts.roots, mode, ms: Math.round(performance.now() - startedMs) }, 'watching');
        settleStart?.();
      });
    });
  }

  return {
    start() {
      if (closing !== null) return Promise.resolve();
      return opts.polling ? startPolling() : startFolders();
    },
    mode: () => mode,
    close() {
      closing ??= (async () => {
        const s = stop;
        stop = null;
        mode = 'closed';
        settleStart?.();
        await s?.();
      })();
      return closing;
    },
  };
}
