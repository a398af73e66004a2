// Streaming (SAX) walk over an XML part with htmlparser2. Only the five XML entities and numeric
// references are decoded; DOCTYPE declarations are ignored, so entity expansion cannot happen.
import { Parser } from 'htmlparser2';

export interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

export function walkXml(xml: Buffer | string, handlers: XmlHandlers): void {
  const parser = new Parser(
    {
      onopentag: (name, attrs) => handlers.open?.(name, attrs),
      ontext: (text) => handlers.text?.(text),
      onclosetag: (name) => handlers.close?.(name),
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(typeof xml === 'string' ? xml : xml.toString('utf8'));
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
