// PDF pages without a text layer (scans): rendered by pdf.js onto @napi-rs/canvas (pdf-parse's own
// renderer, a prebuilt binary from npm) at extract.ocr.pdf_dpi, lowered to stay within the pixel
// budget, then read by OCR. With OCR off, such pages are counted, never passed over in silence.
import type { PageTextResult, PDFParse } from 'pdf-parse';
import { ExtractError } from './extraction-result.ts';
import { requireText } from './image-extractor.ts';
import type { OcrEngine, OcrLimits } from './ocr-engine.ts';

const POINTS_PER_INCH = 72;

/** What the PDF extractor needs for OCR; absent, pages without text are only counted. */
export interface PdfOcr {
  limits: OcrLimits;
  engine: OcrEngine;
  /** Called once, before the first page is rendered (the pool then gives the file its OCR budget). */
  onStart(): void;
}

export interface PdfPagesText {
  text: string;
  pages: number;
  ocrPages: number;
  unreadPages: number;
}

/** A page with nothing but white space in its text layer. */
function hasNoText(page: PageTextResult): boolean {
  return page.text.trim() === '';
}

/** Scale that renders the page at the configured resolution, or smaller to stay within max_pixels. */
export function renderScale(widthPt: number, heightPt: number, limits: Pick<OcrLimits, 'pdfDpi' | 'maxPixels'>): number {
  const byDpi = limits.pdfDpi / POINTS_PER_INCH;
  const byBudget = Math.sqrt(limits.maxPixels / Math.max(1, widthPt * heightPt));
  return Math.min(byDpi, byBudget);
}

async function ocrPage(parser: PDFParse, num: number, ocr: PdfOcr): Promise<string> {
  const info = await parser.getInfo({ parsePageInfo: true, partial: [num] });
  const size = info.pages[0];
  if (size === undefined) throw new ExtractError('corrupt', `PDF page ${num} has no size`);
  const scale = renderScale(size.width, size.height, ocr.limits);
  const shot = await parser.getScreenshot({ partial: [num], scale, imageBuffer: true, imageDataUrl: false });
  const image = shot.pages[0];
  if (image === undefined || image.data.length === 0) throw new ExtractError('corrupt', `PDF page ${num} could not be rendered`);
  return ocr.engine.recognize(image.data);
}

/**
 * The text layer of every page, in order. With OCR on, stops as soon as more pages than
 * extract.ocr.max_pages have no text, so a PDF of thousands of image-only pages is refused early.
 */
async function readTextLayers(parser: PDFParse, ocr: PdfOcr | null): Promise<PageTextResult[]> {
  const limit = ocr !== null && ocr.limits.enabled ? ocr.limits.maxPages : Infinity;
  const pages: PageTextResult[] = [];
  let empty = 0;
  for (let num = 1, total = 1; num <= total; num++) {
    const result = await parser.getText({ partial: [num], pageJoiner: '' });
    total = result.total;
    const page = result.pages[0];
    if (page === undefined) break; // a document without pages
    pages.push(page);
    if (hasNoText(page) && ++empty > limit) {
      throw new ExtractError('too_large', `more than ${limit} PDF pages have no text layer (extract.ocr.max_pages), of ${total}`);
    }
  }
  return pages;
}

/**
 * The document's text with every page that has no text layer read by OCR (in page order), or,
 * without OCR, the pages that have text and a count of those left unread.
 */
export async function readPdfPages(parser: PDFParse, ocr: PdfOcr | null): Promise<PdfPagesText> {
  const pages = await readTextLayers(parser, ocr);
  const empty = pages.filter(hasNoText);
  if (ocr === null || !ocr.limits.enabled || empty.length === 0) {
    if (empty.length > 0 && empty.length === pages.length) {
      throw new ExtractError('ocr_disabled', `none of the ${pages.length} PDF pages has a text layer and extract.ocr.enabled is off`);
    }
    return { text: pages.map((p) => `${p.text}\n\n`).join(''), pages: pages.length, ocrPages: 0, unreadPages: empty.length };
  }
  ocr.onStart();
  const texts = new Map<number, string>();
  for (const page of empty) texts.set(page.num, await ocrPage(parser, page.num, ocr));
  const text = pages.map((p) => `${texts.get(p.num) ?? p.text}\n\n`).join('');
  return { text: requireText(text, `the ${empty.length} scanned PDF pages`), pages: pages.length, ocrPages: empty.length, unreadPages: 0 };
}
