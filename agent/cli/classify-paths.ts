// The files `assay classify` looks at: files named on the command line as they are, and folders
// walked recursively for files of a readable type (symbolic links are not followed, so link loops
// cannot trap the walk). Files of other types in folders are counted by extension, not dropped silently.
import { lstat, opendir } from 'node:fs/promises';
import { join } from 'node:path';
import { extensionOf, formatForPath } from '../../extract/formats.ts';

export interface ClassifyPaths {
  files: string[];
  /** Files inside folders that no extractor reads, by extension ("" for none). */
  skipped: Map<string, number>;
  /** Folders that could not be read, with the error code. */
  unreadableDirs: { dir: string; code: string }[];
}

async function walk(top: string, out: ClassifyPaths): Promise<void> {
  const stack = [top];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const found: string[] = [];
    try {
      for await (const entry of await opendir(dir)) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) stack.push(full);
        else if (entry.isFile()) {
          if (formatForPath(full) !== null) found.push(full);
          else {
            const ext = extensionOf(full);
            out.skipped.set(ext, (out.skipped.get(ext) ?? 0) + 1);
          }
        }
      }
    } catch (err) {
      out.unreadableDirs.push({ dir, code: (err as NodeJS.ErrnoException).code ?? 'error' });
    }
    out.files.push(...found.sort());
  }
}

/** Expands absolute paths: folders to the readable files below them (sorted per folder), files as given. */
export async function expandPaths(paths: readonly string[]): Promise<ClassifyPaths> {
  const out: ClassifyPaths = { files: [], skipped: new Map(), unreadableDirs: [] };
  for (const path of paths) {
    const st = await lstat(path).catch(() => null);
    if (st?.isDirectory()) await walk(path, out);
    else out.files.push(path);
  }
  return out;
}
