// Repeated zip entry names, in every zip-based format: a document package (DOCX, XLSX, PPTX, ODF)
// whose reader looks parts up by name is refused as corrupt, so the entry a last-one-wins lookup
// would skip (here holding a card number) is never silently left unread; a plain zip reads every
// member, repeated names included. Real files, built here (test/helpers/hostile-containers.ts).
import { describe, expect, it } from 'vitest';
import { extractData } from '../extract/extract-file.ts';
import type { ExtractionResult } from '../extract/extraction-result.ts';
import { formatForPath } from '../extract/formats.ts';
import { assembleZip, smallEntry } from './helpers/documents.ts';
import { repeatedNameFiles } from './helpers/hostile-containers.ts';
import { docxDuplicateEntry } from './helpers/hostile-documents.ts';
import { makeZip, odfParagraph, odfParts, xlsxParts } from './helpers/office-documents.ts';

const LIMITS = { maxFileBytes: 8 * 1024 * 1024, maxTextChars: 100_000 };
const CARD = 'Card 4111 1111 1111 1111';

function extract(data: Buffer, name: string): Promise<ExtractionResult> {
  return extractData(data, name, formatForPath(name)!, LIMITS);
}

const file = (name: string) => repeatedNameFiles().find((f) => f.name === name)!.data;

/** A package from parts, with `name` written once more before the rest under `rename` (another spelling, or the same name). */
function withExtra(parts: Record<string, string>, name: string, rename: string): Buffer {
  return assembleZip([smallEntry(rename, parts[name]!), ...Object.entries(parts).map(([n, body]) => smallEntry(n, body))]);
}

describe('repeated zip entry names', () => {
  it.each([
    ['duplicate-entry.docx', 'word/footer1.xml'],
    ['duplicate-entry.xlsx', 'xl/sharedStrings.xml'],
    ['duplicate-entry.pptx', 'ppt/slides/slide1.xml'],
    ['duplicate-entry.odt', 'content.xml'],
  ])('refuse %s as corrupt, naming %s, instead of classifying its second entry', async (name, part) => {
    const data = name.endsWith('.docx') ? docxDuplicateEntry() : file(name);
    expect(await extract(data, name)).toEqual({ ok: false, format: formatForPath(name), code: 'corrupt', reason: `zip entry name ${part} appears more than once` });
  });

  it('compare OOXML part names ignoring ASCII case (part name equivalence), ODF names exactly', async () => {
    const xlsx = withExtra(xlsxParts([{ name: 'S', rows: [['nothing here']] }]), 'xl/sharedStrings.xml', 'xl/SharedStrings.xml');
    expect(await extract(xlsx, 'cased.xlsx')).toMatchObject({ ok: false, code: 'corrupt', reason: 'zip entry name xl/sharedStrings.xml appears more than once' });
    // In OpenDocument, Content.xml is another file than content.xml: the package is read.
    const odt = withExtra(odfParts('odt', odfParagraph('the real content')), 'content.xml', 'Content.xml');
    const read = await extract(odt, 'cased.odt');
    expect(read.ok && read.text.trim()).toBe('the real content');
  });

  it('read every member of a plain zip, a repeated name included, so none is hidden', async () => {
    const result = await extract(file('duplicate-member.zip'), 'duplicate-member.zip');
    expect(result).toMatchObject({ ok: true, text: `=== notes.txt ===\n${CARD}\n\n=== notes.txt ===\nnothing here` });
    expect(result.ok && result.members?.map((m) => m.member)).toEqual(['notes.txt', 'notes.txt']);
  });

  it('count a document with a repeated name inside a zip as an unread member, with its reason', async () => {
    const zip = await makeZip({ 'readme.txt': 'nothing here', 'book.xlsx': file('duplicate-entry.xlsx') });
    const result = await extract(zip, 'outer.zip');
    expect(result).toMatchObject({ ok: true, unread: [{ member: 'book.xlsx', code: 'corrupt', reason: 'zip entry name xl/sharedStrings.xml appears more than once' }] });
    expect(result.ok && result.text).not.toContain('4111');
  });
});
