// Image dimensions and completeness from the file's bytes, without decoding a pixel: PNG (IHDR and
// IEND), JPEG (SOF segment and EOI) and TIFF (every directory — page — and its strips or tiles). An
// image is checked here before OCR so that a 30000×30000 header is refused without being decoded.
import { ExtractError } from './extraction-result.ts';

/** One image in the file: a TIFF can hold several (the pages of a fax or a scanned document). */
export interface ImageFrame {
  width: number;
  height: number;
  /** Offset of the frame's TIFF directory; 0 for PNG and JPEG. */
  directory: number;
}

export interface ImageHeader {
  kind: 'png' | 'jpeg' | 'tiff';
  frames: ImageFrame[];
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

function corrupt(reason: string): ExtractError {
  return new ExtractError('corrupt', reason);
}

function pngHeader(data: Buffer): ImageHeader {
  if (data.length < 33 || data.toString('latin1', 12, 16) !== 'IHDR') throw corrupt('truncated PNG: no IHDR header');
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  if (!data.subarray(data.length - PNG_IEND.length).equals(PNG_IEND)) throw corrupt('truncated PNG: no IEND chunk at the end');
  return { kind: 'png', frames: [{ width, height, directory: 0 }] };
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); C4, C8 and CC are not frames. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegHeader(data: Buffer): ImageHeader {
  let end = data.length;
  while (end > 2 && data[end - 1] === 0) end--; // some writers pad the file with zeros
  if (end < 4 || data[end - 2] !== 0xff || data[end - 1] !== 0xd9) throw corrupt('truncated JPEG: no end-of-image marker');
  let pos = 2;
  while (pos + 4 <= data.length) {
    if (data[pos] !== 0xff) throw corrupt(`malformed JPEG: no marker at byte ${pos}`);
    const marker = data[pos + 1]!;
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2; // markers without a length
      continue;
    }
    const length = data.readUInt16BE(pos + 2);
    if (length < 2) throw corrupt('malformed JPEG: bad segment length');
    if (isStartOfFrame(marker)) {
      if (pos + 9 > data.length) break;
      return { kind: 'jpeg', frames: [{ height: data.readUInt16BE(pos + 5), width: data.readUInt16BE(pos + 7), directory: 0 }] };
    }
    if (marker === 0xda || marker === 0xd9) break; // scan data or end before any frame header
    pos += 2 + length;
  }
  throw corrupt('malformed JPEG: no frame header');
}

const TIFF_SHORT = 3;
const TIFF_LONG = 4;
const TAG_WIDTH = 256;
const TAG_HEIGHT = 257;
/** Offsets / byte counts of the image data: strips (273, 279) or tiles (324, 325). */
const DATA_TAGS = { offsets: [273, 324], counts: [279, 325] } as const;
const MAX_TIFF_VALUES = 1_000_000;

interface TiffReader {
  data: Buffer;
  u16(at: number): number;
  u32(at: number): number;
}

function tiffReader(data: Buffer): TiffReader {
  const le = data[0] === 0x49;
  return {
    data,
    u16: (at) => (le ? data.readUInt16LE(at) : data.readUInt16BE(at)),
    u32: (at) => (le ? data.readUInt32LE(at) : data.readUInt32BE(at)),
  };
}

/** One directory: its image size, checked to have its image data inside the file, and the next directory's offset. */
function tiffDirectory({ data, u16, u32 }: TiffReader, ifd: number): ImageFrame & { next: number } {
  if (ifd < 8 || ifd + 2 > data.length) throw corrupt('truncated TIFF: a directory is past the end of the file');
  const count = u16(ifd);
  if (ifd + 2 + count * 12 + 4 > data.length) throw corrupt('truncated TIFF: a directory is past the end of the file');
  const values = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    const type = u16(entry + 2);
    const n = u32(entry + 4);
    if ((type !== TIFF_SHORT && type !== TIFF_LONG) || n === 0 || n > MAX_TIFF_VALUES) continue;
    const size = type === TIFF_SHORT ? 2 : 4;
    const at = n * size <= 4 ? entry + 8 : u32(entry + 8);
    if (at + n * size > data.length) throw corrupt('truncated TIFF: a directory value is past the end of the file');
    values.set(u16(entry), Array.from({ length: n }, (_, k) => (size === 2 ? u16(at + k * 2) : u32(at + k * 4))));
  }
  const width = values.get(TAG_WIDTH)?.[0];
  const height = values.get(TAG_HEIGHT)?.[0];
  if (width === undefined || height === undefined) throw corrupt('malformed TIFF: no image width or length');
  const offsets = values.get(DATA_TAGS.offsets[0]) ?? values.get(DATA_TAGS.offsets[1]);
  const counts = values.get(DATA_TAGS.counts[0]) ?? values.get(DATA_TAGS.counts[1]);
  if (offsets === undefined || counts === undefined || offsets.length !== counts.length) throw corrupt('malformed TIFF: no image data offsets');
  offsets.forEach((offset, k) => {
    if (offset + counts[k]! > data.length) throw corrupt('truncated TIFF: image data is past the end of the file');
  });
  return { width, height, directory: ifd, next: u32(ifd + 2 + count * 12) };
}

function tiffHeader(data: Buffer): ImageHeader {
  if (data.length < 8) throw corrupt('truncated TIFF header');
  const reader = tiffReader(data);
  const frames: ImageFrame[] = [];
  const seen = new Set<number>();
  for (let ifd = reader.u32(4); ifd !== 0; ) {
    if (seen.has(ifd)) throw corrupt('malformed TIFF: its directories form a loop');
    seen.add(ifd);
    const { next, ...frame } = tiffDirectory(reader, ifd);
    frames.push(frame);
    ifd = next;
  }
  if (frames.length === 0) throw corrupt('malformed TIFF: no image directory');
  return { kind: 'tiff', frames };
}

/**
 * The TIFF with `directory` as its first page: TIFF offsets are absolute, so pointing the header at
 * another directory is all it takes for a reader that reads the first page only (tesseract.js).
 */
export function tiffFromPage(data: Buffer, directory: number): Buffer {
  const copy = Buffer.from(data);
  if (copy[0] === 0x49) copy.writeUInt32LE(directory, 4);
  else copy.writeUInt32BE(directory, 4);
  return copy;
}

/** The image's kind and size; ExtractError 'corrupt' when it is not a complete PNG, JPEG or TIFF. */
export function readImageHeader(data: Buffer): ImageHeader {
  let header: ImageHeader;
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) header = pngHeader(data);
  else if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) header = jpegHeader(data);
  else if (data.toString('latin1', 0, 4) === 'II*\0' || data.toString('latin1', 0, 4) === 'MM\0*') header = tiffHeader(data);
  else if (data.toString('latin1', 0, 4) === 'II+\0' || data.toString('latin1', 0, 4) === 'MM\0+') throw new ExtractError('unsupported', 'BigTIFF is not supported');
  else throw corrupt('not a PNG, JPEG or TIFF image');
  for (const { width, height } of header.frames) {
    if (width === 0 || height === 0) throw corrupt(`${header.kind.toUpperCase()} image has no pixels (${width}×${height})`);
  }
  return header;
}
