// Bounded file read: regular files only, size-checked before and while reading, errno mapped to failure codes.
import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
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
 * before opening and the open is non-blocking, so a hostile FIFO cannot hang a thread-pool thread.
 */
export async function readFileBounded(path: string, maxBytes: number): Promise<Buffer> {
  try {
    checkStats(await stat(path), maxBytes);
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const st = await handle.stat();
      checkStats(st, maxBytes);
      // Read one byte past the limit to notice a file that grew after stat.
      const buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
      let filled = 0;
      while (filled < buf.length) {
        const { bytesRead } = await handle.read(buf, filled, buf.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled > maxBytes) throw new ExtractError('too_large', `file grew past the limit of ${maxBytes} bytes while reading`);
      return buf.subarray(0, filled);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw fsErrorToExtractError(err);
  }
}
