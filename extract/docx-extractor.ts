// DOCX text extraction with mammoth (body), after the zip-bomb guard has vetted the archive; then
// the parts mammoth's raw text leaves out (footnotes, endnotes, comments, headers, footers) by SAX.
import mammoth from 'mammoth';
import { DEFAULT_CONTAINER_LIMITS, InflateBudget } from './container-limits.ts';
import { checkDocx, DEFAULT_DOCX_LIMITS, type DocxGuardLimits } from './docx-guard.ts';
import { ExtractError } from './extraction-result.ts';
import { xmlText } from './xml-text.ts';
import { openZip } from './zip-reader.ts';

const WORD_TEXT = { textTags: new Set(['w:t']), breaks: new Set(['w:p']), tabs: new Set(['w:tab']) };
const SIDE_PARTS = /^word\/(footnotes|endnotes|comments|header\d*|footer\d*)\.xml$/;

/** Footnotes, endnotes, comments, headers and footers, in that order; the guard has bounded their size. */
function sideText(data: Buffer, limits: DocxGuardLimits): string {
  const budget = new InflateBudget({ ...DEFAULT_CONTAINER_LIMITS, maxMembers: limits.maxEntries, maxInflatedBytes: limits.maxXmlBytes });
  const zip = openZip(data, budget);
  const parts = zip.entries.filter((e) => SIDE_PARTS.test(e.name)).sort((a, b) => a.name.localeCompare(b.name));
  return parts.map((e) => xmlText(zip.read(e), WORD_TEXT).trim()).filter((t) => t !== '').join('\n\n');
}

export async function extractDocx(data: Buffer, limits: DocxGuardLimits = DEFAULT_DOCX_LIMITS): Promise<string> {
  await checkDocx(data, limits);
  try {
    // Buffer input: mammoth never touches the file system, and external file access stays disabled.
    const result = await mammoth.extractRawText({ buffer: data });
    const side = sideText(data, limits);
    return side === '' ? result.value : `${result.value}\n\n${side}`;
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof RangeError) throw new ExtractError('corrupt', `DOCX too deeply nested or too large: ${message}`, { cause: err });
    throw new ExtractError('corrupt', `DOCX parse failed: ${message}`, { cause: err });
  }
}
