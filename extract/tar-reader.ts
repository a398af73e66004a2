// Minimal in-memory tar reader (ustar, GNU long names, pax paths): members are views into the buffer.
import { InflateBudget } from './container-limits.ts';
import { ExtractError } from './extraction-result.ts';

export interface TarMember {
  name: string;
  data: Buffer;
}

const BLOCK = 512;

function field(buf: Buffer, at: number, len: number): string {
  const raw = buf.subarray(at, at + len);
  const nul = raw.indexOf(0);
  return raw.toString('utf8', 0, nul === -1 ? len : nul);
}

function size(buf: Buffer, at: number): number {
  if ((buf[at]! & 0x80) !== 0) {
    // base-256 (GNU) for sizes of 8 GiB and more: larger than anything held in memory
    throw new ExtractError('bomb', 'tar member declares a size of 8 GiB or more');
  }
  const text = field(buf, at, 12).trim();
  if (!/^[0-7]*$/.test(text)) throw new ExtractError('corrupt', 'invalid tar header (size is not octal)');
  return text === '' ? 0 : parseInt(text, 8);
}

function paxPath(data: Buffer): string | null {
  for (const line of data.toString('utf8').split('\n')) {
    const m = /^\d+ path=(.*)$/.exec(line);
    if (m) return m[1]!;
  }
  return null;
}

/** True when buf looks like a tar archive (ustar magic in the first header). */
export function isTar(buf: Buffer): boolean {
  return buf.length >= BLOCK && buf.toString('latin1', 257, 262) === 'ustar';
}

/** Regular-file members of a tar archive, in order; directories, links and devices are left out. */
export function readTar(buf: Buffer, budget: InflateBudget): TarMember[] {
  const members: TarMember[] = [];
  let at = 0;
  let longName: string | null = null;
  while (at + BLOCK <= buf.length) {
    const header = buf.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
    const length = size(header, 124);
    const type = String.fromCharCode(header[156]!);
    const start = at + BLOCK;
    if (start + length > buf.length) throw new ExtractError('corrupt', 'tar member runs past the end of the archive');
    const data = buf.subarray(start, start + length);
    at = start + Math.ceil(length / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === 'g') continue;
    const prefix = header.toString('latin1', 257, 262) === 'ustar' ? field(header, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = null;
    if (type !== '0' && type !== '\0' && type !== '7') continue;
    budget.countMember(name);
    members.push({ name, data });
  }
  return members;
}
