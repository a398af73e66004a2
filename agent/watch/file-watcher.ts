// chokidar on every root. Its events are only hints (the reconciliation scan is what makes the
// index correct): a changed path is re-checked, a vanished folder has its tracked files
// re-checked, a new folder is scanned. With inotify, chokidar watches folders only: one inotify
// watch and one entry per folder, none per file (chokidar would otherwise open an fs.watch on
// every file, ~30 KiB each, and 200,000 files exceed the default inotify watch limit). A folder's
// watch reports the name of every file created, changed, moved or deleted in it (chokidar's
// `raw` event), and that path is re-checked. Polling (network shares) has no such folder events,
// so there chokidar still polls every candidate file. Running out of inotify watches is reported clearly and
// the agent falls back to its scheduled scans. chokidar never follows links (it has no loop
// protection: `ln -s . loop` makes it recurse without end); with follow_symlinks the scans,
// which detect loops, cover what lies behind links.
import { join } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import type { Logger } from 'pino';
import type { PathFilter } from '../files/path-filter.ts';

export type WatchMode = 'inotify' | 'polling' | 'scans-only' | 'closed';

export interface FileWatcher {
  /** Resolves once the initial crawl is done (events from then on are reported), or the watcher was dropped or closed. */
  start(): Promise<void>;
  mode(): WatchMode;
  close(): Promise<void>;
}

/** inotify (or file descriptor) limits: watching cannot continue as configured. */
export function isWatchLimitError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EMFILE' || code === 'ENFILE';
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
  /** chokidar's watch(); replaceable in tests. */
  watchFn?: typeof watch;
}): FileWatcher {
  const log = opts.logger.child({ component: 'watcher' });
  let watcher: FSWatcher | null = null;
  let mode: WatchMode = opts.polling ? 'polling' : 'inotify';
  let ready = false;
  let closing: Promise<void> | null = null;
  /** Resolves start()'s promise: called by 'ready', and by degrade() and close(), which drop a watcher that never becomes ready. */
  let settleStart: (() => void) | null = null;

  function degrade(err: NodeJS.ErrnoException): void {
    if (mode === 'scans-only' || closing !== null) return;
    mode = 'scans-only';
    log.error(
      { code: err.code, err: err.message },
      'file watch limit reached (inotify watches or open files): live watching is OFF and changes are picked up by the scheduled rescans only. ' +
        'Raise the limit (sysctl fs.inotify.max_user_watches=524288, see README) and restart the agent, or set agent.watch.polling: true',
    );
    const w = watcher;
    watcher = null;
    settleStart?.();
    void w?.close().catch(() => undefined);
  }

  function onError(err: unknown): void {
    const e = err as NodeJS.ErrnoException;
    if (isWatchLimitError(e)) return degrade(e);
    if (e.code === 'EACCES' || e.code === 'EPERM') log.warn({ code: e.code, path: (e as { path?: string }).path }, 'permission denied while watching; retried on the next scan');
    else log.warn({ code: e.code, err: e.message }, 'watcher error');
  }

  /** inotify: a folder's watch names the entry that changed in it; a candidate file there is re-checked. */
  function onRaw(_event: string, name: unknown, details: unknown): void {
    const dir = (details as { watchedPath?: unknown } | null)?.watchedPath;
    if (typeof name !== 'string' || name === '' || typeof dir !== 'string') return;
    const path = join(dir, name);
    if (path !== dir && !opts.filter.isExcluded(path) && opts.filter.acceptsFile(path) !== null) opts.onPath(path);
  }

  return {
    start() {
      if (closing !== null) return Promise.resolve();
      const startedMs = performance.now();
      const foldersOnly = !opts.polling;
      const w = (opts.watchFn ?? watch)([...opts.roots], {
        ignoreInitial: true,
        followSymlinks: false,
        usePolling: opts.polling,
        interval: opts.pollIntervalMs,
        binaryInterval: opts.pollIntervalMs,
        persistent: true,
        // Hidden folders and excluded paths are never watched; with inotify nothing but folders
        // is (stats are absent on chokidar's first call for a path, then present), with polling
        // the files of an enabled format too.
        ignored: (path: string, stats?: { isFile(): boolean; isDirectory(): boolean }) =>
          opts.filter.isExcluded(path) || (stats !== undefined && (foldersOnly ? !stats.isDirectory() : stats.isFile() && opts.filter.acceptsFile(path) === null)),
      });
      watcher = w;
      if (foldersOnly) w.on('raw', onRaw);
      w.on('add', (p) => opts.onPath(p));
      w.on('change', (p) => opts.onPath(p));
      w.on('unlink', (p) => opts.onPath(p));
      w.on('unlinkDir', (p) => opts.onDirGone(p));
      w.on('addDir', (p) => {
        if (ready) opts.onDirAdded(p);
      });
      w.on('error', onError);
      if (mode !== 'scans-only') log.info({ roots: opts.roots, mode }, 'watch starting');
      return new Promise<void>((resolve) => {
        settleStart = () => {
          settleStart = null;
          ready = true;
          resolve();
        };
        w.once('ready', () => {
          if (watcher === w) log.info({ roots: opts.roots, mode, folders: Object.keys(w.getWatched()).length, ms: Math.round(performance.now() - startedMs) }, 'watching');
          settleStart?.();
        });
        // Dropped (limit error) or closed before this promise existed.
        if (watcher !== w) settleStart();
      });
    },
    mode: () => mode,
    close() {
      closing ??= (async () => {
        const w = watcher;
        watcher = null;
        mode = 'closed';
        settleStart?.();
        await w?.close();
      })();
      return closing;
    },
  };
}
