// XLSX/XLSM: every sheet in workbook order (shared and inline strings, values), comments; SAX over each part.
import { posix } from 'node:path';
import { displayName, InflateBudget } from './container-limits.ts';
import { ExtractError } from './extraction-result.ts';
import { columnIndex, rowsToText } from './table-text.ts';
import { walkXml, xmlText } from './xml-text.ts';
import { refuseCfbPackage } from './ole-package.ts';
import { openZip, type ZipArchive } from './zip-reader.ts';

/** Most empty cells inserted to keep a value in its column (a hostile sheet could ask for 16383 per row). */
const MAX_PADDING = 256;

function partText(zip: ZipArchive, name: string): Buffer | null {
  const entry = zip.find(name);
  return entry ? zip.read(entry) : null;
}

function sharedStrings(xml: Buffer | null): string[] {
  if (xml === null) return [];
  const strings: string[] = [];
  let current: string[] | null = null;
  let inT = 0;
  let inPhonetic = 0;
  walkXml(xml, {
    open(name) {
      if (name === 'si') current = [];
      else if (name === 't') inT++;
      else if (name === 'rPh') inPhonetic++;
    },
    text(text) {
      if (current && inT > 0 && inPhonetic === 0) current.push(text);
    },
    close(name) {
      if (name === 'si' && current) {
        strings.push(current.join(''));
        current = null;
      } else if (name === 't') inT--;
      else if (name === 'rPh') inPhonetic--;
    },
  });
  return strings;
}

/** A workbook relationship's target as a part name: absolute, or relative to xl/ (as pptx-extractor.ts resolves notes). */
function partName(target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target));
}

interface WorkbookParts {
  /** Sheet part names in workbook order, with their names. */
  sheets: { name: string; part: string }[];
  /** The shared-string table the workbook relationships name, else where Excel writes it. */
  sharedStrings: string;
}

function workbookParts(zip: ZipArchive): WorkbookParts {
  const targets = new Map<string, string>();
  let sharedStrings = 'xl/sharedStrings.xml';
  const rels = partText(zip, 'xl/_rels/workbook.xml.rels');
  if (rels) {
    walkXml(rels, {
      open: (n, a) => {
        if (n !== 'Relationship' || !a.Target || a.TargetMode === 'External') return;
        if (a.Id) targets.set(a.Id, a.Target);
        if (a.Type?.endsWith('/sharedStrings')) sharedStrings = partName(a.Target);
      },
    });
  }
  const sheets: { name: string; part: string }[] = [];
  const workbook = partText(zip, 'xl/workbook.xml');
  if (workbook === null) throw new ExtractError('corrupt', 'not an XLSX: xl/workbook.xml is missing');
  walkXml(workbook, {
    open(n, a) {
      if (n !== 'sheet') return;
      const target = targets.get(a['r:id'] ?? '');
      if (!target) return;
      sheets.push({ name: a.name ?? '', part: partName(target) });
    },
  });
  return { sheets, sharedStrings };
}

function sheetRows(xml: Buffer, strings: readonly string[]): string[][] {
  const rows: string[][] = [];
  let row: string[] | null = null;
  let cell: { col: number; type: string; text: string } | null = null;
  let inValue = 0;
  walkXml(xml, {
    open(n, a) {
      if (n === 'row') row = [];
      // columnIndex reads the letters of "C7" and stops at the digits.
      else if (n === 'c' && row) cell = { col: columnIndex(a.r), type: a.t ?? 'n', text: '' };
      else if (n === 'v' || n === 't') inValue++;
    },
    text(t) {
      if (cell && inValue > 0) cell.text += t;
    },
    close(n) {
      if (n === 'v' || n === 't') inValue--;
      else if (n === 'c' && row && cell) {
        const value = cell.type === 's' ? (strings[Number(cell.text)] ?? '') : cell.text;
        if (value !== '') {
          const col = cell.col >= row.length && cell.col - row.length <= MAX_PADDING ? cell.col : row.length;
          while (row.length < col) row.push('');
          row.push(value);
        }
        cell = null;
      } else if (n === 'row' && row) {
        rows.push(row);
        row = null;
      }
    },
  });
  return rows;
}

export function extractXlsx(data: Buffer, budget: InflateBudget): string {
  refuseCfbPackage(data, 'XLSX');
  const zip = openZip(data, budget, 'unique-ignoring-ascii-case');
  const workbook = workbookParts(zip);
  const strings = sharedStrings(partText(zip, workbook.sharedStrings));
  const out: string[] = [];
  for (const sheet of workbook.sheets) {
    const xml = partText(zip, sheet.part);
    // A sheet the workbook names but the package lacks is not left out silently.
    if (xml === null) throw new ExtractError('corrupt', `XLSX sheet ${displayName(sheet.name)} names part ${displayName(sheet.part)}, which is missing`);
    out.push(`${sheet.name}\n${rowsToText(sheetRows(xml, strings))}`);
  }
  const comments = zip.entries.filter((e) => /^xl\/comments\d*\.xml$/i.test(e.name));
  for (const entry of comments) out.push(xmlText(zip.read(entry), { textTags: new Set(['t']), breaks: new Set(['comment']) }));
  return out.join('\n\n');
}
