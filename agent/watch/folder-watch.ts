// Live watching with inotify at file-server scale: one fs.watch (one inotify watch) per folder
// and nothing per file. The agent's own walk lists the folders one at a time and never stats a
// file (chokidar lists every folder of the tree at once and stats every file: for 20,000 folders
// a 215 MiB heap peak and 49 MiB kept, see docs/benchmarks.md). A folder's watch names each entry
// created, changed, moved or deleted in it: a candidate file is reported, a new folder is watched
// with the folders below it and reported, a watched folder that went away is reported and its
// watches closed. Links are not followed (the scans cover what lies behind them).
import { type FSWatcher, type Stats, watch as fsWatch } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { PathFilter } from '../files/path-filter.ts';

/** inotify (or file descriptor) limits: watching cannot continue as configured. */
export function isWatchLimitError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EMFILE' || code === 'ENFILE';
}

const GONE = new Set(['ENOENT', 'ENOTDIR']);

export interface FolderWatch {
  /** Watches every folder below the roots; resolves with the number of folders watched (early when closed). */
  start(): Promise<number>;
  close(): void;
}

export function createFolderWatch(opts: {
  roots: readonly string[];
  filter: PathFilter;
  onPath: (path: string) => void;
  onDirGone: (dir: string) => void;
  onDirAdded: (dir: string) => void;
  /** A folder could not be watched for lack of inotify watches or descriptors: the caller closes this watch. */
  onLimit: (err: NodeJS.ErrnoException) => void;
  onError: (err: NodeJS.ErrnoException, dir: string) => void;
  /** fs.watch; replaceable in tests. */
  watchFn?: typeof fsWatch;
}): FolderWatch {
  const watches = new Map<string, FSWatcher>();
  let closed = false;

  function failed(err: NodeJS.ErrnoException, dir: string): void {
    if (isWatchLimitError(err)) opts.onLimit(err);
    else if (!GONE.has(err.code ?? '')) opts.onError(err, dir);
  }

  /** Closes the watches of `dir` and of every folder below it. */
  function unwatch(dir: string): void {
    const below = dir.endsWith(sep) ? dir : `${dir}${sep}`;
    for (const [d, w] of watches) {
      if (d === dir || d.startsWith(below)) {
        w.close();
        watches.delete(d);
      }
    }
  }

  /** False when watching must stop (closed, or out of watches). */
  function watchOne(dir: string): boolean {
    if (closed) return false;
    if (watches.has(dir)) return true;
    try {
      const w = (opts.watchFn ?? fsWatch)(dir, { persistent: true }, (event, name) => void onEvent(dir, event, name));
      w.on('error', (err: NodeJS.ErrnoException) => {
        unwatch(dir);
        failed(err, dir);
      });
      watches.set(dir, w);
    } catch (err) {
      failed(err as NodeJS.ErrnoException, dir);
    }
    return !closed;
  }

  /** Watches `top` and the folders below it, listing one folder at a time. */
  async function watchTree(top: string): Promise<void> {
    const stack = [top];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      if (!watchOne(dir)) return;
      try {
        // One listing call per folder (opendir would take a round trip per 32 entries and two more).
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          if (!entry.isDirectory()) continue;
          const full = join(dir, entry.name);
          if (!opts.filter.isExcluded(full)) stack.push(full);
        }
      } catch (err) {
        failed(err as NodeJS.ErrnoException, dir);
      }
    }
  }

  async function onEvent(dir: string, event: string, name: string | null): Promise<void> {
    if (closed || !name) return;
    const path = join(dir, name);
    if (opts.filter.isExcluded(path)) return;
    if (event === 'change' && !watches.has(path)) {
      if (opts.filter.acceptsFile(path) !== null) opts.onPath(path);
      return;
    }
    // 'rename': an entry appeared or went away (when the watched folder itself went, `name` is its own name).
    const st: Stats | null = await lstat(path).catch(() => null);
    if (closed) return;
    if (st?.isDirectory()) {
      if (watches.has(path)) return;
      await watchTree(path);
      if (!closed) opts.onDirAdded(path);
    } else if (watches.has(path)) {
      unwatch(path);
      opts.onDirGone(path);
    } else if (opts.filter.acceptsFile(path) !== null) {
      opts.onPath(path);
    }
  }

  return {
    async start() {
      for (const root of opts.roots) if (!closed) await watchTree(root);
      return watches.size;
    },
    close() {
      closed = true;
      for (const w of watches.values()) w.close();
      watches.clear();
    },
  };
}
