// Walks an XML part with the tokenizer of xml-scan.ts (SAX-style: open, text, close). Only the
// five XML entities and numeric references are decoded; DOCTYPE declarations are skipped, so
// entity expansion cannot happen.
import { scanXml, type XmlHandlers } from './xml-scan.ts';

export type { XmlHandlers };

export function walkXml(xml: Buffer | string, handlers: XmlHandlers): void {
  scanXml(typeof xml === 'string' ? xml : xml.toString('utf8'), handlers);
}

/**
 * Text of an XML document part: text inside `textTags` is kept; `breaks` end a line when they close
 * (paragraphs), `tabs` add a tab (cells, tab stops).
 */
export function xmlText(xml: Buffer, opts: { textTags: ReadonlySet<string>; breaks: ReadonlySet<string>; tabs?: ReadonlySet<string> }): string {
  const out: string[] = [];
  let inText = 0;
  walkXml(xml, {
    open(name) {
      if (opts.textTags.has(name)) inText++;
    },
    text(text) {
      if (inText > 0) out.push(text);
    },
    close(name) {
      if (opts.textTags.has(name)) inText--;
      if (opts.tabs?.has(name)) out.push('\t');
      if (opts.breaks.has(name)) out.push('\n');
    },
  });
  return out.join('');
}
