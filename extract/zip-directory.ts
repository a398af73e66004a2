// Minimal ZIP central-directory reader (with ZIP64), enough to vet an archive before handing it to a parser.
import { displayName } from './container-limits.ts';
import { ExtractError } from './extraction-result.ts';

export interface ZipEntry {
  name: string;
  method: number; // 0 stored, 8 deflate
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number; // as declared by the archive; may lie
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

function corrupt(reason: string): ExtractError {
  return new ExtractError('corrupt', `invalid zip: ${reason}`);
}

function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('64-bit field out of range');
  return Number(v);
}

function findEocd(buf: Buffer): number {
  const lowest = Math.max(0, buf.length - 22 - U16_MAX);
  for (let at = buf.length - 22; at >= lowest; at--) {
    if (buf.readUInt32LE(at) === EOCD_SIG) return at;
  }
  throw corrupt('end of central directory not found');
}

interface Directory {
  count: number;
  offset: number;
  size: number;
  /** Where the central directory must end: the ZIP64 end record when there is one, else the end record. */
  expectedEnd: number;
}

function readDirectoryLocation(buf: Buffer, eocd: number): Directory {
  let count = buf.readUInt16LE(eocd + 10);
  let size = buf.readUInt32LE(eocd + 12);
  let offset = buf.readUInt32LE(eocd + 16);
  let expectedEnd = eocd;
  const locator = eocd - 20;
  if ((count === U16_MAX || size === U32_MAX || offset === U32_MAX) && locator >= 0 && buf.readUInt32LE(locator) === ZIP64_LOCATOR_SIG) {
    const z = u64(buf, locator + 8);
    if (z + 56 > buf.length || buf.readUInt32LE(z) !== ZIP64_EOCD_SIG) throw corrupt('bad ZIP64 end of central directory');
    count = u64(buf, z + 32);
    size = u64(buf, z + 40);
    offset = u64(buf, z + 48);
    expectedEnd = z;
  }
  if (offset + size > buf.length) throw corrupt('central directory lies outside the file');
  return { count, offset, size, expectedEnd };
}

/** Applies a ZIP64 extended-information extra field to the entry's saturated 32-bit fields. */
function applyZip64Extra(buf: Buffer, extraStart: number, extraEnd: number, entry: ZipEntry): void {
  let at = extraStart;
  while (at + 4 <= extraEnd) {
    const id = buf.readUInt16LE(at);
    const len = buf.readUInt16LE(at + 2);
    const end = Math.min(at + 4 + len, extraEnd);
    if (id === 0x0001) {
      let p = at + 4;
      const take = (): number => {
        if (p + 8 > end) throw corrupt('short ZIP64 extra field');
        const v = u64(buf, p);
        p += 8;
        return v;
      };
      if (entry.uncompressedSize === U32_MAX) entry.uncompressedSize = take();
      if (entry.compressedSize === U32_MAX) entry.compressedSize = take();
      if (entry.localHeaderOffset === U32_MAX) entry.localHeaderOffset = take();
      return;
    }
    at = at + 4 + len;
  }
}

/**
 * Which entry names may repeat. A reader that looks parts up by name reads one entry of a repeated
 * name and leaves the others unread (a card number in the first of two `word/footer1.xml` went
 * unseen), so every document package refuses repeats as 'corrupt':
 * - 'unique-ignoring-ascii-case': OOXML (DOCX, XLSX, PPTX). Part names compare as case-insensitive
 *   ASCII (ECMA-376 Part 2, part name equivalence), and a package holding equivalent names is invalid.
 * - 'unique': OpenDocument, which defines no case-insensitive equivalence: only exact repeats.
 * - 'may-repeat': a plain archive. Its members are read one by one in directory order, never looked
 *   up by name, so a repeated name hides nothing: every member is classified.
 */
export type EntryNames = 'unique-ignoring-ascii-case' | 'unique' | 'may-repeat';

const UNICODE_PATH_ID = 0x7075;

/**
 * Why a document package's entry name is not canonical, or null. Another zip reader (JSZip, inside
 * mammoth) resolves `.`, `..` and empty segments, so `word/./document.xml` would be a second
 * `word/document.xml` to it; a directory entry's one trailing `/` is allowed (JSZip writes them).
 * Model: LibreOffice package/source/zipapi/ZipFile.cxx, readCEN.
 */
function nameProblem(name: string): string | null {
  if (/[\x00-\x1f\x7f]/.test(name)) return 'holds a control character';
  if (name.includes('\\')) return 'holds a backslash';
  if (name.startsWith('/')) return 'starts with /';
  // An empty, `.` or `..` segment: one of those between slashes or at either end.
  if (/(?:^|\/)\.{0,2}(?:\/|$)/.test(name.endsWith('/') ? name.slice(0, -1) : name)) return 'has an empty, . or .. segment';
  return null;
}

/** The name an Info-ZIP Unicode Path extra field (0x7075) gives, or null when there is none. */
function unicodePath(buf: Buffer, extraStart: number, extraEnd: number): string | null {
  for (let at = extraStart; at + 4 <= extraEnd; at += 4 + buf.readUInt16LE(at + 2)) {
    if (buf.readUInt16LE(at) !== UNICODE_PATH_ID) continue;
    const end = Math.min(at + 4 + buf.readUInt16LE(at + 2), extraEnd);
    // version (1 byte), CRC-32 of the header name (4 bytes), then the UTF-8 name
    return buf.toString('utf8', Math.min(at + 9, end), end);
  }
  return null;
}

/** Whether buf[aStart, aEnd) equals buf[bStart, bEnd): a loop, as names are short (Buffer#compare costs more to call). */
function sameBytes(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (buf[aStart + i] !== buf[bStart + i]) return false;
  return true;
}

/**
 * For a document package, refuses ('corrupt') an entry another zip reader could name differently than
 * this one: a name that is not canonical, a local header whose name differs from the central one
 * (JSZip takes the local one), a Unicode Path field naming another part. Model: LibreOffice
 * ZipFile.cxx, readCEN and readLOC.
 */
function refuseAmbiguousEntry(buf: Buffer, centralAt: number, entry: ZipEntry): void {
  const problem = nameProblem(entry.name);
  if (problem !== null) throw corrupt(`entry name ${displayName(entry.name)} ${problem}`);
  const nameStart = centralAt + 46;
  const nameEnd = nameStart + buf.readUInt16LE(centralAt + 28);
  const upath = unicodePath(buf, nameEnd, nameEnd + buf.readUInt16LE(centralAt + 30));
  if (upath !== null && upath !== entry.name) throw corrupt(`entry ${displayName(entry.name)} has a Unicode Path field naming ${displayName(upath)}`);
  const at = entry.localHeaderOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL_SIG) throw corrupt(`bad local header for ${displayName(entry.name)}`);
  const localEnd = at + 30 + buf.readUInt16LE(at + 26);
  if (localEnd > buf.length || !sameBytes(buf, nameStart, nameEnd, at + 30, localEnd)) throw corrupt(`local header of ${displayName(entry.name)} names another entry`);
  const localUpath = unicodePath(buf, localEnd, Math.min(localEnd + buf.readUInt16LE(at + 28), buf.length));
  if (localUpath !== null && localUpath !== entry.name) throw corrupt(`entry ${displayName(entry.name)} has a Unicode Path field naming ${displayName(localUpath)}`);
}

/** The name as `names` compares it: ASCII-lower-cased for OOXML, else as written. */
export function nameKey(name: string, names: EntryNames): string {
  return names === 'unique-ignoring-ascii-case' ? name.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : name;
}

function refuseRepeatedNames(entries: readonly ZipEntry[], names: EntryNames): void {
  if (names === 'may-repeat') return;
  const seen = new Set<string>();
  for (const e of entries) {
    const key = nameKey(e.name, names);
    if (seen.has(key)) throw new ExtractError('corrupt', `zip entry name ${displayName(e.name)} appears more than once`);
    seen.add(key);
  }
}

/**
 * Refuses ('bomb') entries whose local records overlap: one entry's local header inside another's
 * header or data, or two entries on one local header. That is how a non-recursive zip bomb reaches
 * ratios DEFLATE alone cannot (Fifield, "A better zip bomb", USENIX WOOT 2019): every entry inflates
 * the same kernel of data again. Info-ZIP UnZip refuses the same since its CVE-2019-13232 fix
 * ("invalid zip file with overlapped components (possible zip bomb)"). Gaps between entries are
 * legal and allowed (data descriptors, an APK signing block, a self-extractor's stub: docs/security.md).
 * An entry's record is its local header, name, extra field and its central size of data; one whose
 * local header is unreadable is left to entryData, which refuses it as 'corrupt' when it is read.
 */
function refuseOverlaps(buf: Buffer, entries: readonly ZipEntry[]): void {
  // Archives list their entries in file order: one pass then, sorting a copy only when they are not.
  const inOrder = entries.every((e, i) => i === 0 || entries[i - 1]!.localHeaderOffset <= e.localHeaderOffset);
  const ordered = inOrder ? entries : [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let before: ZipEntry | null = null;
  let beforeEnd = 0;
  for (const entry of ordered) {
    const dataStart = localDataStart(buf, entry);
    if (dataStart === null) continue;
    if (before !== null && entry.localHeaderOffset < beforeEnd) {
      throw new ExtractError('bomb', `zip entries ${displayName(before.name)} and ${displayName(entry.name)} overlap (one's local header lies inside the other's record: a zip bomb by overlap)`);
    }
    before = entry;
    beforeEnd = dataStart + entry.compressedSize;
  }
}

/**
 * Lists the entries of a ZIP archive held in memory. Refuses (ExtractError 'bomb') when the archive
 * declares more than maxEntries entries, before parsing them, or entries that overlap
 * (refuseOverlaps), and ('corrupt') names that repeat
 * where `names` forbids it. A document package (`names` other than 'may-repeat') must also be
 * unambiguous to every zip reader: canonical names, local and central names equal, no Unicode Path
 * field naming another entry, and no data before the archive (refuseAmbiguousEntry).
 */
export function readZipDirectory(buf: Buffer, maxEntries: number, names: EntryNames): ZipEntry[] {
  if (buf.length < 22) throw corrupt('too short');
  const dir = readDirectoryLocation(buf, findEocd(buf));
  if (dir.count > maxEntries) throw new ExtractError('bomb', `zip declares ${dir.count} entries, limit is ${maxEntries}`);
  const end = dir.offset + dir.size;
  const strict = names !== 'may-repeat';
  // Data before the archive (or between directory and end record) makes JSZip shift every offset and
  // read a second directory this reader never sees: a document package has none.
  if (strict && end !== dir.expectedEnd) throw corrupt('central directory does not end where the end record says (data before the archive?)');
  const entries: ZipEntry[] = [];
  let at = dir.offset;
  while (at + 46 <= end && buf.readUInt32LE(at) === CENTRAL_SIG) {
    if (entries.length >= maxEntries) throw new ExtractError('bomb', `zip has more than ${maxEntries} entries`);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const next = at + 46 + nameLen + extraLen + commentLen;
    if (next > end) throw corrupt('central directory entry overruns the directory');
    const entry: ZipEntry = {
      name: buf.toString('utf8', at + 46, at + 46 + nameLen),
      method: buf.readUInt16LE(at + 10),
      encrypted: (buf.readUInt16LE(at + 8) & 1) === 1,
      compressedSize: buf.readUInt32LE(at + 20),
      uncompressedSize: buf.readUInt32LE(at + 24),
      localHeaderOffset: buf.readUInt32LE(at + 42),
    };
    applyZip64Extra(buf, at + 46 + nameLen, at + 46 + nameLen + extraLen, entry);
    if (strict) refuseAmbiguousEntry(buf, at, entry);
    entries.push(entry);
    at = next;
  }
  if (entries.length !== dir.count) throw corrupt(`central directory lists ${entries.length} of ${dir.count} entries`);
  refuseRepeatedNames(entries, names);
  refuseOverlaps(buf, entries);
  return entries;
}

/** Where an entry's data begins, past its local header, name and extra field; null when no local header is at its offset. */
function localDataStart(buf: Buffer, entry: ZipEntry): number | null {
  const at = entry.localHeaderOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL_SIG) return null;
  return at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
}

/** The compressed bytes of one entry, located through its local header. */
export function entryData(buf: Buffer, entry: ZipEntry): Buffer {
  const start = localDataStart(buf, entry);
  if (start === null) throw corrupt(`bad local header for ${entry.name}`);
  if (start + entry.compressedSize > buf.length) throw corrupt(`data of ${entry.name} lies outside the file`);
  return buf.subarray(start, start + entry.compressedSize);
}
