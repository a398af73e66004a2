// Zip-bomb and container pre-check for DOCX, run before the DOCX reader (or mammoth) inflates anything.
import { createInflateRaw } from 'node:zlib';
import { ExtractError } from './extraction-result.ts';
import { entryData, readZipDirectory, type ZipEntry } from './zip-directory.ts';
import { cannotInflate, inflateRawBounded } from './zip-inflate.ts';
import { refuseCfbPackage } from './ole-package.ts';

export interface DocxGuardLimits {
  /** Most entries a DOCX may have. */
  maxEntries: number;
  /** Most bytes the XML parts (.xml, .rels) may inflate to, in total. */
  maxXmlBytes: number;
  /** Most bytes all entries together may inflate to (media included). */
  maxTotalBytes: number;
  /** Highest compression ratio tolerated for an entry declaring at least ratioMinBytes. */
  maxRatio: number;
  ratioMinBytes: number;
  /**
   * Most bytes of the parts the caller asks to keep that the guard holds for it, in total: a part that
   * would go past it is dropped like the others, and the reader inflates it itself when it reads it.
   */
  maxKeptBytes: number;
}

export const DEFAULT_DOCX_LIMITS: Readonly<DocxGuardLimits> = {
  maxEntries: 5_000,
  maxXmlBytes: 64 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioMinBytes: 8 * 1024 * 1024,
  maxKeptBytes: 16 * 1024 * 1024,
};

/** The parts the guard bounds by maxXmlBytes (and may keep for the reader). */
export function isXmlPart(name: string): boolean {
  return /\.(xml|rels)$/i.test(name);
}

/**
 * Entries allowed to inflate to at most this many bytes are inflated in one synchronous call (the
 * output, bounded by the limit, is dropped at once): a zlib stream costs about 150 us of CPU to set
 * up, which for a small DOCX's three or four entries was half of its extraction (docs/benchmarks.md,
 * round 5). Larger ones stream; the output of an entry the caller does not keep is dropped chunk by
 * chunk, and what is kept is bounded by maxKeptBytes.
 */
const SYNC_INFLATE_MAX = 1024 * 1024;
/** Output chunk of the streaming inflater: the most an entry is inflated past its limit before it is stopped. */
export const INFLATE_CHUNK = 64 * 1024;

/** What inflating one entry gave: its size (past the limit once it exceeds it), and its bytes when kept. */
interface Inflated {
  size: number;
  data: Buffer | null;
}

/**
 * Inflates a raw-deflate stream and returns its size, stopping once it exceeds limit; the output is
 * kept when `keep` (and it stayed within limit), else dropped as it comes. A streamed entry settles
 * only when its inflater has closed, and its size counts every byte the inflater gave until then: the
 * size in a 'bomb' reason is all the work done, none goes on after the verdict.
 */
function inflateEntry(data: Buffer, limit: number, name: string, keep: boolean): Promise<Inflated> {
  if (limit <= SYNC_INFLATE_MAX) {
    try {
      // One byte past the limit, so reaching it is noticed.
      const out = inflateRawBounded(data, limit + 1, name);
      return Promise.resolve(out === null ? { size: limit + 1, data: null } : { size: out.length, data: keep && out.length <= limit ? out : null });
    } catch (err) {
      return Promise.reject(err);
    }
  }
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw({ chunkSize: INFLATE_CHUNK });
    const chunks: Buffer[] = [];
    let total = 0;
    let failure: Error | null = null;
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) inflater.destroy();
      else if (keep) chunks.push(chunk);
    });
    inflater.on('error', (err) => {
      failure ??= err;
    });
    inflater.on('close', () => {
      if (total > limit) resolve({ size: total, data: null });
      else if (failure !== null) reject(cannotInflate(name, failure));
      else resolve({ size: total, data: keep ? Buffer.concat(chunks, total) : null });
    });
    inflater.end(data);
  });
}

/** Whether the guard keeps an XML part for the reader, asked in archive order, with the parts kept so far. */
export type KeepPart = (name: string, kept: ReadonlyMap<string, Buffer>) => boolean;

/** A DOCX the guard let through, with the XML parts it kept for the reader (each inflated once, here). */
export interface VettedDocx {
  readonly entries: readonly ZipEntry[];
  /** The XML parts (.xml, .rels) the caller asked to keep, inflated, by entry name, at most maxKeptBytes in all. */
  readonly xmlParts: ReadonlyMap<string, Buffer>;
  /** Bytes inflated in all, media included. */
  readonly inflatedBytes: number;
}

/**
 * Throws ExtractError unless buf is a ZIP that is safe to read (docx-extractor.ts, mammoth):
 * 'encrypted' for password-protected Office files; 'corrupt' for entry names that repeat; 'bomb' for too many entries, a large XML part with an
 * absurd ratio, or XML parts that inflate (for real, not just as declared) past maxXmlBytes; 'corrupt' otherwise.
 * Each entry is inflated at most to its declared size plus one byte (plus at most INFLATE_CHUNK when it
 * streams), and a 'bomb' reason ends with the bytes inflated in all. Returns the XML parts `keep` names
 * (the ones the reader reads), while they fit in maxKeptBytes; every other output is dropped as it inflates.
 */
export async function checkDocx(buf: Buffer, limits: DocxGuardLimits = DEFAULT_DOCX_LIMITS, keep: KeepPart = () => false): Promise<VettedDocx> {
  refuseCfbPackage(buf, 'DOCX', '.doc');
  const entries = readZipDirectory(buf, limits.maxEntries, 'unique-ignoring-ascii-case');
  const xmlParts = new Map<string, Buffer>();
  let inflatedBytes = 0;
  const bomb = (reason: string) => new ExtractError('bomb', `${reason} (${inflatedBytes} bytes inflated)`);

  const declaredXml = entries.filter((e) => isXmlPart(e.name)).reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declaredXml > limits.maxXmlBytes) throw bomb(`XML parts declare ${declaredXml} bytes uncompressed, limit is ${limits.maxXmlBytes}`);
  const declaredTotal = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declaredTotal > limits.maxTotalBytes) throw bomb(`entries declare ${declaredTotal} bytes uncompressed, limit is ${limits.maxTotalBytes}`);
  for (const e of entries) {
    const ratio = e.uncompressedSize / Math.max(e.compressedSize, 1);
    if (e.uncompressedSize >= limits.ratioMinBytes && ratio > limits.maxRatio) throw bomb(`entry ${e.name} has compression ratio ${Math.round(ratio)}:1`);
  }

  // Declared sizes can lie, and the main part is whatever the relationships name (not only *.xml):
  // inflate every entry for real, counting bytes, each bounded by its declared size; the XML parts
  // the reader reads are kept for it (within maxKeptBytes, judged by the declared size that bounds
  // the inflation), all else dropped as it inflates.
  let xmlTotal = 0;
  let keptBytes = 0;
  for (const e of entries) {
    const xml = isXmlPart(e.name);
    const kept = xml && keep(e.name, xmlParts) && keptBytes + e.uncompressedSize <= limits.maxKeptBytes;
    if (e.encrypted) {
      if (xml) throw new ExtractError('encrypted', `zip entry ${e.name} is encrypted`);
      continue;
    }
    if (e.method !== 0 && e.method !== 8) {
      if (xml) throw new ExtractError('corrupt', `zip entry ${e.name} uses unsupported compression method ${e.method}`);
      continue;
    }
    const data = entryData(buf, e);
    const limit = xml ? Math.min(e.uncompressedSize, limits.maxXmlBytes - xmlTotal) : e.uncompressedSize;
    let out: Inflated;
    try {
      out = e.method === 0 ? { size: data.length, data } : await inflateEntry(data, limit, e.name, kept);
    } catch (err) {
      if (xml) throw err;
      continue; // a damaged image does not stop text extraction
    }
    inflatedBytes += e.method === 0 ? 0 : out.size;
    if (out.size > e.uncompressedSize) throw bomb(`entry ${e.name} inflates past its declared size`);
    if (xml) xmlTotal += out.size;
    if (xmlTotal > limits.maxXmlBytes) throw bomb(`XML parts inflate past ${limits.maxXmlBytes} bytes`);
    if (kept && out.data !== null) {
      xmlParts.set(e.name, out.data);
      keptBytes += out.data.length;
    }
  }
  return { entries, xmlParts, inflatedBytes };
}
