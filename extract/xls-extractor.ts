// Legacy Excel 97-2003 (.xls, BIFF8): the Workbook stream read from the OLE container with cfb, then
// its records walked here: shared strings (SST with CONTINUE), LABELSST, LABEL, NUMBER, RK, MULRK.
// Every sheet in order, a row per line, values under their column headers (table-text.ts).
import CFB from 'cfb';
import { ExtractError } from './extraction-result.ts';
import { rowsToText } from './table-text.ts';
import { isCfb } from './ole-package.ts';

const BOF = 0x0809;
const FILEPASS = 0x002f;
const SST = 0x00fc;
const CONTINUE = 0x003c;
const LABELSST = 0x00fd;
const LABEL = 0x0204;
const NUMBER = 0x0203;
const RK = 0x027e;
const MULRK = 0x00bd;
const BOUNDSHEET = 0x0085;
/** Cells beyond this column are left out (BIFF8 has 256 columns; a hostile file could claim more). */
const MAX_COL = 256;

interface Rec {
  type: number;
  data: Buffer;
}

function records(stream: Buffer): Rec[] {
  const out: Rec[] = [];
  for (let at = 0; at + 4 <= stream.length; ) {
    const type = stream.readUInt16LE(at);
    const len = stream.readUInt16LE(at + 2);
    out.push({ type, data: stream.subarray(at + 4, Math.min(at + 4 + len, stream.length)) });
    at += 4 + len;
  }
  return out;
}

function rkValue(rk: number): number {
  const mult = rk & 1 ? 100 : 1;
  if (rk & 2) return (rk >> 2) / mult;
  const buf = Buffer.alloc(8);
  buf.writeInt32LE(rk & ~3, 4);
  return buf.readDoubleLE(0) / mult;
}

/** The SST strings; each piece after the first is a CONTINUE record, where a string may resume with a new flags byte. */
function sharedStrings(pieces: readonly Buffer[]): string[] {
  const strings: string[] = [];
  let p = 0;
  let buf = pieces[0] ?? Buffer.alloc(0);
  let at = 8; // total and unique counts
  const next = () => {
    p++;
    buf = pieces[p] ?? Buffer.alloc(0);
    at = 0;
    return p < pieces.length;
  };
  const need = (n: number) => at + n <= buf.length || (at >= buf.length && next() && n <= buf.length);
  const unique = buf.length >= 8 ? buf.readUInt32LE(4) : 0;
  while (strings.length < unique) {
    if (!need(3)) break;
    let chars = buf.readUInt16LE(at);
    let flags = buf[at + 2]!;
    at += 3;
    const runs = flags & 0x08 ? buf.readUInt16LE(at) : 0;
    if (flags & 0x08) at += 2;
    const ext = flags & 0x04 ? buf.readUInt32LE(at) : 0;
    if (flags & 0x04) at += 4;
    let text = '';
    while (chars > 0) {
      if (at >= buf.length) {
        if (!next()) break;
        flags = buf[at]!; // a string continued in a CONTINUE record restates its width
        at++;
      }
      const wide = (flags & 1) === 1;
      const take = Math.min(chars, Math.floor((buf.length - at) / (wide ? 2 : 1)));
      text += buf.toString(wide ? 'utf16le' : 'latin1', at, at + take * (wide ? 2 : 1));
      at += take * (wide ? 2 : 1);
      chars -= take;
      if (take === 0 && !next()) break;
    }
    strings.push(text);
    // Formatting runs and phonetic data follow the characters and may cross records too.
    let skip = runs * 4 + ext;
    while (skip > 0) {
      const n = Math.min(skip, buf.length - at);
      at += n;
      skip -= n;
      if (skip > 0 && !next()) break;
    }
  }
  return strings;
}

function unicodeString(data: Buffer, at: number): string {
  const chars = data.readUInt16LE(at);
  const wide = (data[at + 2]! & 1) === 1;
  return data.toString(wide ? 'utf16le' : 'latin1', at + 3, at + 3 + chars * (wide ? 2 : 1));
}

/** ShortXLUnicodeString: one byte of length, one of flags (sheet names). */
function shortString(data: Buffer, at: number): string {
  const chars = data[at]!;
  const wide = (data[at + 1]! & 1) === 1;
  return data.toString(wide ? 'utf16le' : 'latin1', at + 2, at + 2 + chars * (wide ? 2 : 1));
}

export function extractXls(data: Buffer): string {
  if (!isCfb(data)) throw new ExtractError('corrupt', 'not an Excel 97-2003 .xls (no OLE compound file header)');
  let stream: Buffer;
  try {
    const container = CFB.read(data, { type: 'buffer' });
    const entry = CFB.find(container, 'Workbook') ?? CFB.find(container, 'Book');
    if (!entry) throw new ExtractError('corrupt', 'no Workbook stream (not an Excel file, or Excel 5 and older)');
    stream = Buffer.from(entry.content as Uint8Array);
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    throw new ExtractError('corrupt', `.xls container unreadable: ${err instanceof Error ? err.message : String(err)}`);
  }
  const recs = records(stream);
  if (recs.some((r) => r.type === FILEPASS)) throw new ExtractError('encrypted', 'password-protected .xls');
  const names: string[] = [];
  let strings: string[] = [];
  const sheets: Map<number, string[]>[] = [];
  let sheet: Map<number, string[]> | null = null;
  const put = (row: number, col: number, value: string) => {
    if (!sheet || col >= MAX_COL || value === '') return;
    const r = sheet.get(row) ?? [];
    while (r.length < col) r.push('');
    r[col] = value;
    sheet.set(row, r);
  };
  for (let i = 0; i < recs.length; i++) {
    const { type, data: d } = recs[i]!;
    try {
      if (type === BOUNDSHEET) names.push(shortString(d, 6));
      else if (type === SST) {
        const pieces = [d];
        while (recs[i + 1]?.type === CONTINUE) pieces.push(recs[++i]!.data);
        strings = sharedStrings(pieces);
      } else if (type === BOF && d.length >= 4 && d.readUInt16LE(2) === 0x0010) {
        sheet = new Map();
        sheets.push(sheet);
      } else if (type === LABELSST) put(d.readUInt16LE(0), d.readUInt16LE(2), strings[d.readUInt32LE(6)] ?? '');
      else if (type === LABEL) put(d.readUInt16LE(0), d.readUInt16LE(2), unicodeString(d, 6));
      else if (type === NUMBER) put(d.readUInt16LE(0), d.readUInt16LE(2), String(d.readDoubleLE(6)));
      else if (type === RK) put(d.readUInt16LE(0), d.readUInt16LE(2), String(rkValue(d.readInt32LE(6))));
      else if (type === MULRK) {
        const row = d.readUInt16LE(0);
        const first = d.readUInt16LE(2);
        for (let k = 0; 4 + k * 6 + 6 <= d.length - 2; k++) put(row, first + k, String(rkValue(d.readInt32LE(4 + k * 6 + 2))));
      }
    } catch (err) {
      if (err instanceof RangeError) continue; // a record shorter than its type needs: skip it
      throw err;
    }
  }
  return sheets
    .map((s, i) => {
      const rows = [...s.keys()].sort((a, b) => a - b).map((k) => s.get(k)!);
      return `${names[i] ?? `Sheet ${i + 1}`}\n${rowsToText(rows)}`;
    })
    .join('\n\n');
}
