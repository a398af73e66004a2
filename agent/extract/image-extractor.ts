// Images (PNG, JPEG, TIFF) read by OCR: header and pixel budget first, then tesseract.js.
import { ExtractError } from './extraction-result.ts';
import { readImageHeader } from './image-header.ts';
import type { OcrEngine, OcrLimits } from './ocr-engine.ts';

/** Refuses a page or image above the pixel budget, naming both sizes. */
export function checkPixelBudget(what: string, width: number, height: number, maxPixels: number): void {
  const pixels = width * height;
  if (pixels > maxPixels) {
    throw new ExtractError('too_large', `${what} is ${width}×${height} pixels (${pixels}), extract.ocr.max_pixels is ${maxPixels}`);
  }
}

/** The text of a non-empty OCR result; a page that OCR found no text on is a 'no_text' failure, never an empty document. */
export function requireText(text: string, what: string): string {
  if (text.trim() === '') throw new ExtractError('no_text', `OCR found no text in ${what}`);
  return text;
}

export async function extractImage(data: Buffer, limits: OcrLimits, ocr: OcrEngine | null): Promise<{ text: string; pages: number }> {
  const header = readImageHeader(data);
  if (!limits.enabled || ocr === null) throw new ExtractError('ocr_disabled', `${header.kind.toUpperCase()} image not read: extract.ocr.enabled is off`);
  checkPixelBudget(`${header.kind.toUpperCase()} image`, header.width, header.height, limits.maxPixels);
  return { text: requireText(await ocr.recognize(data), 'the image'), pages: 1 };
}
