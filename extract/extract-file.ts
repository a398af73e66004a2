// One extraction, start to finish: bounded read, format-specific extractor, truncation; never throws.
import { DEFAULT_DOCX_LIMITS, type DocxGuardLimits } from './docx-guard.ts';
import { extractDocx } from './docx-extractor.ts';
import { ExtractError, failure, type ExtractFormat, type ExtractionResult } from './extraction-result.ts';
import { extractPdf } from './pdf-extractor.ts';
import { readFileBounded } from './read-file.ts';
import { extractText } from './text-extractor.ts';

export interface ExtractLimits {
  maxFileBytes: number;
  maxTextChars: number;
  docx?: DocxGuardLimits;
}

/** The first maxChars characters, without splitting a surrogate pair. */
export function truncateText(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  let end = Math.max(0, maxChars);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return { text: text.slice(0, end), truncated: true };
}

export async function extractFile(path: string, format: ExtractFormat, limits: ExtractLimits): Promise<ExtractionResult> {
  try {
    const data = await readFileBounded(path, limits.maxFileBytes);
    let text: string;
    let pages: number | undefined;
    if (data.length === 0) {
      text = '';
    } else if (format === 'pdf') {
      ({ text, pages } = await extractPdf(data));
    } else if (format === 'docx') {
      text = await extractDocx(data, limits.docx ?? DEFAULT_DOCX_LIMITS);
    } else {
      text = extractText(data);
    }
    const cut = truncateText(text, limits.maxTextChars);
    return {
      ok: true,
      format,
      text: cut.text,
      ...(pages === undefined ? {} : { pages }),
      bytes: data.length,
      truncated: cut.truncated,
    };
  } catch (err) {
    if (err instanceof ExtractError) return failure(format, err.code, err.message);
    return failure(format, 'corrupt', `extraction failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
