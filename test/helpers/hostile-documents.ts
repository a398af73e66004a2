// A corpus of hostile documents generated in the test: malformed PDFs written object by object
// (cyclic references, page-tree loops, absurd page counts), DOCX zip bombs (ratio, zip-in-zip
// nesting, deeply nested XML), DOCX with external references, XML entity tricks and main parts that
// are not well-formed XML, binaries with text extensions and empty files. Each entry says what it
// is; the test decides what to expect.
import JSZip from 'jszip';
import { assembleDocx, makeBinaryBlob, makeEncryptedPdf, makeTruncatedPdf, makeZipBombDocx, repeatedEntry, smallEntry } from './documents.ts';
import { hostileContainers } from './hostile-containers.ts';
import { makeZip, xlsxParts } from './office-documents.ts';

/** A PDF from numbered object bodies (1-based), with a correct xref table and `/Root 1 0 R`. */
export function rawPdf(objects: readonly string[], opts: { root?: number; withStream?: Record<number, string> } = {}): Buffer {
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    const stream = opts.withStream?.[i + 1];
    out += `${i + 1} 0 obj\n${body}\n${stream === undefined ? '' : `stream\n${stream}\nendstream\n`}endobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${opts.root ?? 1} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
const text = (s: string) => `BT /F1 12 Tf 20 100 Td (${s}) Tj ET`;

/** Object 2 (Pages) lists itself as its own kid: a page-tree loop. */
export function pdfPageTreeLoop(): Buffer {
  return rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>']);
}

/** Two intermediate page-tree nodes that are each other's kid. */
export function pdfMutualPageTreeLoop(): Buffer {
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Pages /Parent 2 0 R /Kids [4 0 R] /Count 1 >>',
    '<< /Type /Pages /Parent 3 0 R /Kids [3 0 R] /Count 1 >>',
  ]);
}

/** Indirect references in a cycle: the content stream's /Length and the resources point round and round. */
export function pdfCyclicReferences(): Buffer {
  return rawPdf(
    [
      '<< /Type /Catalog /Pages 2 0 R /Outlines 7 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources 6 0 R >>',
      '<< /Length 5 0 R >>',
      '5 0 R',
      '6 0 R',
      '<< /Type /Outlines /First 8 0 R /Last 8 0 R >>',
      '<< /Title (loop) /Parent 7 0 R /Next 8 0 R /Prev 8 0 R /First 8 0 R >>',
    ],
    { withStream: { 4: text('cyclic') } },
  );
}

/** A tree that declares two billion pages and holds one. */
export function pdfHugePageCount(): Buffer {
  return rawPdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      `<< /Length ${text('only page').length} >>`,
      FONT,
    ],
    { withStream: { 4: text('only page') } },
  );
}

/** Deeply nested arrays in a content stream and a dictionary nested thousands deep. */
export function pdfDeepNesting(depth = 50_000): Buffer {
  const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Deep ${'<< /A '.repeat(2000)}1${' >>'.repeat(2000)} /Arr ${nested} >>`,
  ]);
}

// --- DOCX ---------------------------------------------------------------------------------------

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Default Extension="png" ContentType="image/png"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>`;

async function docxWith(documentXml: string, extra: Record<string, string | Buffer> = {}): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', ROOT_RELS);
  zip.file('word/document.xml', documentXml);
  for (const [name, data] of Object.entries(extra)) zip.file(name, data);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const body = (inner: string, prolog = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>') =>
  `${prolog}<w:document xmlns:w="${W}" xmlns:r="${R}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>${inner}</w:body></w:document>`;
const para = (s: string) => `<w:p><w:r><w:t xml:space="preserve">${s}</w:t></w:r></w:p>`;

/**
 * Main parts that are not well-formed XML, each with a card number before the fault: read leniently,
 * the text up to the fault would be classified as if the file were whole.
 */
export async function docxMalformedXml(): Promise<Array<{ name: string; data: Buffer; what: string }>> {
  const secret = para('Card 4111 1111 1111 1111');
  const whole = body(secret);
  const cases: Array<[string, string, string]> = [
    ['truncated', whole.slice(0, whole.indexOf('</w:body>')), 'document.xml cut after a paragraph (w:body and w:document never closed)'],
    ['cut-tag', `${whole.slice(0, whole.indexOf('</w:body>'))}<w:p w:rsidR="00`, 'document.xml cut inside a tag'],
    ['mismatched', body(`${secret}<w:p><w:r><w:t>text</w:r></w:t></w:p>`), 'close tags in the wrong order'],
    ['unclosed', body(`${secret}<w:p><w:r><w:t>text</w:t></w:p>`), 'a run never closed inside its paragraph'],
    ['stray-close', body(`${secret}</w:tbl>`), 'a close tag with nothing open to close'],
    ['two-roots', `${whole}<w:document xmlns:w="${W}"><w:body/></w:document>`, 'a second root element after the document'],
  ];
  return Promise.all(cases.map(async ([name, xml, what]) => ({ name: `malformed-${name}.docx`, data: await docxWith(xml), what })));
}

/**
 * Relationship parts cut short (`</Relationships>` missing), read by scanners without a close
 * handler: the part's relationships are all there, so the file reads as usual.
 */
async function unclosedRelationships(): Promise<Array<{ name: string; data: Buffer; what: string }>> {
  const cut = (rels: string) => rels.replace('</Relationships>', '');
  const xlsx = xlsxParts([{ name: 'S', rows: [['For internal use only.']] }]);
  return [
    { name: 'unclosed-rels.docx', data: await docxWith(body(para('For internal use only.')), { '_rels/.rels': cut(ROOT_RELS) }), what: '_rels/.rels never closed' },
    { name: 'unclosed-rels.xlsx', data: await makeZip({ ...xlsx, 'xl/_rels/workbook.xml.rels': cut(xlsx['xl/_rels/workbook.xml.rels']!) }), what: 'xl/_rels/workbook.xml.rels never closed' },
  ];
}

/**
 * A small DOCX (tens of KiB) whose `parts` customXml parts each inflate to `mib` MiB (under the
 * guard's ratio floor, within its XML total): parts the reader never reads, which must not be held.
 */
export function docxLargeCustomXml(parts = 7, mib = 7): Buffer {
  const custom = Array.from({ length: parts }, (_, i) => repeatedEntry(`customXml/item${i + 1}.xml`, '<root><v>', 'A', mib, '</v></root>'));
  return assembleDocx(['For internal use only.'], custom);
}

/** Two entries named word/footer1.xml, a card number in the first: the last-one-wins read would hide it. */
export function docxDuplicateEntry(): Buffer {
  const footer = (text: string) => `<w:ftr xmlns:w="${W}"><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:ftr>`;
  return assembleDocx(['hello'], [smallEntry('word/footer1.xml', footer('Card 4111 1111 1111 1111')), smallEntry('word/footer1.xml', footer('nothing here'))]);
}

/**
 * External relationships: a linked (not embedded) image, a hyperlink, a remote attached template
 * and a subdocument, all pointing at `url`; and a linked image at `fileUrl` (a local file).
 */
export function docxExternalReferences(url: string, fileUrl: string): Promise<Buffer> {
  const image = (rid: string) =>
    `<w:p><w:r><w:drawing><wp:inline><wp:extent cx="100" cy="100"/><wp:docPr id="1" name="x"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="x"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="${rid}"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`;
  const rels =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG}">` +
    `<Relationship Id="rIdImg" Type="${R}/image" Target="${url}/image.png" TargetMode="External"/>` +
    `<Relationship Id="rIdFile" Type="${R}/image" Target="${fileUrl}" TargetMode="External"/>` +
    `<Relationship Id="rIdLink" Type="${R}/hyperlink" Target="${url}/link" TargetMode="External"/>` +
    `<Relationship Id="rIdSub" Type="${R}/subDocument" Target="${url}/sub.docx" TargetMode="External"/>` +
    `<Relationship Id="rIdFrame" Type="${R}/frame" Target="${url}/frame.html" TargetMode="External"/>` +
    '</Relationships>';
  const settingsRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${PKG}"><Relationship Id="rIdTpl" Type="${R}/attachedTemplate" Target="${url}/template.dotm" TargetMode="External"/></Relationships>`;
  const settings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="${W}" xmlns:r="${R}"><w:attachedTemplate r:id="rIdTpl"/></w:settings>`;
  return docxWith(
    body(`${para('External references memo')}${image('rIdImg')}${image('rIdFile')}<w:p><w:hyperlink r:id="rIdLink"><w:r><w:t>click</w:t></w:r></w:hyperlink></w:p><w:p><w:subDoc r:id="rIdSub"/></w:p>`),
    { 'word/_rels/document.xml.rels': rels, 'word/settings.xml': settings, 'word/_rels/settings.xml.rels': settingsRels },
  );
}

/** Billion laughs: ten levels of entities, each ten of the one before, in document.xml's DTD. */
export function docxBillionLaughs(): Promise<Buffer> {
  let dtd = '<!ENTITY lol0 "lol">';
  for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
  return docxWith(body(para('laughs &lol9;'), `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [${dtd}]>`));
}

/** An external entity naming a local file (XXE): its content must never come out. */
export function docxExternalEntity(file: string): Promise<Buffer> {
  return docxWith(body(para('xxe &xxe;'), `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://${file}">]>`));
}

/** document.xml nested `depth` elements deep. */
export function docxDeepXml(depth = 100_000): Promise<Buffer> {
  return docxWith(body(`<w:p><w:r>${'<w:smartTag>'.repeat(depth)}<w:t>deep</w:t>${'</w:smartTag>'.repeat(depth)}</w:r></w:p>`));
}

/** A zip inside a zip inside a zip… `levels` deep, each level a highly compressible MiB, inside a DOCX. */
export async function docxNestedZips(levels = 8): Promise<Buffer> {
  let inner: Buffer = Buffer.alloc(1024 * 1024, 'Z');
  for (let i = 0; i < levels; i++) {
    const z = new JSZip();
    for (let k = 0; k < 4; k++) z.file(`layer${i}-${k}.bin`, inner);
    inner = await z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  }
  return docxWith(body(para('nested archive')), { 'word/embeddings/nested.zip': inner });
}

export interface HostileFile {
  readonly name: string;
  readonly data: Buffer;
  readonly what: string;
  /** A failure code (`corrupt: …` recorded) or, for what is safe to read, the label it gets. */
  readonly expect: 'corrupt' | 'encrypted' | 'bomb' | 'binary' | 'Public' | 'Internal' | 'Confidential';
}

/** The whole corpus; `url` is a listener that must never be contacted, `secretFile` a local file whose content must never come out. */
export async function hostileCorpus(opts: { url: string; secretFile: string }): Promise<HostileFile[]> {
  const fileUrl = `file://${opts.secretFile}`;
  return [
    { name: 'truncated.pdf', expect: 'corrupt', data: await makeTruncatedPdf(), what: 'PDF cut at 30%' },
    { name: 'truncated-header.pdf', expect: 'corrupt', data: Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Cat'), what: 'PDF cut inside its first object' },
    { name: 'encrypted.pdf', expect: 'encrypted', data: await makeEncryptedPdf('Restricted board minutes'), what: 'password-protected PDF' },
    { name: 'page-tree-loop.pdf', expect: 'corrupt', data: pdfPageTreeLoop(), what: 'Pages node listing itself as a kid' },
    { name: 'page-tree-mutual-loop.pdf', expect: 'corrupt', data: pdfMutualPageTreeLoop(), what: 'two Pages nodes that are each other’s kid' },
    { name: 'cyclic-refs.pdf', expect: 'Public', data: pdfCyclicReferences(), what: 'indirect references in a cycle (/Length, resources, outlines)' },
    { name: 'huge-page-count.pdf', expect: 'Public', data: pdfHugePageCount(), what: 'declares 2,000,000,000 pages' },
    { name: 'deep-nesting.pdf', expect: 'corrupt', data: pdfDeepNesting(), what: 'arrays 50,000 deep' },
    { name: 'zip-bomb.docx', expect: 'bomb', data: await makeZipBombDocx(), what: '200 MiB document.xml at ~1000:1' },
    { name: 'zip-bomb-lying.docx', expect: 'bomb', data: await makeZipBombDocx({ uncompressedMb: 100, lieAboutSize: true }), what: 'zip bomb declaring 4 KiB' },
    { name: 'nested-zips.docx', expect: 'Public', data: await docxNestedZips(), what: 'zip in zip, 8 levels, each 4x the one below' },
    { name: 'deep-xml.docx', expect: 'corrupt', data: await docxDeepXml(), what: 'document.xml nested 100,000 elements deep' },
    { name: 'external-refs.docx', expect: 'Public', data: await docxExternalReferences(opts.url, fileUrl), what: 'linked image, hyperlink, subdocument, frame, remote template' },
    { name: 'billion-laughs.docx', expect: 'corrupt', data: await docxBillionLaughs(), what: 'XML entity expansion to 10^9 lols' },
    { name: 'xxe.docx', expect: 'corrupt', data: await docxExternalEntity(opts.secretFile), what: 'external entity naming a local file' },
    { name: 'not-a-zip.docx', expect: 'corrupt', data: makeBinaryBlob(2048), what: 'random bytes named .docx' },
    ...(await docxMalformedXml()).map((f) => ({ ...f, expect: 'corrupt' as const })),
    ...(await unclosedRelationships()).map((f) => ({ ...f, expect: 'Internal' as const })),
    { name: 'custom-xml-parts.docx', expect: 'Internal', data: docxLargeCustomXml(), what: 'seven customXml parts of 7 MiB each the reader never reads, in a ~60 KiB file' },
    { name: 'duplicate-entry.docx', expect: 'corrupt', data: docxDuplicateEntry(), what: 'word/footer1.xml twice, a card number in the first' },
    { name: 'binary.txt', expect: 'binary', data: makeBinaryBlob(), what: 'binary bytes named .txt' },
    { name: 'binary.csv', expect: 'binary', data: makeBinaryBlob(8192), what: 'binary bytes named .csv' },
    { name: 'elf.md', expect: 'binary', data: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), makeBinaryBlob(4000)]), what: 'an ELF header named .md' },
    { name: 'empty.txt', expect: 'Public', data: Buffer.alloc(0), what: '0-byte text' },
    { name: 'empty.pdf', expect: 'Public', data: Buffer.alloc(0), what: '0-byte PDF' },
    { name: 'empty.docx', expect: 'Public', data: Buffer.alloc(0), what: '0-byte DOCX' },
    ...(await hostileContainers(opts)),
  ];
}
