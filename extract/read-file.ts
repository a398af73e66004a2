// Bounded file read: regular files only, size-checked before and while reading, errno mapped to failure codes.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { ExtractError } from './extraction-result.ts';

const UNREADABLE_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'file vanished before it could be read',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'path is a directory',
  ENOTDIR: 'a path component is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'path too long',
  EIO: 'I/O error',
  EBUSY: 'file is busy or locked',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
};

/** Maps a file-system error to an ExtractError ('unreadable'); anything else is rethrown unchanged. */
export function fsErrorToExtractError(err: unknown): ExtractError {
  if (err instanceof ExtractError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string') {
    const why = UNREADABLE_REASONS[code] ?? 'file system error';
    return new ExtractError('unreadable', `${why} (${code})`, { cause: err });
  }
  return new ExtractError('unreadable', `read failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

function checkStats(st: Stats, maxBytes: number): void {
  if (!st.isFile()) throw new ExtractError('unreadable', 'not a regular file');
  if (st.size > maxBytes) throw new ExtractError('too_large', `file is ${st.size} bytes, limit is ${maxBytes}`);
}

/**
 * Reads a whole regular file of at most maxBytes. Special files (FIFOs, devices, sockets) are refused
 * before opening and the open is non-blocking, so a hostile FIFO cannot hang the thread.
 *
 * Synchronous: it runs in an extraction worker thread, which reads one file at a time, so nothing
 * waits on it there. The promise API cost 250-660 us of CPU per small file (a FileHandle, promises
 * and a thread-pool hop per call: stat, open, fstat, read, close) against 20-60 us this way, which
 * for the text and CSV files that are most of a file server was more than decoding them
 * (docs/benchmarks.md, round 5); and a read hanging on a network share now holds this thread, not
 * one of the four libuv threads the agent's SQLite and file system calls share.
 */
export function readFileBounded(path: string, maxBytes: number): Buffer {
  try {
    checkStats(statSync(path), maxBytes);
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const st = fstatSync(fd);
      checkStats(st, maxBytes);
      // Read one byte past the limit to notice a file that grew after stat.
      const buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
      let filled = 0;
      while (filled < buf.length) {
        const bytesRead = readSync(fd, buf, filled, buf.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled > maxBytes) throw new ExtractError('too_large', `file grew past the limit of ${maxBytes} bytes while reading`);
      return buf.subarray(0, filled);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw fsErrorToExtractError(err);
  }
}
