// Reads ZIP members into memory (never onto disk) against an InflateBudget: sizes, ratio and count bounded.
import { displayName, InflateBudget } from './container-limits.ts';
import { ExtractError } from './extraction-result.ts';
import { entryData, type EntryNames, nameKey, readZipDirectory, type ZipEntry } from './zip-directory.ts';
import { inflateRawBounded } from './zip-inflate.ts';

export interface ZipArchive {
  entries: readonly ZipEntry[];
  /** The entry of that name (ignoring ASCII case in an OOXML package, where repeats are refused so), or undefined. */
  find(name: string): ZipEntry | undefined;
  /** Inflates one entry in memory; 'encrypted', 'corrupt' or 'bomb' as ExtractError. */
  read(entry: ZipEntry): Buffer;
}

/** The archive's directory (refusing repeated names as `names` says: zip-directory.ts), its entries read on demand. */
export function openZip(buf: Buffer, budget: InflateBudget, names: EntryNames): ZipArchive {
  const entries = readZipDirectory(buf, budget.limits.maxMembers, names);
  const byName = new Map(entries.map((e) => [nameKey(e.name, names), e]));
  function read(entry: ZipEntry): Buffer {
    const name = displayName(entry.name);
    budget.countMember(name);
    if (entry.encrypted) throw new ExtractError('encrypted', `member ${name} is encrypted`);
    const declaredRatio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize >= budget.limits.ratioMinBytes && declaredRatio > budget.limits.maxRatio) {
      throw new ExtractError('bomb', `member ${name} declares compression ratio ${Math.round(declaredRatio)}:1`);
    }
    const data = entryData(buf, entry);
    let out: Buffer;
    if (entry.method === 0) out = data;
    else if (entry.method === 8) {
      // One byte more than the budget allows, so reaching it is noticed (budget.spend); declared sizes may lie.
      const inflated = inflateRawBounded(data, budget.remaining() + 1, `member ${name}`);
      if (inflated === null) throw new ExtractError('bomb', `member ${name} inflates past the ${budget.limits.maxInflatedBytes}-byte budget`);
      out = inflated;
    } else throw new ExtractError('corrupt', `member ${name} uses unsupported compression method ${entry.method}`);
    budget.spend(name, out.length, data.length);
    return out;
  }
  return { entries, find: (name) => byName.get(nameKey(name, names)), read };
}
