// Images (PNG, JPEG, TIFF) read by OCR: header and pixel budget first, then tesseract.js.
import { ExtractError } from './extraction-result.ts';
import { readImageHeader, tiffFromPage } from './image-header.ts';
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

/** The image's text; of a multi-page TIFF, every page's, in order, each within the pixel budget. */
export async function extractImage(data: Buffer, limits: OcrLimits, ocr: OcrEngine | null): Promise<{ text: string; pages: number }> {
  const { kind, frames } = readImageHeader(data);
  const what = kind.toUpperCase();
  if (!limits.enabled || ocr === null) throw new ExtractError('ocr_disabled', `${what} image not read: extract.ocr.enabled is off`);
  if (frames.length > limits.maxPages) throw new ExtractError('too_large', `${what} has ${frames.length} pages, extract.ocr.max_pages is ${limits.maxPages}`);
  for (const frame of frames) checkPixelBudget(frames.length > 1 ? `a page of the ${what}` : `${what} image`, frame.width, frame.height, limits.maxPixels);
  const texts: string[] = [];
  for (const frame of frames) texts.push(await ocr.recognize(frames.length > 1 ? tiffFromPage(data, frame.directory) : data));
  return { text: requireText(texts.join('\n\n'), frames.length > 1 ? `the ${frames.length} pages` : 'the image'), pages: frames.length };
}
