// Real PDF and DOCX files for benchmarks, built with pdf-lib and jszip the way
// test/helpers/documents.ts builds them, but with lines wrapped by character count (no font
// metrics per word), so thousands of documents generate in seconds.
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const PAGE_WIDTH = 595; // A4, points
const PAGE_HEIGHT = 842;
const MARGIN = 50;
const FONT_SIZE = 10;
const LINE_HEIGHT = 13;
const CHARS_PER_LINE = 95;
export const LINES_PER_PAGE = Math.floor((PAGE_HEIGHT - 2 * MARGIN) / LINE_HEIGHT);

function wrap(text: string): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      if (word === '') continue;
      if (line !== '' && line.length + 1 + word.length > CHARS_PER_LINE) {
        lines.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    if (line !== '') lines.push(line);
  }
  return lines;
}

/** A text PDF (Helvetica, WinAnsi text only): one entry per page, each wrapped to fit one page (longer text is cut). */
export async function makeBenchPdf(pages: readonly string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const pageText of pages) {
    const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    wrap(pageText)
      .slice(0, LINES_PER_PAGE)
      .forEach((text, i) => page.drawText(text, { x: MARGIN, y: PAGE_HEIGHT - MARGIN - (i + 1) * LINE_HEIGHT, size: FONT_SIZE, font }));
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const CONTENT_TYPES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '</Types>';

const ROOT_RELS_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '</Relationships>';

/** The main part of a DOCX: one paragraph per line of `text`. */
export function docxDocumentXml(text: string): string {
  const body = text
    .split('\n')
    .map((p) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}

/** A minimal real DOCX (one paragraph per line of `text`) that mammoth and `unzip -p` read. */
export async function makeBenchDocx(text: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES_XML);
  zip.file('_rels/.rels', ROOT_RELS_XML);
  zip.file('word/document.xml', docxDocumentXml(text));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
