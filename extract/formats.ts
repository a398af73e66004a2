// File extension → extraction format; anything not listed is unsupported.
import { basename, extname } from 'node:path';
import { EXTRACT_FORMATS, type ExtractFormat } from './extraction-result.ts';

const TEXT_EXTENSIONS: ReadonlySet<string> = new Set([
  // documents and data
  'txt', 'csv', 'tsv', 'md', 'json', 'log', 'yaml', 'yml', 'ini', 'conf',
  // source code
  'ts', 'js', 'py', 'java', 'go', 'rs', 'c', 'h', 'cpp', 'cs', 'rb', 'php', 'sh', 'sql', 'kt', 'swift',
]);

const BY_EXTENSION: Readonly<Record<string, ExtractFormat>> = {
  pdf: 'pdf',
  docx: 'docx',
  docm: 'docx',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  pptx: 'pptx',
  pptm: 'pptx',
  odt: 'odf',
  ods: 'odf',
  odp: 'odf',
  rtf: 'rtf',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  xml: 'html',
  eml: 'mail',
  msg: 'mail',
  zip: 'archive',
  tar: 'archive',
  tgz: 'archive',
  gz: 'archive',
  doc: 'doc',
  // read by OCR (image-extractor.ts)
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  tif: 'image',
  tiff: 'image',
  xls: 'xls',
};

export const ALL_FORMATS: readonly ExtractFormat[] = EXTRACT_FORMATS;

/** The lower-case extension of a path (`tar.gz` counts as `tgz`), without the dot. */
export function extensionOf(path: string): string {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.tar.gz')) return 'tgz';
  return extname(name).slice(1);
}

/** The format for a path by its (case-insensitive) extension, or null if unsupported or not enabled. */
export function formatForPath(path: string, enabled: readonly ExtractFormat[] = ALL_FORMATS): ExtractFormat | null {
  const ext = extensionOf(path);
  const format = BY_EXTENSION[ext] ?? (TEXT_EXTENSIONS.has(ext) ? 'text' : null);
  return format !== null && enabled.includes(format) ? format : null;
}
