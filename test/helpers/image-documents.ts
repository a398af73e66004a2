// Images and image-only PDFs for the OCR tests: the checked-in scanned page (test/fixtures/ocr),
// PNGs written byte by byte, headers that claim 30000×30000 pixels, and cut-off files.
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const FIXTURES = new URL('../fixtures/ocr/', import.meta.url);

/** A checked-in fixture (see test/fixtures/ocr/README.md). */
export function ocrFixture(name: 'page.png' | 'page.jpg' | 'page.tif' | 'two-pages.tif' | 'scanned.pdf'): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

/** What the scanned page says, as the detectors must find it. */
export const SCANNED_SSN = '512-48-3091';
export const SCANNED_IBAN = 'DE89 3704 0044 0532 0130 00';

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit greyscale PNG of the given size; `idat` replaces the image data (for lying headers). */
export function makePng(width: number, height: number, opts: { grey?: number; idat?: Buffer } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const idat =
    opts.idat ??
    deflateSync(Buffer.concat(Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(width, opts.grey ?? 255)]))));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A PNG whose header claims width × height but whose data is a few bytes: decoding it would take gigabytes. */
export function hugePngHeader(width = 30_000, height = 30_000): Buffer {
  return makePng(width, height, { idat: deflateSync(Buffer.alloc(64)) });
}

/** A baseline JPEG that claims width × height: SOI, a SOF0 frame header, EOI. */
export function hugeJpegHeader(width = 30_000, height = 30_000): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, 0, 0, 0, 0, 0x01, 0x01, 0x11, 0x00]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00]), sof, Buffer.from([0xff, 0xd9])]);
}

/** A little-endian TIFF that claims width × height, with one strip of 16 bytes. */
export function hugeTiffHeader(width = 30_000, height = 30_000): Buffer {
  // Tags in ascending order, as TIFF requires; the strip follows the directory.
  const directoryBytes = 2 + 6 * 12 + 4;
  const entries: Array<[tag: number, type: number, value: number]> = [
    [256, 4, width],
    [257, 4, height],
    [258, 3, 8], // bits per sample
    [262, 3, 1], // black is zero
    [273, 4, 8 + directoryBytes], // strip offset
    [279, 4, 16], // strip byte count
  ];
  const ifd = Buffer.alloc(directoryBytes);
  ifd.writeUInt16LE(entries.length, 0);
  entries.forEach(([tag, type, value], i) => {
    ifd.writeUInt16LE(tag, 2 + i * 12);
    ifd.writeUInt16LE(type, 4 + i * 12);
    ifd.writeUInt32LE(1, 6 + i * 12);
    if (type === 3) ifd.writeUInt16LE(value, 10 + i * 12);
    else ifd.writeUInt32LE(value, 10 + i * 12);
  });
  return Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0, 0, 0]), ifd, Buffer.alloc(16)]);
}

/** A TIFF whose only directory names itself as the next one: a reader that follows it never ends. */
export function tiffDirectoryLoop(): Buffer {
  const data = hugeTiffHeader(10, 10);
  data.writeUInt32LE(8, 8 + 2 + 6 * 12); // the next-directory offset, after the six entries
  return data;
}

/** The first `ratio` of a file: a download or copy that stopped half-way. */
export function truncated(data: Buffer, ratio = 0.5): Buffer {
  return data.subarray(0, Math.floor(data.length * ratio));
}

/**
 * A PDF of `pages` pages, each holding only the same JPEG (one image object, so the file stays
 * small whatever the page count); with `textFirstPage`, page one has that text as a text layer instead.
 */
export async function makeImagePdf(jpeg: Buffer, pages: number, opts: { textFirstPage?: string } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const image = await doc.embedJpg(jpeg);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([504, 324]);
    if (i === 0 && opts.textFirstPage !== undefined) page.drawText(opts.textFirstPage, { x: 40, y: 280, size: 12, font });
    else page.drawImage(image, { x: 0, y: 0, width: 504, height: 324 });
  }
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}
