// Hostile spreadsheets, presentations, OpenDocument files, archives, mail and RTF for the hostile
// corpus: bombs (declared honestly or lying), nested archives, traversal names, huge shared-string
// tables, entity expansion and external entities in every XML-based format, malformed mail.
import { crc32 } from 'node:zlib';
import { ambiguousDocxFiles } from './ambiguous-zips.ts';
import { fullOverlapZip, quotedOverlapDocx, quotedOverlapZip } from './overlapping-zips.ts';
import { assembleZip, type RawZipEntry, repeatedDeflateRaw, smallEntry } from './documents.ts';
import { makeEml, makeOdf, makeZip, odfParagraph, odfParts, pptxParts, xlsxParts } from './office-documents.ts';
import type { HostileFile } from './hostile-documents.ts';

const MIB = 1024 * 1024;
const CARD = 'Card 4111 1111 1111 1111';
const NOTHING = 'nothing here';

/**
 * The package `parts` (all harmless) with a second entry named `name` written just before the real
 * one, holding `twin` (a card number): a reader that looks parts up by name, the last one winning,
 * would classify the file on the harmless part alone.
 */
function withHiddenTwin(parts: Record<string, string>, name: string, twin: string): Buffer {
  const entries: RawZipEntry[] = [];
  for (const [n, body] of Object.entries(parts)) {
    if (n === name) entries.push(smallEntry(n, twin));
    entries.push(smallEntry(n, body));
  }
  return assembleZip(entries);
}

/**
 * A name repeated in each zip-based format, a card number in the first entry of that name. Document
 * packages are refused as corrupt; a plain zip classifies every member, the first one included.
 */
export function repeatedNameFiles(): HostileFile[] {
  const sheet = (text: string) => xlsxParts([{ name: 'S', rows: [[text]] }]);
  const slides = (text: string) => pptxParts([{ text: [text] }]);
  const odt = (text: string) => odfParts('odt', odfParagraph(text));
  const twin = (make: (text: string) => Record<string, string>, name: string) => withHiddenTwin(make(NOTHING), name, make(CARD)[name]!);
  return [
    { name: 'duplicate-entry.xlsx', expect: 'corrupt', data: twin(sheet, 'xl/sharedStrings.xml'), what: 'xl/sharedStrings.xml twice, a card number in the first' },
    { name: 'duplicate-entry.pptx', expect: 'corrupt', data: twin(slides, 'ppt/slides/slide1.xml'), what: 'ppt/slides/slide1.xml twice, a card number in the first' },
    { name: 'duplicate-entry.odt', expect: 'corrupt', data: twin(odt, 'content.xml'), what: 'content.xml twice, a card number in the first' },
    { name: 'duplicate-member.zip', expect: 'Confidential', data: assembleZip([smallEntry('notes.txt', CARD), smallEntry('notes.txt', NOTHING)]), what: 'notes.txt twice, a card number in the first (every member is read)' },
  ];
}

/** An entry inflating to head + mib MiB of fill + tail, declaring its real size unless it lies. */
function bombEntry(name: string, head: string, mib: number, tail: string, lie = false): RawZipEntry {
  const h = Buffer.from(head);
  const t = Buffer.from(tail);
  let crc = crc32(h);
  const chunk = Buffer.alloc(MIB, 'A');
  for (let i = 0; i < mib; i++) crc = crc32(chunk, crc);
  crc = crc32(t, crc);
  return { name, compressed: repeatedDeflateRaw(h, 'A', mib, t), crc, size: lie ? 4096 : h.length + mib * MIB + t.length };
}

/** An XLSX whose shared-string table inflates to `mib` MiB (one enormous string). */
function xlsxBomb(mib: number, lie: boolean): Buffer {
  const parts = xlsxParts([{ name: 'S', rows: [['a']] }]);
  const entries = Object.entries(parts)
    .filter(([n]) => n !== 'xl/sharedStrings.xml')
    .map(([n, body]) => smallEntry(n, body));
  entries.push(bombEntry('xl/sharedStrings.xml', '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>', mib, '</t></si></sst>', lie));
  return assembleZip(entries);
}

/** An XLSX with `count` shared strings (a table far larger than any sheet needs). */
function xlsxHugeSharedStrings(count: number): Buffer {
  const parts = xlsxParts([{ name: 'S', rows: [['a']] }]);
  const entries = Object.entries(parts)
    .filter(([n]) => n !== 'xl/sharedStrings.xml')
    .map(([n, body]) => smallEntry(n, body));
  const si = '<si><t>x</t></si>';
  const mib = Math.ceil((count * si.length) / MIB);
  // The fill is one character repeated; each MiB of "A" inside <t> is equivalent, for the parser, to many strings' worth of XML.
  entries.push(bombEntry('xl/sharedStrings.xml', `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}">${si.repeat(1000)}<si><t>`, mib, '</t></si></sst>'));
  return assembleZip(entries);
}

function odtBomb(mib: number): Buffer {
  return assembleZip([
    smallEntry('mimetype', 'application/vnd.oasis.opendocument.text'),
    bombEntry('content.xml', '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>', mib, '</text:p></office:text></office:body></office:document-content>'),
  ]);
}

/** A gzip stream (tar.gz) inflating to `mib` MiB; the trailer is not checked before the budget stops it. */
function gzipBomb(mib: number): Buffer {
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  return Buffer.concat([header, repeatedDeflateRaw(Buffer.alloc(0), '\0', mib, Buffer.alloc(0)), Buffer.alloc(8)]);
}

/** A zip in a zip … `levels` deep (42.zip style, without the fan-out). */
async function nestedZips(levels: number): Promise<Buffer> {
  let inner = await makeZip({ 'bottom.txt': 'the bottom' });
  for (let i = 0; i < levels; i++) inner = await makeZip({ [`level-${i}.zip`]: inner, 'note.txt': `level ${i}` });
  return inner;
}

function billionLaughs(root: string): string {
  let dtd = '<!ENTITY lol0 "lol">';
  for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
  return `<?xml version="1.0"?><!DOCTYPE ${root} [${dtd}]>`;
}

/** Multipart nested far deeper than any mail client would write. */
function deepMultipartMail(depth: number): Buffer {
  const lines = ['From: a@example.com', 'Subject: deep', 'MIME-Version: 1.0'];
  for (let i = 0; i < depth; i++) lines.push(`Content-Type: multipart/mixed; boundary="b${i}"`, '', `--b${i}`);
  lines.push('Content-Type: text/plain', '', 'bottom');
  for (let i = depth - 1; i >= 0; i--) lines.push(`--b${i}--`);
  return Buffer.from(lines.join('\r\n'));
}

export async function hostileContainers(opts: { url: string; secretFile: string }): Promise<HostileFile[]> {
  const xxe = (root: string) => `<?xml version="1.0"?><!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "file://${opts.secretFile}"><!ENTITY remote SYSTEM "${opts.url}/dtd">]>`;
  const laughsXlsx = xlsxParts([{ name: 'S', rows: [['laughs']] }]);
  laughsXlsx['xl/sharedStrings.xml'] = `${billionLaughs('sst')}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9; &xxe;</t></si></sst>`;
  return [
    { name: 'bomb.xlsx', expect: 'bomb', data: xlsxBomb(200, false), what: 'shared strings inflating to 200 MiB at ~1000:1' },
    { name: 'bomb-lying.xlsx', expect: 'bomb', data: xlsxBomb(100, true), what: 'shared strings declaring 4 KiB, inflating to 100 MiB' },
    { name: 'huge-sst.xlsx', expect: 'bomb', data: xlsxHugeSharedStrings(20_000_000), what: 'a shared-string table of 20 million entries' },
    { name: 'bomb.odt', expect: 'bomb', data: odtBomb(200), what: 'content.xml inflating to 200 MiB' },
    { name: 'bomb.zip', expect: 'bomb', data: assembleZip([bombEntry('big.txt', '', 300, '')]), what: 'a member inflating to 300 MiB' },
    { name: 'bomb.tar.gz', expect: 'bomb', data: gzipBomb(400), what: 'a tar.gz inflating to 400 MiB' },
    { name: 'nested.zip', expect: 'bomb', data: await nestedZips(6), what: 'zip in zip, 6 levels (limit 3)' },
    { name: 'traversal.zip', expect: 'Public', data: await makeZip({ '../../../../etc/cron.d/evil.txt': 'harmless words', '/etc/passwd.txt': 'more harmless words' }), what: '../ and absolute member names (never written anywhere)' },
    { name: 'encrypted.zip', expect: 'encrypted', data: await makeZip({ 'payroll.txt': 'IBAN DE89 3704 0044 0532 0130 00' }, { encrypted: ['payroll.txt'] }), what: 'zip whose only member is encrypted' },
    { name: 'laughs.xlsx', expect: 'Public', data: await makeZip(laughsXlsx), what: 'billion laughs and an external entity in sharedStrings.xml (not expanded)' },
    { name: 'xxe.odt', expect: 'Public', data: await makeOdf('odt', '<text:p>&xxe; &remote;</text:p>', { prolog: xxe('office:document-content') }), what: 'external entities (file and URL) in content.xml (not resolved)' },
    { name: 'laughs.html', expect: 'Public', data: Buffer.from(`${billionLaughs('html')}<html><body><p>&lol9;</p></body></html>`), what: 'entity expansion in HTML' },
    { name: 'xxe.xml', expect: 'Public', data: Buffer.from(`${xxe('root')}<root>&xxe; &remote;</root>`), what: 'external entities in a plain XML file' },
    { name: 'deep-multipart.eml', expect: 'corrupt', data: deepMultipartMail(500), what: 'multipart nested 500 deep' },
    { name: 'garbage.eml', expect: 'Internal', data: makeEml({ subject: 'x', text: 'hello', attachments: [{ name: 'broken.docx', mime: 'application/octet-stream', data: Buffer.from('not a zip at all') }] }), what: 'mail with a corrupt attachment (reported; headers and body still read: Internal for the addresses)' },
    { name: 'not-a-workbook.xls', expect: 'corrupt', data: Buffer.from('PK\x03\x04 a zip renamed .xls'), what: 'not an OLE file, named .xls' },
    { name: 'not-a-msg.msg', expect: 'corrupt', data: Buffer.from('definitely not an Outlook message'), what: 'random bytes named .msg' },
    { name: 'deep.rtf', expect: 'corrupt', data: Buffer.from(`{\\rtf1 ${'{'.repeat(100_000)}x${'}'.repeat(100_000)}}`), what: 'RTF groups nested 100,000 deep' },
    { name: 'overlap.zip', expect: 'bomb', data: fullOverlapZip(64), what: '64 entries on one local header (zip bomb by overlap)' },
    { name: 'overlap-quoted.zip', expect: 'bomb', data: quotedOverlapZip(), what: 'a member inside a stored member\'s data (quoted overlap)' },
    { name: 'overlap-quoted.docx', expect: 'bomb', data: quotedOverlapDocx(), what: 'the main part inside a stored image\'s data (quoted overlap)' },
    ...repeatedNameFiles(),
    ...ambiguousDocxFiles(),
  ];
}
