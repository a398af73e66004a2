// One extraction, start to finish: bounded read, format-specific extractor, truncation; never throws.
import { DEFAULT_CONTAINER_LIMITS, InflateBudget, type ContainerLimits } from './container-limits.ts';
import { DEFAULT_DOCX_LIMITS, type DocxGuardLimits } from './docx-guard.ts';
import { extractBuffer, newContext } from './extract-buffer.ts';
import { ExtractError, failure, type ExtractFormat, type ExtractionResult } from './extraction-result.ts';
import { DEFAULT_OCR_LIMITS, type OcrEngine, type OcrLimits } from './ocr-engine.ts';
import { readFileBounded } from './read-file.ts';

export interface ExtractLimits {
  maxFileBytes: number;
  maxTextChars: number;
  docx?: DocxGuardLimits;
  container?: ContainerLimits;
  ocr?: OcrLimits;
}

/** The extraction worker's OCR engine, and what to tell the pool when OCR starts on a file. */
export interface OcrContext {
  engine: OcrEngine;
  onStart(): void;
}

/** The first maxChars characters, without splitting a surrogate pair. */
export function truncateText(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  let end = Math.max(0, maxChars);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return { text: text.slice(0, end), truncated: true };
}

/** Extracts bytes already in memory (an upload); name gives the type of members and the mail flavour. */
export async function extractData(data: Buffer, name: string, format: ExtractFormat, limits: ExtractLimits, ocr?: OcrContext): Promise<ExtractionResult> {
  try {
    if (data.length > limits.maxFileBytes) throw new ExtractError('too_large', `file is ${data.length} bytes, limit is ${limits.maxFileBytes}`);
    const budget = new InflateBudget(limits.container ?? DEFAULT_CONTAINER_LIMITS);
    const ctx = newContext(budget, limits.docx ?? DEFAULT_DOCX_LIMITS, ocr === undefined ? null : { limits: limits.ocr ?? DEFAULT_OCR_LIMITS, engine: ocr.engine, onStart: ocr.onStart });
    const got = await extractBuffer(data, format, name, ctx);
    const cut = truncateText(got.text, limits.maxTextChars);
    const members = got.members?.filter((m) => m.offset < cut.text.length);
    return {
      ok: true,
      format,
      text: cut.text,
      ...(got.pages === undefined ? {} : { pages: got.pages }),
      bytes: data.length,
      truncated: cut.truncated,
      ...(members && members.length > 0 ? { members } : {}),
      ...(got.unread ? { unread: got.unread } : {}),
      ...(ctx.ocrPages > 0 ? { ocrPages: ctx.ocrPages } : {}),
      ...(ctx.unreadPages > 0 ? { unreadPages: ctx.unreadPages } : {}),
    };
  } catch (err) {
    if (err instanceof ExtractError) return failure(format, err.code, err.message);
    return failure(format, 'corrupt', `extraction failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function extractFile(path: string, format: ExtractFormat, limits: ExtractLimits, ocr?: OcrContext): Promise<ExtractionResult> {
  let data: Buffer;
  try {
    data = readFileBounded(path, limits.maxFileBytes);
  } catch (err) {
    if (err instanceof ExtractError) return failure(format, err.code, err.message);
    return failure(format, 'unreadable', `read failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  return extractData(data, path, format, limits, ocr);
}
