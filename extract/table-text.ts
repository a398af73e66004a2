// Spreadsheet rows as text: a row per line, cells separated by tabs, and each value after the header
// row prefixed with its column header ("SSN: 123-45-6789"), so that a detector needing a context word
// finds the header next to the value however far down the sheet the row is.

const NUMERIC = /^[\s\d.,:%+\-/()$€£]*$/;

function isHeaderRow(cells: readonly string[]): boolean {
  const filled = cells.filter((c) => c.trim() !== '');
  return filled.length >= 2 && filled.every((c) => !NUMERIC.test(c) && c.length <= 100);
}

export function rowsToText(rows: readonly (readonly string[])[]): string {
  const lines: string[] = [];
  let headers: readonly string[] | null = null;
  for (const row of rows) {
    if (row.every((c) => c.trim() === '')) continue;
    if (headers === null && isHeaderRow(row)) {
      headers = row.map((h) => h.trim());
      lines.push(row.join('\t'));
      continue;
    }
    const cells = row.map((value, i) => {
      const header = headers?.[i];
      return header && value.trim() !== '' ? `${header}: ${value}` : value;
    });
    lines.push(cells.join('\t'));
  }
  return lines.join('\n');
}

/** Zero-based column index of an A1-style reference ("C7" → 2); -1 when there is none. */
export function columnIndex(ref: string | undefined): number {
  if (!ref) return -1;
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return i === 0 || col > 16_384 ? -1 : col - 1;
}
