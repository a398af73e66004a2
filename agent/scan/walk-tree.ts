// Lists the candidate files below a folder: excluded folders are not entered, links are skipped
// unless followed (and then a folder already visited, by device and inode, is not entered again,
// so link cycles end), and an unreadable folder is reported and skipped.
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PathFilter } from '../files/path-filter.ts';

export interface WalkOptions {
  readonly followSymlinks: boolean;
  readonly filter: PathFilter;
  readonly signal: AbortSignal;
  /** The candidate files of one folder, once it is listed (also when listing it failed part way). */
  onFolder(dir: string, files: string[]): Promise<void>;
  /** A file that is not excluded but that the agent does not read (its type has no enabled extractor, or no include glob matches). */
  onSkipped?(path: string): void;
  onUnreadable(dir: string, code: string | undefined): void;
}

export async function walkTree(top: string, opts: WalkOptions): Promise<void> {
  const visited = new Set<string>();
  const firstVisit = async (dir: string): Promise<boolean> => {
    if (!opts.followSymlinks) return true;
    const st = await stat(dir);
    const key = `${st.dev}:${st.ino}`;
    if (visited.has(key)) return false;
    visited.add(key);
    return true;
  };
  await firstVisit(top).catch(() => true);
  const stack = [top];
  while (stack.length > 0 && !opts.signal.aborted) {
    const dir = stack.pop()!;
    const files: string[] = [];
    try {
      for await (const entry of await opendir(dir)) {
        if (opts.signal.aborted) break;
        const full = join(dir, entry.name);
        let isDir = entry.isDirectory();
        if (entry.isSymbolicLink()) {
          if (!opts.followSymlinks) continue;
          try {
            isDir = (await stat(full)).isDirectory();
          } catch {
            isDir = false; // dangling or a cycle of file links: processing records it if it looks like a document
          }
        }
        if (isDir) {
          if (!opts.filter.isExcluded(full) && (await firstVisit(full).catch(() => false))) stack.push(full);
        } else if (opts.filter.acceptsFile(full) !== null) {
          files.push(full);
        } else if (opts.onSkipped && !opts.filter.isExcluded(full)) {
          opts.onSkipped(full);
        }
      }
    } catch (err) {
      opts.onUnreadable(dir, (err as NodeJS.ErrnoException).code);
    }
    if (files.length > 0) await opts.onFolder(dir, files);
  }
}
