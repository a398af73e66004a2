// OOXML part names compare ignoring ASCII case (ECMA-376 Part 2, part name equivalence), and
// relationship targets are resolved like any relative reference: a part spelled `word/Footer1.xml`,
// `ppt/slides/Slide2.xml` or `xl/SharedStrings.xml`, or a sheet at `./worksheets/sheet2.xml`, is read,
// not silently left out; a sheet the workbook names but the package lacks is refused as corrupt.
import { describe, expect, it } from 'vitest';
import { extractData } from '../extract/extract-file.ts';
import type { ExtractionResult } from '../extract/extraction-result.ts';
import { formatForPath } from '../extract/formats.ts';
import { assembleDocx, assembleZip, docxDocumentXml, docxFrameEntries, smallEntry } from './helpers/documents.ts';
import { pptxParts, xlsxParts } from './helpers/office-documents.ts';

const LIMITS = { maxFileBytes: 8 * 1024 * 1024, maxTextChars: 100_000 };
const CARD = 'Card 4111 1111 1111 1111';
const FOOTER = `<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>${CARD}</w:t></w:r></w:p></w:ftr>`;

function extract(data: Buffer, name: string): Promise<ExtractionResult> {
  return extractData(data, name, formatForPath(name)!, LIMITS);
}

const zipOf = (parts: Record<string, string>) => assembleZip(Object.entries(parts).map(([n, body]) => smallEntry(n, body)));

/** The parts with `from` renamed to `to`. */
function renamed(parts: Record<string, string>, from: string, to: string): Record<string, string> {
  return Object.fromEntries(Object.entries(parts).map(([n, body]) => [n === from ? to : n, body]));
}

describe('OOXML part names', () => {
  it('read a DOCX footer spelled word/Footer1.xml', async () => {
    const result = await extract(assembleDocx(['body'], [smallEntry('word/Footer1.xml', FOOTER)]), 'a.docx');
    expect(result.ok && result.text).toContain(CARD);
  });

  // The relationships name the main part in another ASCII case than its entry: the body reader
  // and mammoth (which looks parts up by exact name, for a body that needs it: here a w:sym) agree.
  const bodies = [
    ['plain', docxDocumentXml([CARD])],
    ['one mammoth reads', docxDocumentXml([CARD]).replace('</w:t></w:r>', '</w:t><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>')],
  ] as const;
  const spellings = [
    ['word/Document.xml', 'word/document.xml'],
    ['word/document.xml', 'word/Document.xml'],
    ['word/Main.xml', 'word/main.xml'],
    ['WORD/MAIN.XML', 'word/main.xml'],
  ] as const;
  it.each(spellings.flatMap(([rels, entry]) => bodies.map(([kind, xml]) => [rels, entry, kind, xml] as const)))('read a DOCX whose relationships say %s for the entry %s (%s body)', async (rels, entry, _, xml) => {
    const data = assembleZip([...docxFrameEntries(rels), smallEntry(entry, xml)]);
    const result = await extract(data, 'a.docx');
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.text).toContain(CARD);
  });

  it('read a PPTX slide spelled ppt/slides/Slide2.xml, in its place', async () => {
    const parts = renamed(pptxParts([{ text: ['nothing here'] }, { text: [CARD] }]), 'ppt/slides/slide2.xml', 'ppt/slides/Slide2.xml');
    const result = await extract(zipOf(parts), 'a.pptx');
    expect(result.ok && result.text).toMatch(/^Slide 1\nnothing here[\s\S]*Slide 2\nCard 4111 1111 1111 1111/);
  });

  it('read XLSX shared strings spelled xl/SharedStrings.xml', async () => {
    const parts = renamed(xlsxParts([{ name: 'S', rows: [[CARD]] }]), 'xl/sharedStrings.xml', 'xl/SharedStrings.xml');
    expect(await extract(zipOf(parts), 'a.xlsx')).toMatchObject({ ok: true, text: `S\n${CARD}` });
  });
});

describe('XLSX relationship targets', () => {
  const twoSheets = () => xlsxParts([{ name: 'A', rows: [['nothing here']] }, { name: 'B', rows: [[CARD]] }]);
  const retarget = (parts: Record<string, string>, target: string) => ({
    ...parts,
    'xl/_rels/workbook.xml.rels': parts['xl/_rels/workbook.xml.rels']!.replace('Target="worksheets/sheet2.xml"', `Target="${target}"`),
  });

  it.each(['./worksheets/sheet2.xml', '../xl/worksheets/sheet2.xml', '/xl/worksheets/sheet2.xml'])('resolve a sheet target written %s', async (target) => {
    expect(await extract(zipOf(retarget(twoSheets(), target)), 'a.xlsx')).toMatchObject({ ok: true, text: `A\nnothing here\n\nB\n${CARD}` });
  });

  it('refuse a workbook naming a sheet the package lacks as corrupt', async () => {
    const parts = twoSheets();
    delete parts['xl/worksheets/sheet2.xml'];
    expect(await extract(zipOf(parts), 'a.xlsx')).toMatchObject({ ok: false, code: 'corrupt', reason: 'XLSX sheet B names part xl/worksheets/sheet2.xml, which is missing' });
  });

  it('find shared strings through the workbook relationship', async () => {
    const parts = renamed(xlsxParts([{ name: 'S', rows: [[CARD]] }]), 'xl/sharedStrings.xml', 'xl/strings/table.xml');
    const rel = '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings/table.xml"/>';
    parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels']!.replace('</Relationships>', `${rel}</Relationships>`);
    expect(await extract(zipOf(parts), 'a.xlsx')).toMatchObject({ ok: true, text: `S\n${CARD}` });
  });
});
