// Legacy Word .doc (OLE compound file) with word-extractor: body, footnotes, endnotes, headers, comments, text boxes.
import WordExtractor from 'word-extractor';
import { ExtractError } from './extraction-result.ts';
import { isCfb } from './ole-package.ts';

export async function extractDoc(data: Buffer): Promise<string> {
  if (!isCfb(data)) throw new ExtractError('corrupt', 'not a Word 97-2003 .doc (no OLE compound file header)');
  let doc;
  try {
    doc = await new WordExtractor().extract(data);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/encrypt/i.test(message)) throw new ExtractError('encrypted', `password-protected .doc: ${message}`);
    throw new ExtractError('corrupt', `.doc parse failed: ${message}`);
  }
  return [doc.getBody(), doc.getFootnotes(), doc.getEndnotes(), doc.getHeaders({ includeFooters: true }), doc.getAnnotations(), doc.getTextboxes({ includeHeadersAndFooters: true, includeBody: true })]
    .filter((t) => t.trim() !== '')
    .join('\n\n');
}
