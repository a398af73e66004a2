// File extension → extraction format; anything not listed is unsupported.
import { extname } from 'node:path';
import type { ExtractFormat } from './extraction-result.ts';

const TEXT_EXTENSIONS: ReadonlySet<string> = new Set([
  // documents and data
  'txt', 'csv', 'tsv', 'md', 'json', 'log', 'xml', 'yaml', 'yml', 'html', 'htm', 'ini', 'conf',
  // source code
  'ts', 'js', 'py', 'java', 'go', 'rs', 'c', 'h', 'cpp', 'cs', 'rb', 'php', 'sh', 'sql', 'kt', 'swift',
]);

/** Read by OCR (agent/extract/image-extractor.ts). */
const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['png', 'jpg', 'jpeg', 'tif', 'tiff']);

export const ALL_FORMATS: readonly ExtractFormat[] = ['pdf', 'docx', 'text', 'image'];

/** The format for a path by its (case-insensitive) extension, or null if unsupported or not enabled. */
export function formatForPath(path: string, enabled: readonly ExtractFormat[] = ALL_FORMATS): ExtractFormat | null {
  const ext = extname(path).slice(1).toLowerCase();
  let format: ExtractFormat | null = null;
  if (ext === 'pdf') format = 'pdf';
  else if (ext === 'docx') format = 'docx';
  else if (TEXT_EXTENSIONS.has(ext)) format = 'text';
  else if (IMAGE_EXTENSIONS.has(ext)) format = 'image';
  return format !== null && enabled.includes(format) ? format : null;
}
