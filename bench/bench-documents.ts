// Real PDF and DOCX files for benchmarks. DOCX files come from test/helpers/documents.ts; PDFs
// are built with pdf-lib the way it builds them, but with lines wrapped by character count (no
// font metrics per word) and one page per entry, so thousands of documents generate in seconds.
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { docxDocumentXml, makeDocx } from '../test/helpers/documents.ts';

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

/** The main part of the DOCX makeBenchDocx builds: one paragraph per line of `text`. */
export function benchDocxXml(text: string): string {
  return docxDocumentXml(text.split('\n'));
}

/** A minimal real DOCX (one paragraph per line of `text`) that mammoth and `unzip -p` read. */
export function makeBenchDocx(text: string): Promise<Buffer> {
  return makeDocx(text.split('\n'));
}
