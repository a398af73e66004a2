// DOCX body text read without mammoth (extract/docx-body-text.ts) against mammoth's own raw text,
// which it must equal: generated documents mixing every construct mammoth's body reader treats
// specially (tables with merged and deleted rows, deleted paragraphs and runs, fields, text boxes,
// alternate content, content controls, breaks, bookmarks), the real fixture, and the parts that
// still go to mammoth (symbols, check boxes, other namespace prefixes); main parts that are not
// well-formed XML are refused.
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../bench/seeded-random.ts';
import { docxBodyText, mainDocumentPath, mainDocumentTargets } from '../extract/docx-body-text.ts';
import { extractDocx } from '../extract/docx-extractor.ts';
import { ExtractError } from '../extract/extraction-result.ts';
import { docxMalformedXml } from './helpers/hostile-documents.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const ROOT_NS = `xmlns:w="${W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`;

async function docx(documentXml: string, mainPart = 'word/document.xml'): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>');
  zip.file('_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/${mainPart}"/></Relationships>`);
  zip.file(mainPart, documentXml);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const wrap = (body: string, ns = ROOT_NS) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${ns}><w:body>${body}</w:body></w:document>`;

async function mammothText(data: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: data })).value;
}

/** Random body XML built from the constructs mammoth's body reader handles, and some it skips. */
function randomBody(rand: Random, depth = 0): string {
  const words = ['alpha', 'Beta', 'DE89 3704 0044 0532 0130 00', 'a&amp;b', '&lt;x&gt;', '  spaced  ', 'Zoë', '&#x20AC;5', ''];
  const text = () => `<w:t xml:space="preserve">${rand.pick(words)}</w:t>`;
  const runChild = (): string =>
    rand.pick([
      text, text, text,
      () => '<w:tab/>',
      () => rand.pick(['<w:br/>', '<w:br w:type="page"/>', '<w:br w:type="column"/>', '<w:br w:type="odd"/>']),
      () => '<w:noBreakHyphen/>',
      () => '<w:softHyphen/>',
      () => '<w:rPr><w:b/><w:t>not text</w:t></w:rPr>',
      () => '<w:fldChar w:fldCharType="begin"/>',
      () => '<w:instrText> PAGE </w:instrText>',
      () => '<w:fldChar w:fldCharType="end"/>',
      () => '<w:delText>deleted</w:delText>',
      () => '<w:footnoteReference w:id="1"/>',
      () => (depth < 2 ? `<w:pict><v:shape><v:textbox><w:txbxContent>${randomBody(rand, depth + 1)}</w:txbxContent></v:textbox></v:shape></w:pict>` : ''),
      () => `<w:drawing><wp:inline xmlns:wp="x"><a:graphic xmlns:a="y"><w:t>drawing</w:t></a:graphic></wp:inline></w:drawing>`,
    ])();
  const run = () => `<w:r>${Array.from({ length: rand.int(0, 4) }, runChild).join('')}</w:r>`;
  const inline = (): string =>
    rand.pick([
      run, run, run,
      () => `<w:hyperlink r:id="rId9">${run()}</w:hyperlink>`,
      () => `<w:hyperlink w:anchor="top">${run()}</w:hyperlink>`,
      () => `<w:ins w:id="1">${run()}</w:ins>`,
      () => `<w:del w:id="2">${run()}</w:del>`,
      () => `<w:moveFrom>${run()}</w:moveFrom>`,
      () => `<w:moveTo>${run()}</w:moveTo>`,
      () => `<w:smartTag>${run()}</w:smartTag>`,
      () => `<w:bookmarkStart w:id="0" w:name="${rand.pick(['_GoBack', 'mark'])}"/><w:bookmarkEnd w:id="0"/>`,
      () => `<mc:AlternateContent><mc:Choice Requires="w14">${run()}</mc:Choice><mc:Fallback>${run()}</mc:Fallback></mc:AlternateContent>`,
      () => `<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>${run()}</w:sdtContent></w:sdt>`,
      () => '<w:proofErr w:type="spellStart"/>',
      () => `<w:unknownThing>${run()}</w:unknownThing>`,
    ])();
  const paragraph = () => {
    const deleted = rand.next() < 0.15 ? '<w:pPr><w:rPr><w:del w:id="3"/></w:rPr></w:pPr>' : rand.next() < 0.3 ? '<w:pPr><w:jc w:val="left"/></w:pPr>' : '';
    return `<w:p>${deleted}${Array.from({ length: rand.int(0, 4) }, inline).join('')}</w:p>`;
  };
  const cell = () => {
    const props = [rand.next() < 0.3 ? `<w:gridSpan w:val="${rand.pick(['1', '2', 'x'])}"/>` : '', rand.next() < 0.4 ? rand.pick(['<w:vMerge/>', '<w:vMerge w:val="restart"/>', '<w:vMerge w:val="continue"/>']) : ''].join('');
    return `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}${paragraph()}${depth < 2 && rand.next() < 0.1 ? `<w:tbl>${table()}</w:tbl>` : ''}</w:tc>`;
  };
  const row = () => `<w:tr>${rand.next() < 0.1 ? '<w:trPr><w:del w:id="4"/></w:trPr>' : ''}${rand.next() < 0.1 ? '<w:bookmarkStart w:id="5" w:name="inrow"/>' : ''}${Array.from({ length: rand.int(1, 4) }, cell).join('')}</w:tr>`;
  const table = (): string => `<w:tblPr><w:tblW w:w="0"/></w:tblPr>${Array.from({ length: rand.int(1, 4) }, row).join('')}`;
  const block = (): string =>
    rand.pick([
      paragraph, paragraph, paragraph,
      () => `<w:tbl>${table()}</w:tbl>`,
      () => `<w:sdt><w:sdtContent>${paragraph()}</w:sdtContent></w:sdt>`,
      () => `<w:customXml>${paragraph()}</w:customXml>`,
      () => '<w:sectPr><w:pgSz w:w="11906"/></w:sectPr>',
    ])();
  return Array.from({ length: rand.int(1, 8) }, block).join('');
}

describe('DOCX body text without mammoth', () => {
  it('equals mammoth raw text on 150 generated documents', { timeout: 120_000 }, async () => {
    const rand = seededRandom(1313);
    for (let i = 0; i < 150; i++) {
      const xml = wrap(randomBody(rand));
      const data = await docx(xml);
      const ours = docxBodyText(xml);
      expect('text' in ours ? ours.text : ours.needsMammoth, `document ${i}: ${xml}`).toBe(await mammothText(data));
    }
  });

  it('equals mammoth raw text on the LibreOffice fixture', async () => {
    const data = readFileSync(new URL('./fixtures/office/memo.docx', import.meta.url));
    const zip = await JSZip.loadAsync(data);
    const ours = docxBodyText(await zip.file('word/document.xml')!.async('string'));
    expect('text' in ours && ours.text).toBe(await mammothText(data));
    expect(await extractDocx(data)).toContain((await mammothText(data)).trim());
  });

  it('hands symbols, check boxes and unusual namespace prefixes to mammoth, and the file still reads the same', async () => {
    const cases = [
      wrap('<w:p><w:r><w:t>tick </w:t><w:sym w:font="Wingdings" w:char="F0FC"/></w:r></w:p>'),
      wrap('<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox></w:sdtPr><w:sdtContent><w:p><w:r><w:t>☒</w:t><w:t>done</w:t></w:r></w:p></w:sdtContent></w:sdt>'),
      `<?xml version="1.0"?><x:document xmlns:x="${W}"><x:body><x:p><x:r><x:t>other prefix</x:t></x:r></x:p></x:body></x:document>`,
      `<?xml version="1.0"?><document xmlns="${W}"><body><p><r><t>default namespace</t></r></p></body></document>`,
      `<?xml version="1.0"?><!DOCTYPE w:document><w:document ${ROOT_NS}><w:body><w:p><w:r><w:t>doctype</w:t></w:r></w:p></w:body></w:document>`,
    ];
    for (const xml of cases) {
      const ours = docxBodyText(xml);
      expect(ours).toHaveProperty('needsMammoth');
      const data = await docx(xml);
      const expected = await mammothText(data);
      expect(expected).not.toBe('');
      expect(await extractDocx(data)).toBe(expected);
    }
  });

  it('finds the main part the package relationships name, as mammoth does', async () => {
    const data = await docx(wrap('<w:p><w:r><w:t>moved main part</w:t></w:r></w:p>'), 'content/main.xml');
    expect(await extractDocx(data)).toBe(await mammothText(data));
    expect(mainDocumentPath(mainDocumentTargets(null), () => true)).toBe('word/document.xml');
    const rels = '<Relationships><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="missing.xml"/></Relationships>';
    expect(mainDocumentPath(mainDocumentTargets(rels), (n) => n !== 'missing.xml')).toBe('word/document.xml');
  });

  it('refuses a main part without a body, as mammoth does', () => {
    expect(() => docxBodyText(`<w:document ${ROOT_NS}><w:p/></w:document>`)).toThrow(/body element/);
  });

  it('refuses a main part that is not well-formed XML as corrupt, naming its first fault, instead of reading the text before it', async () => {
    const expected: Record<string, RegExp> = {
      'malformed-truncated.docx': /<w:body> never closed$/,
      'malformed-cut-tag.docx': /a tag cut off by the end$/,
      'malformed-mismatched.docx': /<\/w:r> closes <w:t>$/,
      'malformed-unclosed.docx': /<\/w:p> closes <w:r>$/,
      'malformed-stray-close.docx': /a stray <\/w:tbl>$/,
      'malformed-two-roots.docx': /a second root element$/,
    };
    const files = await docxMalformedXml();
    expect(files.map((f) => f.name).sort()).toEqual(Object.keys(expected).sort());
    for (const f of files) {
      const err = await extractDocx(f.data).then(() => null, (e: unknown) => e);
      expect(err, f.name).toBeInstanceOf(ExtractError);
      expect(err, f.name).toMatchObject({ code: 'corrupt' });
      expect((err as Error).message, f.name).toMatch(/^DOCX main part word\/document\.xml is not well-formed XML: /);
      expect((err as Error).message, f.name).toMatch(expected[f.name]!);
    }
  });
});
