// Zip-bomb and container pre-check for DOCX, run before the DOCX reader (or mammoth) inflates anything.
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { isOutputTooLarge } from './container-limits.ts';
import { ExtractError } from './extraction-result.ts';
import { entryData, readZipDirectory, type ZipEntry } from './zip-directory.ts';

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
}

export const DEFAULT_DOCX_LIMITS: Readonly<DocxGuardLimits> = {
  maxEntries: 5_000,
  maxXmlBytes: 64 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioMinBytes: 8 * 1024 * 1024,
};

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

function isXmlPart(entry: ZipEntry): boolean {
  return /\.(xml|rels)$/i.test(entry.name);
}

/**
 * Entries allowed to inflate to at most this many bytes are inflated in one synchronous call (the
 * output, bounded by the limit, is dropped at once): a zlib stream costs about 150 us of CPU to set
 * up, which for a small DOCX's three or four entries was half of its extraction (docs/benchmarks.md,
 * round 5). Larger ones stream, so memory stays flat whatever an entry declares.
 */
const SYNC_INFLATE_MAX = 1024 * 1024;

/** Inflates a raw-deflate stream, discarding output, and returns its size (stops once it exceeds limit). */
function inflatedSize(data: Buffer, limit: number, name: string): Promise<number> {
  if (limit <= SYNC_INFLATE_MAX) {
    try {
      return Promise.resolve(inflateRawSync(data, { maxOutputLength: limit + 1 }).length);
    } catch (err) {
      if (isOutputTooLarge(err)) return Promise.resolve(limit + 1);
      return Promise.reject(new ExtractError('corrupt', `cannot inflate ${name}: ${err instanceof Error ? err.message : String(err)}`));
    }
  }
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
    let total = 0;
    let done = false;
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit && !done) {
        done = true;
        inflater.destroy();
        resolve(total);
      }
    });
    inflater.on('end', () => {
      if (!done) resolve(total);
      done = true;
    });
    inflater.on('error', (err) => {
      if (!done) reject(new ExtractError('corrupt', `cannot inflate ${name}: ${err.message}`));
      done = true;
    });
    inflater.end(data);
  });
}

/**
 * Throws ExtractError unless buf is a ZIP that is safe to read (docx-extractor.ts, mammoth):
 * 'encrypted' for password-protected Office files; 'bomb' for too many entries, a large XML part with an
 * absurd ratio, or XML parts that inflate (for real, not just as declared) past maxXmlBytes; 'corrupt' otherwise.
 */
export async function checkDocx(buf: Buffer, limits: DocxGuardLimits = DEFAULT_DOCX_LIMITS): Promise<void> {
  if (buf.subarray(0, 8).equals(CFB_MAGIC)) {
    if (buf.includes(ENCRYPTED_PACKAGE)) throw new ExtractError('encrypted', 'password-protected Office document');
    throw new ExtractError('corrupt', 'OLE compound file, not a DOCX (legacy .doc renamed?)');
  }
  const entries = readZipDirectory(buf, limits.maxEntries);
  const xmlParts = entries.filter(isXmlPart);

  const declaredXml = xmlParts.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declaredXml > limits.maxXmlBytes) {
    throw new ExtractError('bomb', `XML parts declare ${declaredXml} bytes uncompressed, limit is ${limits.maxXmlBytes}`);
  }
  const declaredTotal = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declaredTotal > limits.maxTotalBytes) {
    throw new ExtractError('bomb', `entries declare ${declaredTotal} bytes uncompressed, limit is ${limits.maxTotalBytes}`);
  }
  for (const e of entries) {
    const ratio = e.uncompressedSize / Math.max(e.compressedSize, 1);
    if (e.uncompressedSize >= limits.ratioMinBytes && ratio > limits.maxRatio) {
      throw new ExtractError('bomb', `entry ${e.name} has compression ratio ${Math.round(ratio)}:1`);
    }
  }

  // Declared sizes can lie, and the main part is whatever the relationships name (not only *.xml):
  // inflate every entry for real, counting bytes and keeping none, each bounded by its declared size.
  let xmlTotal = 0;
  for (const e of entries) {
    const xml = isXmlPart(e);
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
    let size: number;
    try {
      size = e.method === 0 ? data.length : await inflatedSize(data, limit, e.name);
    } catch (err) {
      if (xml) throw err;
      continue; // a damaged image does not stop text extraction
    }
    if (size > e.uncompressedSize) throw new ExtractError('bomb', `entry ${e.name} inflates past its declared size`);
    if (xml) xmlTotal += size;
    if (xmlTotal > limits.maxXmlBytes) throw new ExtractError('bomb', `XML parts inflate past ${limits.maxXmlBytes} bytes`);
  }
}
