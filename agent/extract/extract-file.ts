// One extraction, start to finish: bounded read, format-specific extractor, truncation; never throws.
import { DEFAULT_DOCX_LIMITS, type DocxGuardLimits } from './docx-guard.ts';
import { extractDocx } from './docx-extractor.ts';
import { ExtractError, failure, type ExtractFormat, type ExtractionResult } from './extraction-result.ts';
import { extractImage } from './image-extractor.ts';
import { DEFAULT_OCR_LIMITS, type OcrEngine, type OcrLimits } from './ocr-engine.ts';
import { extractPdf } from './pdf-extractor.ts';
import type { PdfOcr } from './pdf-ocr.ts';
import { readFileBounded } from './read-file.ts';
import { extractText } from './text-extractor.ts';

export interface ExtractLimits {
  maxFileBytes: number;
  maxTextChars: number;
  docx?: DocxGuardLimits;
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

/** Without an OCR engine, OCR counts as off. */
function ocrLimits(limits: ExtractLimits, ocr: OcrContext | undefined): OcrLimits {
  const configured = limits.ocr ?? DEFAULT_OCR_LIMITS;
  return ocr === undefined ? { ...configured, enabled: false } : configured;
}

export async function extractFile(path: string, format: ExtractFormat, limits: ExtractLimits, ocr?: OcrContext): Promise<ExtractionResult> {
  try {
    const data = await readFileBounded(path, limits.maxFileBytes);
    let text: string;
    let pages: number | undefined;
    let ocrPages = 0;
    let unreadPages = 0;
    if (data.length === 0) {
      text = '';
    } else if (format === 'pdf') {
      const pdfOcr: PdfOcr | null = ocr === undefined ? null : { limits: ocrLimits(limits, ocr), engine: ocr.engine, onStart: ocr.onStart };
      ({ text, pages, ocrPages, unreadPages } = await extractPdf(data, pdfOcr));
    } else if (format === 'image') {
      ocr?.onStart();
      ({ text, pages } = await extractImage(data, ocrLimits(limits, ocr), ocr?.engine ?? null));
      ocrPages = pages;
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
      ...(ocrPages > 0 ? { ocrPages } : {}),
      ...(unreadPages > 0 ? { unreadPages } : {}),
    };
  } catch (err) {
    if (err instanceof ExtractError) return failure(format, err.code, err.message);
    return failure(format, 'corrupt', `extraction failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
