// OpenDocument (odt, ods, odp): content.xml and styles.xml (headers, footers), SAX. Paragraphs, footnotes,
// comments and frames are text; table rows become lines with tab-separated cells under their headers.
import { InflateBudget } from './container-limits.ts';
import { ExtractError } from './extraction-result.ts';
import { rowsToText } from './table-text.ts';
import { walkXml } from './xml-text.ts';
import { openZip, type ZipArchive } from './zip-reader.ts';

const PARAGRAPHS = new Set(['text:p', 'text:h']);
/** Repeated cells (ODS pads rows to the last column this way) are not expanded beyond this. */
const MAX_REPEAT = 256;

function odfPartText(xml: Buffer): string {
  const out: string[] = [];
  let rows: string[][] | null = null;
  let tableDepth = 0;
  let row: string[] | null = null;
  let cell: { text: string; repeat: number } | null = null;
  let citation = 0; // footnote numbers would glue to the words around them
  const sink = (s: string) => {
    if (cell) cell.text += s;
    else out.push(s);
  };
  walkXml(xml, {
    open(n, a) {
      if (n === 'text:note-citation') citation++;
      else if (n === 'text:note-body') sink('\n');
      else if (n === 'table:table') {
        if (tableDepth++ === 0) rows = [];
      } else if (n === 'table:table-row' && tableDepth === 1) row = [];
      else if ((n === 'table:table-cell' || n === 'table:covered-table-cell') && tableDepth === 1 && row) {
        cell = { text: '', repeat: Math.max(1, Number(a['table:number-columns-repeated'] ?? 1) || 1) };
      } else if (n === 'text:tab') sink('\t');
      else if (n === 'text:line-break') sink('\n');
      else if (n === 'text:s') sink(' ');
    },
    text(t) {
      if (citation === 0) sink(t);
    },
    close(n) {
      if (n === 'text:note-citation') citation--;
      else if (PARAGRAPHS.has(n)) sink('\n');
      else if ((n === 'table:table-cell' || n === 'table:covered-table-cell') && tableDepth === 1 && row && cell) {
        // Paragraphs inside a cell join with a space; most cells hold one, ending in its newline.
        let value = cell.text.trim();
        if (value.includes('\n')) value = value.replace(/\s*\n\s*/g, ' ');
        for (let i = 0; i < Math.min(cell.repeat, MAX_REPEAT); i++) row.push(value);
        cell = null;
      } else if (n === 'table:table-row' && tableDepth === 1 && rows && row) {
        rows.push(row);
        row = null;
      } else if (n === 'table:table') {
        if (--tableDepth === 0 && rows) {
          out.push(`${rowsToText(rows)}\n`);
          rows = null;
        }
      }
    },
  });
  return out.join('');
}

function part(zip: ZipArchive, name: string): Buffer | null {
  const entry = zip.find(name);
  return entry ? zip.read(entry) : null;
}

export function extractOdf(data: Buffer, budget: InflateBudget): string {
  const zip = openZip(data, budget, 'unique');
  const manifest = zip.find('META-INF/manifest.xml');
  if (manifest && zip.read(manifest).includes('manifest:encryption-data')) throw new ExtractError('encrypted', 'password-protected OpenDocument file');
  const content = part(zip, 'content.xml');
  if (content === null) throw new ExtractError('corrupt', 'not an OpenDocument file: content.xml is missing');
  const styles = part(zip, 'styles.xml');
  return [odfPartText(content), styles === null ? '' : odfPartText(styles)].filter((t) => t.trim() !== '').join('\n');
}
