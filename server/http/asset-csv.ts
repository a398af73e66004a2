// The CSV form of an asset for GET /assets/export: RFC 4180 (CRLF, a header row, quoting) and
// safe to open in a spreadsheet. A cell that starts with = + - @ TAB or CR would be read as a
// formula (OWASP "CSV Injection"), so it gets a leading single quote and is quoted.
import type { Asset } from '../../shared/api/schemas.ts';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 field, defused against formula injection. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  if (FORMULA_START.test(text)) return `"'${text.replaceAll('"', '""')}"`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const ASSET_CSV_COLUMNS = [
  'id',
  'name',
  'asset_type',
  'label',
  'label_level',
  'matched_rules',
  'findings',
  'finding_count',
  'source',
  'classified_at',
  'removed_at',
  'unreadable',
] as const;

/** The findings as one line: `rule: count (confidence)` per matched rule, `; ` between. No samples. */
export function findingsSummary(asset: Asset): string {
  return asset.findings.map((f) => `${f.rule}: ${f.count} (${f.confidence})`).join('; ');
}

function cells(asset: Asset): (string | number | null)[] {
  return [
    asset.id,
    asset.name,
    asset.asset_type,
    asset.label.name,
    asset.label.level,
    asset.matched_rules,
    findingsSummary(asset),
    asset.findings.reduce((n, f) => n + f.count, 0),
    asset.source,
    asset.classified_at,
    asset.removed_at,
    asset.unreadable,
  ];
}

export const csvHeader = (): string => `${ASSET_CSV_COLUMNS.join(',')}\r\n`;

export function csvRow(asset: Asset): string {
  return `${cells(asset).map(csvCell).join(',')}\r\n`;
}
