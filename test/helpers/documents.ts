// Generators for real test documents (PDF, DOCX, hostile variants) shared by every test suite
// (and, for DOCX, by bench/bench-documents.ts).
import { constants as zlibConstants, crc32, deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import { PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, StandardFonts } from 'pdf-lib';

const PAGE_WIDTH = 595; // A4, points
const PAGE_HEIGHT = 842;
const MARGIN = 50;
const FONT_SIZE = 12;
const LINE_HEIGHT = 15;

/**
 * A PDF with one text page per entry (Helvetica, WinAnsi characters only). Long text is word-wrapped;
 * `\n` starts a new line; an entry too long for one page continues on the following pages.
 */
export async function makePdf(pages: readonly string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const maxWidth = PAGE_WIDTH - 2 * MARGIN;
  const linesPerPage = Math.floor((PAGE_HEIGHT - 2 * MARGIN) / LINE_HEIGHT);
  for (const pageText of pages) {
    const lines: string[] = [];
    for (const paragraph of pageText.split('\n')) {
      let line = '';
      for (const word of paragraph.split(/\s+/).filter((w) => w.length > 0)) {
        const candidate = line === '' ? word : `${line} ${word}`;
        if (line !== '' && font.widthOfTextAtSize(candidate, FONT_SIZE) > maxWidth) {
          lines.push(line);
          line = word;
        } else {
          line = candidate;
        }
      }
      lines.push(line);
    }
    for (let start = 0; start < lines.length; start += linesPerPage) {
      const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
      lines.slice(start, start + linesPerPage).forEach((text, i) => {
        if (text !== '') page.drawText(text, { x: MARGIN, y: PAGE_HEIGHT - MARGIN - (i + 1) * LINE_HEIGHT, size: FONT_SIZE, font });
      });
    }
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * A PDF whose trailer carries a Standard-security /Encrypt dictionary whose /U entry matches no
 * password, so pdf.js cannot open it without one (it raises PasswordException).
 */
export async function makeEncryptedPdf(text = 'secret content'): Promise<Buffer> {
  const doc = await PDFDocument.load(await makePdf([text]));
  const ctx = doc.context;
  const filler = '28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A';
  const encrypt = ctx.obj({
    Filter: 'Standard',
    V: 1,
    R: 2,
    Length: 40,
    O: PDFHexString.of(filler),
    U: PDFHexString.of('00'.repeat(32)),
    P: PDFNumber.of(-4),
  });
  ctx.trailerInfo.Encrypt = ctx.register(encrypt);
  const id = PDFHexString.of('0123456789ABCDEF0123456789ABCDEF');
  ctx.trailerInfo.ID = ctx.obj([id, id]);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** The first part of a valid multi-page PDF: the cross-reference table, trailer and most objects are gone. */
export async function makeTruncatedPdf(keepRatio = 0.3): Promise<Buffer> {
  const full = await makePdf(['first page of a document that was cut short', 'second page', 'third page']);
  return full.subarray(0, Math.floor(full.length * keepRatio));
}

export type DocxBlock = string | { table: string[][] };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function paragraphXml(text: string): string {
  return `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
}

function tableXml(rows: string[][]): string {
  const body = rows
    .map((row) => `<w:tr>${row.map((cell) => `<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>${paragraphXml(cell)}</w:tc>`).join('')}</w:tr>`)
    .join('');
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>${body}</w:tbl>`;
}

const CONTENT_TYPES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '</Types>';

function rootRelsXml(mainPart = 'word/document.xml'): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${mainPart}"/>` +
    '</Relationships>'
  );
}

const DOCUMENT_OPEN =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
const DOCUMENT_CLOSE = '</w:body></w:document>';

/** The main part of a DOCX (word/document.xml): paragraphs (strings) and tables, in order. */
export function docxDocumentXml(blocks: readonly DocxBlock[]): string {
  const body = blocks.map((b) => (typeof b === 'string' ? paragraphXml(b) : tableXml(b.table))).join('');
  return `${DOCUMENT_OPEN}${body}${DOCUMENT_CLOSE}`;
}

/**
 * A minimal real DOCX that mammoth reads: paragraphs (strings) and tables ({ table: rows of cells }),
 * in order. `options.table`, if given, is appended after the blocks.
 */
export async function makeDocx(blocks: readonly DocxBlock[], options: { table?: string[][] } = {}): Promise<Buffer> {
  const all: DocxBlock[] = [...blocks, ...(options.table ? [{ table: options.table }] : [])];
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES_XML);
  zip.file('_rels/.rels', rootRelsXml());
  zip.file('word/document.xml', docxDocumentXml(all));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export interface RawZipEntry {
  name: string;
  compressed: Buffer;
  crc: number;
  size: number; // declared uncompressed size
}

/** A deflate entry's local header and data; `localName` writes another name than the entry's (hostile tests). */
export function zipLocalRecord(e: RawZipEntry, localName = e.name): Buffer {
  const name = Buffer.from(localName, 'utf8');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(e.crc, 14);
  local.writeUInt32LE(e.compressed.length, 18);
  local.writeUInt32LE(e.size, 22);
  local.writeUInt16LE(name.length, 26);
  return Buffer.concat([local, name, e.compressed]);
}

/** A deflate entry's central header, its local header at `offset`, with an optional extra field. */
export function zipCentralRecord(e: RawZipEntry, offset: number, extra: Buffer = Buffer.alloc(0)): Buffer {
  const name = Buffer.from(e.name, 'utf8');
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(e.crc, 16);
  central.writeUInt32LE(e.compressed.length, 20);
  central.writeUInt32LE(e.size, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt16LE(extra.length, 30);
  central.writeUInt32LE(offset, 42);
  return Buffer.concat([central, name, extra]);
}

/** The end of central directory record. */
export function zipEndRecord(count: number, directorySize: number, directoryOffset: number): Buffer {
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(count, 8);
  eocd.writeUInt16LE(count, 10);
  eocd.writeUInt32LE(directorySize, 12);
  eocd.writeUInt32LE(directoryOffset, 16);
  return eocd;
}

/** The entries' local records one after the other, `gap` bytes of filler after each, their central records, and where they end. */
export function zipRecords(entries: readonly RawZipEntry[], gap = 0): { records: Buffer[]; centrals: Buffer[]; end: number } {
  const records: Buffer[] = [];
  const centrals: Buffer[] = [];
  let end = 0;
  for (const e of entries) {
    const local = zipLocalRecord(e);
    centrals.push(zipCentralRecord(e, end));
    records.push(local, Buffer.alloc(gap, 0x5a));
    end += local.length + gap;
  }
  return { records, centrals, end };
}

/** The entries' records as laid out (`body`), then the central directory and the end record. */
export function zipWithDirectory(body: Buffer, centrals: readonly Buffer[]): Buffer {
  const directory = Buffer.concat(centrals);
  return Buffer.concat([body, directory, zipEndRecord(centrals.length, directory.length, body.length)]);
}

/** Assembles a deflate-only ZIP from pre-compressed entries (lets a test declare any size it likes), `gap` filler bytes after each entry. */
export function assembleZip(entries: readonly RawZipEntry[], gap = 0): Buffer {
  const { records, centrals } = zipRecords(entries, gap);
  return zipWithDirectory(Buffer.concat(records), centrals);
}

export function smallEntry(name: string, text: string): RawZipEntry {
  const data = Buffer.from(text, 'utf8');
  return { name, compressed: deflateRawSync(data), crc: crc32(data), size: data.length };
}

/**
 * Raw DEFLATE data that inflates to `head`, then `mib` MiB of `fill`, then `tail` — built in milliseconds
 * without ever holding the inflated data: one full-flushed (dictionary-free, hence repeatable) block of
 * 1 MiB is compressed once and repeated, then a final empty stored block closes the stream.
 */
export function repeatedDeflateRaw(head: Buffer, fill: string, mib: number, tail: Buffer): Buffer {
  const flush = { finishFlush: zlibConstants.Z_FULL_FLUSH, level: 9 };
  const block = deflateRawSync(Buffer.alloc(1024 * 1024, fill), flush);
  const parts = [deflateRawSync(head, flush)];
  for (let i = 0; i < mib; i++) parts.push(block);
  parts.push(deflateRawSync(tail, flush), Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]));
  return Buffer.concat(parts);
}

/**
 * An entry that inflates to `head`, then `mib` MiB of `fill`, then `tail`, declaring its true size,
 * compressed to about 1 KiB per MiB (repeatedDeflateRaw).
 */
export function repeatedEntry(name: string, head: string, fill: string, mib: number, tail: string): RawZipEntry {
  const [h, t] = [Buffer.from(head, 'utf8'), Buffer.from(tail, 'utf8')];
  const chunk = Buffer.alloc(1024 * 1024, fill);
  let crc = crc32(h);
  for (let i = 0; i < mib; i++) crc = crc32(chunk, crc);
  return { name, compressed: repeatedDeflateRaw(h, fill, mib, t), crc: crc32(t, crc), size: h.length + mib * chunk.length + t.length };
}

/**
 * A DOCX assembled entry by entry: content types, root relationships naming `mainPart`, the main part
 * (its `blocks`, or the entry given), then `extra` in order (names may repeat, sizes may lie).
 */
export function assembleDocx(main: readonly DocxBlock[] | RawZipEntry, extra: readonly RawZipEntry[] = []): Buffer {
  const mainEntry = Array.isArray(main) ? smallEntry('word/document.xml', docxDocumentXml(main)) : (main as RawZipEntry);
  return assembleZip([...docxFrameEntries(mainEntry.name), mainEntry, ...extra]);
}

/** The content types and root relationships of a DOCX whose main part is `mainPart`. */
export function docxFrameEntries(mainPart = 'word/document.xml'): RawZipEntry[] {
  return [smallEntry('[Content_Types].xml', CONTENT_TYPES_XML), smallEntry('_rels/.rels', rootRelsXml(mainPart))];
}

/**
 * A DOCX whose main part inflates to about `uncompressedMb` MiB (default 200) of one repeated
 * character, compressed to a few hundred KiB. With `lieAboutSize` the archive declares a 4 KiB
 * part, so only real inflation reveals the bomb; `mainPart` renames the part (the relationship follows).
 */
export async function makeZipBombDocx(
  options: { uncompressedMb?: number; lieAboutSize?: boolean; declaredBytes?: number; mainPart?: string } = {},
): Promise<Buffer> {
  const main = repeatedEntry(options.mainPart ?? 'word/document.xml', `${DOCUMENT_OPEN}<w:p><w:r><w:t>`, 'A', options.uncompressedMb ?? 200, `</w:t></w:r></w:p>${DOCUMENT_CLOSE}`);
  return assembleDocx(options.lieAboutSize ? { ...main, size: options.declaredBytes ?? 4096 } : main);
}

/**
 * A small PDF whose page content stream (FlateDecode) inflates to `uncompressedMb` MiB of spaces:
 * harmless to the JS heap, but pdf.js holds the decoded stream in an ArrayBuffer.
 */
export async function makePdfStreamBomb(uncompressedMb: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([200, 200]);
  // zlib wrapper around the raw stream; pdf.js does not verify the Adler-32 trailer.
  const raw = repeatedDeflateRaw(Buffer.from('BT ET\n'), ' ', uncompressedMb, Buffer.from('\n'));
  const data = Buffer.concat([Buffer.from([0x78, 0xda]), raw, Buffer.alloc(4)]);
  const stream = PDFRawStream.of(doc.context.obj({ Filter: 'FlateDecode', Length: data.length }), data);
  page.node.set(PDFName.of('Contents'), doc.context.register(stream));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Deterministic binary bytes (NULs, high bytes, controls) — write them under a .txt name. */
export function makeBinaryBlob(bytes = 4096): Buffer {
  const buf = Buffer.alloc(bytes);
  let x = 0x12345678;
  for (let i = 0; i < bytes; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    buf[i] = x >>> 24;
  }
  buf.write('\x89PNG\r\n\x1a\n', 0, 'latin1');
  buf[8] = 0;
  return buf;
}
