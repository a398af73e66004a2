// How a file is named and typed in the inventory: `<hostname>:<absolute path>`, and an
// asset_type from its extension (rules may filter on either, so the agent and the server must
// see the same values).
import { extname } from 'node:path';

export function assetName(hostname: string, absolutePath: string): string {
  return `${hostname}:${absolutePath}`;
}

const SPREADSHEET = new Set(['csv', 'tsv']);
const SOURCE_CODE = new Set(['ts', 'js', 'py', 'java', 'go', 'rs', 'c', 'h', 'cpp', 'cs', 'rb', 'php', 'sh', 'sql', 'kt', 'swift']);

/** `spreadsheet` for csv/tsv, `source_code` for source files, `document` for everything else. */
export function assetTypeFor(path: string): string {
  const ext = extname(path).slice(1).toLowerCase();
  if (SPREADSHEET.has(ext)) return 'spreadsheet';
  if (SOURCE_CODE.has(ext)) return 'source_code';
  return 'document';
}
