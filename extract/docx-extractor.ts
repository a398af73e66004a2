// DOCX text, after the zip-bomb guard has vetted the archive: the body as mammoth's raw text gives
// it, read by docx-body-text.ts from the main part (mammoth itself only for the parts that need its
// tables); then the parts raw text leaves out (footnotes, endnotes, comments, headers, footers) by SAX.
import { DEFAULT_CONTAINER_LIMITS, InflateBudget } from './container-limits.ts';
import { docxBodyText, mainDocumentPath } from './docx-body-text.ts';
import { checkDocx, DEFAULT_DOCX_LIMITS, type DocxGuardLimits } from './docx-guard.ts';
import { ExtractError } from './extraction-result.ts';
import { xmlText } from './xml-text.ts';
import { openZip, type ZipArchive } from './zip-reader.ts';

const WORD_TEXT = { textTags: new Set(['w:t']), breaks: new Set(['w:p']), tabs: new Set(['w:tab']) };
const SIDE_PARTS = /^word\/(footnotes|endnotes|comments|header\d*|footer\d*)\.xml$/;

/** Footnotes, endnotes, comments, headers and footers, in that order; the guard has bounded their size. */
function sideText(zip: ZipArchive): string {
  const parts = zip.entries.filter((e) => SIDE_PARTS.test(e.name)).sort((a, b) => a.name.localeCompare(b.name));
  return parts.map((e) => xmlText(zip.read(e), WORD_TEXT).trim()).filter((t) => t !== '').join('\n\n');
}

/** mammoth's raw text of the body, for the few parts docx-body-text.ts hands back (loaded only then). */
async function mammothBodyText(data: Buffer): Promise<string> {
  const mammoth = (await import('mammoth')).default;
  // Buffer input: mammoth never touches the file system, and external file access stays disabled.
  return (await mammoth.extractRawText({ buffer: data })).value;
}

/** The body's raw text: the main part read here, or by mammoth when the part needs it. */
async function bodyText(data: Buffer, zip: ZipArchive): Promise<string> {
  const rels = zip.find('_rels/.rels');
  const main = zip.find(mainDocumentPath(rels === undefined ? null : zip.read(rels).toString('utf8'), (name) => zip.find(name) !== undefined));
  if (main === undefined) throw new ExtractError('corrupt', 'DOCX parse failed: Could not find main document part. Are you sure this is a valid .docx file?');
  const body = docxBodyText(zip.read(main).toString('utf8'));
  return 'text' in body ? body.text : mammothBodyText(data);
}

export async function extractDocx(data: Buffer, limits: DocxGuardLimits = DEFAULT_DOCX_LIMITS): Promise<string> {
  await checkDocx(data, limits);
  try {
    // The guard has inflated every entry for real against these limits; the budget bounds this read too.
    const budget = new InflateBudget({ ...DEFAULT_CONTAINER_LIMITS, maxMembers: limits.maxEntries, maxInflatedBytes: limits.maxXmlBytes, maxRatio: limits.maxRatio, ratioMinBytes: limits.ratioMinBytes });
    const zip = openZip(data, budget);
    const body = await bodyText(data, zip);
    const side = sideText(zip);
    return side === '' ? body : `${body}\n\n${side}`;
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof RangeError) throw new ExtractError('corrupt', `DOCX too deeply nested or too large: ${message}`, { cause: err });
    throw new ExtractError('corrupt', `DOCX parse failed: ${message}`, { cause: err });
  }
}
