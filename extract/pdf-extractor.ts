// PDF text extraction with pdf-parse v2 (pdf.js); library errors become failure codes.
// First, so that it is evaluated before pdf.js (when this module is imported on its own).
import { restoreNativeBuiltins } from './native-builtins.ts';
import { PDFParse, VerbosityLevel } from 'pdf-parse';
import { ExtractError } from './extraction-result.ts';
import { readPdfPages, type PdfOcr, type PdfPagesText } from './pdf-ocr.ts';


/** Maps a pdf-parse / pdf.js error to an ExtractError by name (pdf-parse re-wraps pdf.js errors under the same names). */
function toExtractError(err: unknown): ExtractError {
  if (err instanceof ExtractError) return err;
  const name = err instanceof Error ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') return new ExtractError('encrypted', `password-protected PDF: ${message}`, { cause: err });
  if (name === 'InvalidPDFException') return new ExtractError('corrupt', `invalid PDF: ${message}`, { cause: err });
  if (name === 'FormatError') return new ExtractError('corrupt', `malformed PDF: ${message}`, { cause: err });
  if (err instanceof RangeError) return new ExtractError('corrupt', `PDF too deeply nested or too large: ${message}`, { cause: err });
  return new ExtractError('corrupt', `PDF parse failed (${name || 'error'}): ${message}`, { cause: err });
}

/** The text layer of every page; pages without one go to OCR when `ocr` is given and enabled (extract/pdf-ocr.ts). */
export async function extractPdf(data: Uint8Array, ocr: PdfOcr | null = null): Promise<PdfPagesText> {
  restoreNativeBuiltins();
  // A plain Uint8Array view: pdf-parse copies Buffer input, which would double the file in memory.
  const bytes = Buffer.isBuffer(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data;
  const parser = new PDFParse({
    data: bytes,
    isEvalSupported: false, // never compile code from fonts or functions in the file
    verbosity: VerbosityLevel.ERRORS,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    // Rendering for OCR: an embedded image above the pixel budget is not decoded.
    ...(ocr === null ? {} : { maxImageSize: ocr.limits.maxPixels }),
  });
  try {
    // No page-joiner markers: classifiers should see only document text.
    return await readPdfPages(parser, ocr);
  } catch (err) {
    throw toExtractError(err);
  } finally {
    await parser.destroy().catch(() => undefined);
    // pdf.js's in-thread worker module loads on the first document, bringing its polyfills.
    restoreNativeBuiltins();
  }
}
