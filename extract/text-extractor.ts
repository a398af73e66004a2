// Plain-text extraction: binary sniffing on the first 8 KiB, BOM handling, UTF-8 with a Windows-1252 fallback.
import { ExtractError } from './extraction-result.ts';

const SNIFF_BYTES = 8 * 1024;
/** Share of suspicious bytes (invalid UTF-8, control characters) in the sniffed head above which a file is binary. */
const MAX_SUSPICIOUS_RATIO = 0.2;

interface Utf8Scan {
  invalid: number; // bytes that are not part of a well-formed UTF-8 sequence
  control: number; // C0 controls other than tab, LF, VT, FF, CR, ESC
  multibyte: number; // well-formed multi-byte sequences
  nul: boolean;
}

/** Scans bytes as UTF-8. A sequence cut off by the end of a partial sample is not counted as invalid. */
function scanUtf8(bytes: Uint8Array, partial: boolean): Utf8Scan {
  const scan: Utf8Scan = { invalid: 0, control: 0, multibyte: 0, nul: false };
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0) scan.nul = true;
      if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) scan.control++;
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) {
      scan.invalid++;
      i++;
      continue;
    }
    if (i + len > bytes.length && partial) break;
    let ok = i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes[i + k]!;
      let lo = 0x80;
      let hi = 0xbf;
      if (k === 1 && b === 0xe0) lo = 0xa0; // overlong
      if (k === 1 && b === 0xed) hi = 0x9f; // surrogates
      if (k === 1 && b === 0xf0) lo = 0x90; // overlong
      if (k === 1 && b === 0xf4) hi = 0x8f; // > U+10FFFF
      if (c < lo || c > hi) ok = false;
    }
    if (ok) {
      scan.multibyte++;
      i += len;
    } else {
      scan.invalid++;
      i++;
    }
  }
  return scan;
}

function decode(encoding: string, bytes: Uint8Array): string {
  // ignoreBOM false (the default) strips a leading BOM of the decoder's own encoding.
  return new TextDecoder(encoding).decode(bytes);
}

/** Decodes a text file; throws ExtractError('binary') when the head does not look like text. */
export function extractText(data: Uint8Array): string {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return decode('utf-16le', data);
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return decode('utf-16be', data);

  const head = data.subarray(0, SNIFF_BYTES);
  const headScan = scanUtf8(head, data.length > SNIFF_BYTES);
  if (headScan.nul) throw new ExtractError('binary', 'NUL bytes in the first 8 KiB');
  const suspicious = headScan.invalid + headScan.control;
  if (head.length > 0 && suspicious / head.length > MAX_SUSPICIOUS_RATIO) {
    throw new ExtractError('binary', `${suspicious} of the first ${head.length} bytes are not text`);
  }

  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    // Mostly-UTF-8 with a few bad bytes: keep UTF-8 (bad bytes become U+FFFD).
    // No valid multi-byte sequence at all: a legacy single-byte file, read as Windows-1252.
    const full = scanUtf8(data, false);
    return decode(full.multibyte === 0 ? 'windows-1252' : 'utf-8', data);
  }
}
