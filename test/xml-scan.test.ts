// The XML tokenizer of the OOXML/ODF extractors (extract/xml-scan.ts) against htmlparser2 in XML
// mode, which it replaced for speed: the same events on well-formed and malformed parts, entities
// decoded the same way, and a DOCTYPE's entities never expanded; and the faults it reports to a
// caller that refuses what is not well-formed (the DOCX main part).
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { scanXml } from '../extract/xml-scan.ts';

type Event = [string, ...unknown[]];

function ours(xml: string): Event[] {
  const events: Event[] = [];
  scanXml(xml, { open: (n, a) => events.push(['open', n, { ...a }]), text: (t) => events.push(['text', t]), close: (n) => events.push(['close', n]) });
  return merged(events);
}

function reference(xml: string): Event[] {
  const events: Event[] = [];
  const p = new Parser(
    { onopentag: (n, a) => events.push(['open', n, { ...a }]), ontext: (t) => events.push(['text', t]), onclosetag: (n) => events.push(['close', n]) },
    { xmlMode: true, decodeEntities: true },
  );
  p.end(xml);
  return merged(events);
}

/** Adjacent text events as one (either tokenizer may split text anywhere). */
function merged(events: Event[]): Event[] {
  const out: Event[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e[0] === 'text' && last?.[0] === 'text') last[1] = `${last[1] as string}${e[1] as string}`;
    else out.push([...e] as Event);
  }
  return out;
}

const SAME = [
  '<?xml version="1.0" encoding="UTF-8"?><sst count="2"><si><t>Name</t></si><si><t xml:space="preserve"> IBAN &amp; SSN </t></si></sst>',
  '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>536</v></c><c r=\'C2\' t="inlineStr"><is><t>a &lt;b&gt; &quot;c&quot; &apos;d&apos;</t></is></c></row>',
  '<w:p><w:r><w:t>caf&#233; &#x1F600; &#0; &#x110000; &unknown; &amp</w:t></w:r><w:br/><w:tab /></w:p>',
  '<a title="x > y" b=\'it"s\' c="&lt;&#65;"><b/>text<!-- a comment <b> --><![CDATA[ <raw> &amp; ]]></a>',
  '<a><b><c>deep</a>after</b>',
  '<a>stray</z> close</a><open>never closed',
  '<table:table-cell table:number-columns-repeated="3" office:value-type="string"><text:p>x</text:p></table:table-cell>',
  '<a x=1 y>bare attributes</a>',
  'text < 3 and 4 > 2 <a>ok</a>',
  '<a dup="1" dup="2">first wins</a>',
];

describe('scanXml', () => {
  it.each(SAME)('gives the events htmlparser2 gives: %s', (xml) => {
    expect(ours(xml)).toEqual(reference(xml));
  });

  it('skips a DOCTYPE without expanding its entities', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><t>&lol2;</t>';
    const texts = ours(bomb).filter((e) => e[0] === 'text').map((e) => e[1]).join('');
    expect(texts).not.toContain('lollol');
    expect(texts).toContain('&lol2;');
  });

  it('stops quietly at a part cut off inside a tag, closing what is open', () => {
    expect(ours('<a><b>text</b><c attr="unterminated')).toEqual([['open', 'a', {}], ['open', 'b', {}], ['text', 'text'], ['close', 'b'], ['close', 'a']]);
    expect(ours('<a><b x="1"')).toEqual([['open', 'a', {}], ['close', 'a']]);
  });

  it('tells a fault handler what a well-formed part would not hold, and nothing for one that is', () => {
    const faults = (xml: string) => {
      const found: string[] = [];
      scanXml(xml, { fault: (reason) => found.push(reason) });
      return found;
    };
    expect(faults('<?xml version="1.0"?><!-- c --><a x="1"><b>t<![CDATA[<x>]]></b><c/></a>')).toEqual([]);
    expect(faults('<a><b>t</a>')).toEqual(['</a> closes <b>']);
    expect(faults('<a>t</b></a>')).toEqual(['a stray </b>']);
    expect(faults('<a><b>t</b>')).toEqual(['<a> never closed']);
    expect(faults('<a><b x="1"')).toEqual(['a tag cut off by the end', '<a> never closed']);
    expect(faults('<a>t</a')).toEqual(['a close tag cut off by the end', '<a> never closed']);
    expect(faults('<a>1 < 2</a>')).toEqual(['a "<" that starts no tag']);
    expect(faults('<a><!-- open')).toEqual(['a comment never closed', '<a> never closed']);
    expect(faults('<a><![CDATA[open')).toEqual(['a CDATA section never closed', '<a> never closed']);
    expect(faults(`<${'n'.repeat(100)}>`)).toEqual([`<${'n'.repeat(40)}…> never closed`]);
  });

  it('ends on tags left open at the end when the caller has no close handler (the relationship readers)', () => {
    const opened: string[] = [];
    scanXml('<Relationships><Relationship Id="r1" Target="word/document.xml"/>', { open: (n) => opened.push(n) });
    expect(opened).toEqual(['Relationships', 'Relationship']);
  });
});
