// Archives (zip, tar, tar.gz/tgz, gz) as lists of members held in memory, never written to disk.
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { displayName, InflateBudget, isOutputTooLarge } from './container-limits.ts';
import { ExtractError } from './extraction-result.ts';
import { isTar, readTar } from './tar-reader.ts';
import { openZip } from './zip-reader.ts';

export interface Member {
  name: string;
  /** Null when the member could not be read; reason says why. */
  data: Buffer | null;
  error?: ExtractError;
}

function gunzip(data: Buffer, budget: InflateBudget, name: string): Buffer {
  try {
    const out = gunzipSync(data, { maxOutputLength: budget.remaining() + 1 });
    budget.spend(name, out.length, data.length);
    return out;
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    if (isOutputTooLarge(err)) throw new ExtractError('bomb', `${name} inflates past the ${budget.limits.maxInflatedBytes}-byte budget`);
    throw new ExtractError('corrupt', `cannot decompress ${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Every entry in directory order: members that share a name are each read and classified, none hidden. */
function zipMembers(data: Buffer, budget: InflateBudget): Member[] {
  const zip = openZip(data, budget, 'may-repeat');
  const members: Member[] = [];
  for (const entry of zip.entries) {
    if (entry.name.endsWith('/')) continue;
    try {
      members.push({ name: entry.name, data: zip.read(entry) });
    } catch (err) {
      if (!(err instanceof ExtractError) || err.code === 'bomb') throw err;
      members.push({ name: entry.name, data: null, error: err });
    }
  }
  return members;
}

const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');
const EMPTY_ZIP_MAGIC = Buffer.from('PK\x05\x06', 'latin1');
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/** The members of an archive, found by content (zip, gzip, tar) rather than by name. */
export function archiveMembers(data: Buffer, name: string, budget: InflateBudget): Member[] {
  const head = data.subarray(0, 4);
  if (head.equals(ZIP_MAGIC) || head.equals(EMPTY_ZIP_MAGIC)) return zipMembers(data, budget);
  if (data.subarray(0, 2).equals(GZIP_MAGIC)) {
    budget.countMember(displayName(basename(name)));
    const inner = gunzip(data, budget, displayName(basename(name)));
    if (isTar(inner)) return readTar(inner, budget);
    const innerName = basename(name).replace(/\.(gz|tgz)$/i, (m) => (m.toLowerCase() === '.tgz' ? '.tar' : ''));
    return [{ name: innerName || 'member', data: inner }];
  }
  if (isTar(data)) return readTar(data, budget);
  throw new ExtractError('corrupt', 'not a zip, gzip or tar archive');
}
