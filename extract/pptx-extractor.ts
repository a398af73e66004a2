// PPTX: every slide in order, each followed by its speaker notes; comments. SAX over each part.
import { posix } from 'node:path';
import { InflateBudget } from './container-limits.ts';
import { ExtractError } from './extraction-result.ts';
import { walkXml, xmlText } from './xml-text.ts';
import { refuseCfbPackage } from './ole-package.ts';
import { openZip, type ZipArchive } from './zip-reader.ts';

const DRAWING_TEXT = { textTags: new Set(['a:t']), breaks: new Set(['a:p']) };

function slideNumber(name: string): number {
  return Number(/(\d+)\.xml$/i.exec(name)?.[1] ?? 0);
}

/** The notes slide a slide's relationships point to, if any. */
function notesPart(zip: ZipArchive, slide: string): string | null {
  const rels = zip.find(`${posix.dirname(slide)}/_rels/${posix.basename(slide)}.rels`);
  if (!rels) return null;
  let target: string | null = null;
  walkXml(zip.read(rels), {
    open(n, a) {
      if (n === 'Relationship' && a.Type?.endsWith('/notesSlide') && a.Target) target = a.Target;
    },
  });
  if (target === null) return null;
  return (target as string).startsWith('/') ? (target as string).slice(1) : posix.normalize(posix.join(posix.dirname(slide), target));
}

export function extractPptx(data: Buffer, budget: InflateBudget): string {
  refuseCfbPackage(data, 'PPTX');
  const zip = openZip(data, budget, 'unique-ignoring-ascii-case');
  const slides = zip.entries
    .map((e) => e.name)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/i.test(n))
    .sort((a, b) => slideNumber(a) - slideNumber(b));
  if (slides.length === 0 && !zip.find('ppt/presentation.xml')) throw new ExtractError('corrupt', 'not a PPTX: ppt/presentation.xml is missing');
  const out: string[] = [];
  for (const slide of slides) {
    out.push(`Slide ${slideNumber(slide)}\n${xmlText(zip.read(zip.find(slide)!), DRAWING_TEXT)}`);
    const notes = notesPart(zip, slide);
    const entry = notes === null ? undefined : zip.find(notes);
    if (entry) out.push(`Notes\n${xmlText(zip.read(entry), DRAWING_TEXT)}`);
  }
  for (const entry of zip.entries.filter((e) => /^ppt\/comments\/[^/]+\.xml$/i.test(e.name))) {
    out.push(xmlText(zip.read(entry), { textTags: new Set(['p:text']), breaks: new Set(['p:cm']) }));
  }
  return out.join('\n\n');
}
