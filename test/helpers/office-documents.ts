// Generated documents of every format the extractors read (XLSX, PPTX, ODF, RTF, mail, archives),
// built in memory with jszip, zlib and a small tar writer. No vitest here: bench/ uses it too.
import { gzipSync } from 'node:zlib';
import JSZip from 'jszip';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

async function zipOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, body] of Object.entries(files)) zip.file(name, body);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface Sheet {
  name: string;
  rows: readonly (readonly (string | number)[])[];
}

/** XLSX parts; strings go to the shared-string table, or inline (`t="inlineStr"`) with inline: true. */
export function xlsxParts(sheets: readonly Sheet[], opts: { inline?: boolean } = {}): Record<string, string> {
  const shared: string[] = [];
  const index = new Map<string, number>();
  const cell = (v: string | number, ref: string) => {
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    if (opts.inline) return `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
    if (!index.has(v)) {
      index.set(v, shared.length);
      shared.push(v);
    }
    return `<c r="${ref}" t="s"><v>${index.get(v)}</v></c>`;
  };
  const parts: Record<string, string> = {
    '[Content_Types].xml': `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
    'xl/workbook.xml': `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
      .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join('')}</Relationships>`,
  };
  sheets.forEach((s, i) => {
    const rows = s.rows.map((r, y) => `<row r="${y + 1}">${r.map((v, x) => cell(v, `${colName(x)}${y + 1}`)).join('')}</row>`).join('');
    parts[`xl/worksheets/sheet${i + 1}.xml`] = `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
  });
  parts['xl/sharedStrings.xml'] = `${XML}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}">${shared.map((t) => `<si><t>${esc(t)}</t></si>`).join('')}</sst>`;
  return parts;
}

export function makeXlsx(sheets: readonly Sheet[], opts: { inline?: boolean } = {}): Promise<Buffer> {
  return zipOf(xlsxParts(sheets, opts));
}

const A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
const shapeText = (lines: readonly string[]) => `<p:txBody>${lines.map((l) => `<a:p><a:r><a:t>${esc(l)}</a:t></a:r></a:p>`).join('')}</p:txBody>`;

export interface Slide {
  text: readonly string[];
  notes?: readonly string[];
}

/** PPTX parts: each slide's text and, optionally, its speaker notes. */
export function pptxParts(slides: readonly Slide[]): Record<string, string> {
  const files: Record<string, string> = {
    'ppt/presentation.xml': `${XML}<p:presentation ${A}/>`,
  };
  slides.forEach((s, i) => {
    const n = i + 1;
    files[`ppt/slides/slide${n}.xml`] = `${XML}<p:sld ${A}><p:cSld><p:spTree><p:sp>${shapeText(s.text)}</p:sp></p:spTree></p:cSld></p:sld>`;
    if (s.notes) {
      files[`ppt/notesSlides/notesSlide${n}.xml`] = `${XML}<p:notes ${A}><p:cSld><p:spTree><p:sp>${shapeText(s.notes)}</p:sp></p:spTree></p:cSld></p:notes>`;
      files[`ppt/slides/_rels/slide${n}.xml.rels`] =
        `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide" Target="../notesSlides/notesSlide${n}.xml"/></Relationships>`;
    }
  });
  return files;
}

/** PPTX with each slide's text and, optionally, its speaker notes. */
export function makePptx(slides: readonly Slide[]): Promise<Buffer> {
  return zipOf(pptxParts(slides));
}

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" office:version="1.3"';
const MIME = { odt: 'application/vnd.oasis.opendocument.text', ods: 'application/vnd.oasis.opendocument.spreadsheet', odp: 'application/vnd.oasis.opendocument.presentation' };
const BODY = { odt: 'office:text', ods: 'office:spreadsheet', odp: 'office:presentation' };

/** OpenDocument parts whose body (inside office:text / office:spreadsheet / office:presentation) is given as XML. */
export function odfParts(kind: 'odt' | 'ods' | 'odp', bodyXml: string, opts: { prolog?: string } = {}): Record<string, string> {
  return {
    mimetype: MIME[kind],
    'content.xml': `${XML}${opts.prolog ?? ''}<office:document-content ${ODF_NS}><office:body><${BODY[kind]}>${bodyXml}</${BODY[kind]}></office:body></office:document-content>`,
    'META-INF/manifest.xml': `${XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="${MIME[kind]}"/></manifest:manifest>`,
  };
}

/** An OpenDocument file whose body (inside office:text / office:spreadsheet / office:presentation) is given as XML. */
export function makeOdf(kind: 'odt' | 'ods' | 'odp', bodyXml: string, opts: { prolog?: string } = {}): Promise<Buffer> {
  return zipOf(odfParts(kind, bodyXml, opts));
}

export const odfParagraph = (t: string) => `<text:p>${esc(t)}</text:p>`;
export const odfFootnote = (t: string) => `<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>${odfParagraph(t)}</text:note-body></text:note>`;
export const odfTable = (rows: readonly (readonly string[])[]) =>
  `<table:table table:name="Sheet">${rows.map((r) => `<table:table-row>${r.map((c) => `<table:table-cell office:value-type="string">${odfParagraph(c)}</table:table-cell>`).join('')}</table:table-row>`).join('')}</table:table>`;

/** RTF with one paragraph per line; non-ASCII characters written as \uN escapes. */
export function makeRtf(paragraphs: readonly string[], opts: { footnote?: string } = {}): Buffer {
  const enc = (s: string) => [...s].map((ch) => (ch.charCodeAt(0) > 126 ? `\\u${ch.charCodeAt(0)}?` : ch.replace(/[\\{}]/g, (m) => `\\${m}`))).join('');
  const foot = opts.footnote ? `{\\super\\chftn}{\\footnote\\pard\\plain\\chftn ${enc(opts.footnote)}}` : '';
  return Buffer.from(`{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}{\\colortbl;\\red0\\green0\\blue0;}{\\*\\generator Assay tests;}\n${paragraphs.map((p) => `\\pard ${enc(p)}\\par\n`).join('')}${foot}}`, 'latin1');
}

export interface MailAttachment {
  name: string;
  mime: string;
  data: Buffer;
}

/** An RFC 5322 message: text and HTML alternatives, attachments base64-encoded. */
export function makeEml(opts: { subject: string; text: string; html?: string; attachments?: readonly MailAttachment[] }): Buffer {
  const b = 'assay-boundary-1';
  const alt = 'assay-boundary-2';
  const lines = ['From: HR <hr@example.com>', 'To: Payroll <payroll@example.com>', `Subject: ${opts.subject}`, 'Date: Mon, 2 Nov 2026 10:00:00 +0000', 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${b}"`, '', `--${b}`, `Content-Type: multipart/alternative; boundary="${alt}"`, '', `--${alt}`, 'Content-Type: text/plain; charset=utf-8', '', opts.text];
  if (opts.html) lines.push(`--${alt}`, 'Content-Type: text/html; charset=utf-8', '', opts.html);
  lines.push(`--${alt}--`);
  for (const a of opts.attachments ?? []) {
    lines.push(`--${b}`, `Content-Type: ${a.mime}; name="${a.name}"`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="${a.name}"`, '', a.data.toString('base64').replace(/.{76}/g, '$&\r\n'));
  }
  lines.push(`--${b}--`, '');
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/** A zip of the given members; members named in `encrypted` get the "encrypted" flag (their data is left as is). */
export async function makeZip(members: Record<string, string | Buffer>, opts: { encrypted?: readonly string[] } = {}): Promise<Buffer> {
  const buf = await zipOf(members);
  for (const name of opts.encrypted ?? []) flagEncrypted(buf, name);
  return buf;
}

/** Sets the encryption bit of a member in its local header and its central-directory entry. */
export function flagEncrypted(zip: Buffer, name: string): void {
  const raw = Buffer.from(name, 'utf8');
  for (let at = 0; at + 46 < zip.length; at++) {
    const sig = zip.readUInt32LE(at);
    if (sig === 0x04034b50 && zip.subarray(at + 30, at + 30 + raw.length).equals(raw)) zip.writeUInt16LE(zip.readUInt16LE(at + 6) | 1, at + 6);
    if (sig === 0x02014b50 && zip.subarray(at + 46, at + 46 + raw.length).equals(raw)) zip.writeUInt16LE(zip.readUInt16LE(at + 8) | 1, at + 8);
  }
}

function tarHeader(name: string, size: number, type = '0'): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write('00000000000\0', 136, 'latin1');
  h.write(type, 156, 'latin1');
  h.write('ustar\x0000', 257, 'latin1');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

/** A ustar archive of the given members (names over 100 bytes use a GNU long-name entry). */
export function makeTar(members: Record<string, string | Buffer>): Buffer {
  const parts: Buffer[] = [];
  const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512);
  for (const [name, body] of Object.entries(members)) {
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (Buffer.byteLength(name) > 100) {
      const long = Buffer.from(`${name}\0`, 'utf8');
      parts.push(tarHeader('././@LongLink', long.length, 'L'), long, pad(long.length));
    }
    parts.push(tarHeader(name, data.length), data, pad(data.length));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function makeTgz(members: Record<string, string | Buffer>): Buffer {
  return gzipSync(makeTar(members));
}
