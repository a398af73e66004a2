// HTML and XML as their text, not their markup: script/style dropped, block elements end lines, SAX.
import { Parser } from 'htmlparser2';
import { extractText } from './text-extractor.ts';

const SKIP = new Set(['script', 'style', 'noscript', 'template']);
const BLOCKS = new Set(['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'title', 'dt', 'dd']);
const CELLS = new Set(['td', 'th']);

/** Text of an HTML document (or fragment) given as a string. */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipping++;
        if (skipping === 0 && name === 'br') out.push('\n');
      },
      ontext(text) {
        if (skipping === 0) out.push(text);
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipping--;
        else if (skipping === 0 && CELLS.has(name)) out.push('\t');
        else if (skipping === 0 && BLOCKS.has(name)) out.push('\n');
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.end(html);
  return out.join('').replace(/[ \t]*\n[\s]*\n+/g, '\n\n');
}

/** Text of an XML document: element text, each element's text on its own line when it closes. */
function xmlToText(xml: string): string {
  const out: string[] = [];
  const parser = new Parser(
    {
      ontext: (text) => out.push(text),
      onclosetag: () => out.push('\n'),
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  return out.join('').replace(/\n\s*\n+/g, '\n');
}

/** HTML or XML file bytes (decoded like a text file) to text; XML when the name ends in .xml or the file starts with `<?xml` and has no <html>. */
export function extractMarkup(data: Buffer, name: string): string {
  const source = extractText(data);
  const xml = /\.xml$/i.test(name) || (/^\s*<\?xml/i.test(source) && !/<html[\s>]/i.test(source.slice(0, 4096)));
  return xml ? xmlToText(source) : htmlToText(source);
}
