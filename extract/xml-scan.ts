// A small XML tokenizer for the text parts of OOXML and ODF packages: tags with their attributes,
// text, CDATA; comments, processing instructions and declarations skipped. It replaces
// htmlparser2 there because its general tokenizer (a state machine per character, built for HTML)
// was two thirds of the time of reading a spreadsheet (docs/benchmarks.md), while these parts need
// only this. Like htmlparser2 in XML mode it is lenient and never throws: only the five XML
// entities and numeric references are decoded, a DOCTYPE is skipped up to its first `>` (an
// internal subset is never read, so no entity can expand), a close tag pops the open tags above
// its match (a stray one is ignored), and tags still open at the end are closed. A caller that
// must refuse what is not well-formed passes `fault`, told of each such repair as it is made.

export interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
  /** Called for what a well-formed document would not hold (a mismatched, stray or cut-off tag, an element never closed); the scan goes on leniently. */
  fault?(reason: string): void;
}

const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,8})|#(\d{1,10})|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function codePoint(n: number): string {
  return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : '\uFFFD';
}

export function decodeXmlEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, named: string | undefined) =>
    named !== undefined ? NAMED[named]! : codePoint(hex !== undefined ? parseInt(hex, 16) : Number(dec)),
  );
}

/** A tag name as a fault reason shows it: names come from the document, so bounded. */
const shown = (name: string) => (name.length > 40 ? `${name.slice(0, 40)}…` : name);

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
/** Characters that end a tag or attribute name. */
const endsName = (c: number) => isSpace(c) || c === 62 /* > */ || c === 47 /* / */ || c === 61; /* = */

export function scanXml(xml: string, handlers: XmlHandlers): void {
  const { open, text, close, fault } = handlers;
  const stack: string[] = [];
  const len = xml.length;
  let pos = 0;
  const emitText = (from: number, to: number) => {
    if (to > from && text) text(decodeXmlEntities(xml.slice(from, to)));
  };
  const closeTag = (name: string) => {
    const at = stack.lastIndexOf(name);
    if (at < 0) {
      fault?.(`a stray </${shown(name)}>`);
      return;
    }
    if (at < stack.length - 1) fault?.(`</${shown(name)}> closes <${shown(stack[stack.length - 1]!)}>`);
    while (stack.length > at) {
      const top = stack.pop()!;
      close?.(top);
    }
  };

  while (pos < len) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0) {
      emitText(pos, len);
      break;
    }
    emitText(pos, lt);
    const next = xml.charCodeAt(lt + 1);
    if (next === 47 /* / */) {
      const gt = xml.indexOf('>', lt + 2);
      if (gt < 0) {
        fault?.('a close tag cut off by the end');
        break;
      }
      closeTag(xml.slice(lt + 2, gt).trim());
      pos = gt + 1;
    } else if (next === 33 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end < 0) fault?.('a comment never closed');
        pos = end < 0 ? len : end + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end < 0) fault?.('a CDATA section never closed');
        const stop = end < 0 ? len : end;
        if (stop > lt + 9 && text) text(xml.slice(lt + 9, stop));
        pos = end < 0 ? len : end + 3;
      } else {
        const gt = xml.indexOf('>', lt + 2);
        if (gt < 0) fault?.('a declaration never closed');
        pos = gt < 0 ? len : gt + 1;
      }
    } else if (next === 63 /* ? */) {
      const gt = xml.indexOf('>', lt + 2);
      if (gt < 0) fault?.('a processing instruction never closed');
      pos = gt < 0 ? len : gt + 1;
    } else {
      let i = lt + 1;
      while (i < len && !endsName(xml.charCodeAt(i))) i++;
      if (i === lt + 1) {
        // "<" not followed by a name: text, as in htmlparser2.
        fault?.('a "<" that starts no tag');
        emitText(lt, lt + 1);
        pos = lt + 1;
        continue;
      }
      const name = xml.slice(lt + 1, i);
      const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
      let selfClosing = false;
      let done = false;
      while (i < len) {
        let c = xml.charCodeAt(i);
        if (isSpace(c)) {
          i++;
          continue;
        }
        if (c === 62 /* > */) {
          done = true;
          i++;
          break;
        }
        if (c === 47 /* / */) {
          if (xml.charCodeAt(i + 1) === 62) {
            selfClosing = true;
            done = true;
            i += 2;
            break;
          }
          i++;
          continue;
        }
        const start = i;
        while (i < len && !endsName(xml.charCodeAt(i))) i++;
        if (i === start) {
          i++; // a stray "=": skip it
          continue;
        }
        const attr = xml.slice(start, i);
        while (i < len && isSpace(xml.charCodeAt(i))) i++;
        let value = '';
        if (xml.charCodeAt(i) === 61 /* = */) {
          i++;
          while (i < len && isSpace(xml.charCodeAt(i))) i++;
          c = xml.charCodeAt(i);
          if (c === 34 || c === 39) {
            const end = xml.indexOf(c === 34 ? '"' : "'", i + 1);
            if (end < 0) {
              i = len;
              break;
            }
            value = decodeXmlEntities(xml.slice(i + 1, end));
            i = end + 1;
          } else {
            const vs = i;
            while (i < len && !isSpace(xml.charCodeAt(i)) && xml.charCodeAt(i) !== 62) i++;
            value = decodeXmlEntities(xml.slice(vs, i));
          }
        }
        if (!(attr in attrs)) attrs[attr] = value;
      }
      if (!done) {
        fault?.('a tag cut off by the end');
        break;
      }
      stack.push(name);
      open?.(name, attrs);
      if (selfClosing) closeTag(name);
      pos = i;
    }
  }
  if (stack.length > 0) fault?.(`<${shown(stack[stack.length - 1]!)}> never closed`);
  // Popped outside the optional call: `close?.(stack.pop())` skips its argument without a handler, and looped forever.
  while (stack.length > 0) {
    const top = stack.pop()!;
    close?.(top);
  }
}
