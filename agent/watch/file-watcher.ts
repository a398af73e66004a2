// chokidar on every root. Its events are only hints (the reconciliation scan is what makes the
// index correct): a changed path is re-checked, a vanished folder has its tracked files
// re-checked, a new folder is scanned. Running out of inotify watches is reported clearly and
// the agent falls back to its scheduled scans. chokidar never follows links (it has no loop
// protection: `ln -s . loop` makes it recurse without end); with follow_symlinks the scans,
// which detect loops, cover what lies behind links.
import { type FSWatcher, watch } from 'chokidar';
import type { Logger } from 'pino';
import type { PathFilter } from '../files/path-filter.ts';

export type WatchMode = 'inotify' | 'polling' | 'scans-only' | 'closed';

export interface FileWatcher {
  /** Resolves once the initial crawl is done (events from then on are reported). */
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
    void w?.close().catch(() => undefined);
  }

  function onError(err: unknown): void {
    const e = err as NodeJS.ErrnoException;
    if (isWatchLimitError(e)) return degrade(e);
    if (e.code === 'EACCES' || e.code === 'EPERM') log.warn({ code: e.code, path: (e as { path?: string }).path }, 'permission denied while watching; retried on the next scan');
    else log.warn({ code: e.code, err: e.message }, 'watcher error');
  }

  return {
    start() {
      if (closing !== null) return Promise.resolve();
      const w = (opts.watchFn ?? watch)([...opts.roots], {
        ignoreInitial: true,
        followSymlinks: false,
        usePolling: opts.polling,
        interval: opts.pollIntervalMs,
        binaryInterval: opts.pollIntervalMs,
        persistent: true,
        // Hidden folders, excluded paths and files of no enabled format are never watched.
        ignored: (path: string, stats?: { isFile(): boolean }) => opts.filter.isExcluded(path) || (stats?.isFile() === true && opts.filter.acceptsFile(path) === null),
      });
      watcher = w;
      w.on('add', (p) => opts.onPath(p));
      w.on('change', (p) => opts.onPath(p));
      w.on('unlink', (p) => opts.onPath(p));
      w.on('unlinkDir', (p) => opts.onDirGone(p));
      w.on('addDir', (p) => {
        if (ready) opts.onDirAdded(p);
      });
      w.on('error', onError);
      return new Promise<void>((resolve) => {
        const done = () => {
          ready = true;
          resolve();
        };
        w.once('ready', done);
        // A watcher dropped for a limit error never becomes ready: do not wait for it.
        const check = setInterval(() => {
          if (watcher !== w) {
            clearInterval(check);
            done();
          }
        }, 50);
        w.once('ready', () => clearInterval(check));
        if (mode !== 'scans-only') log.info({ roots: opts.roots, mode }, 'watching');
      });
    },
    mode: () => mode,
    close() {
      closing ??= (async () => {
        const w = watcher;
        watcher = null;
        mode = 'closed';
        await w?.close();
      })();
      return closing;
    },
  };
}
