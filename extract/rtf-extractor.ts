// RTF to text: a single-pass tokenizer over control words, groups, \'hh and \uN escapes; font tables,
// pictures, field instructions and other non-text destinations are skipped. No library needed.
import { ExtractError } from './extraction-result.ts';

const SKIP_DESTINATIONS = new Set([
  'fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'object', 'objdata', 'themedata', 'colorschememapping',
  'latentstyles', 'datastore', 'xmlnstbl', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'fldinst',
  'filetbl', 'revtbl', 'bkmkstart', 'bkmkend', 'template', 'userprops', 'mmathPr', 'wgrffmtfilter',
]);
/** `{\*\word …}` groups are skipped (optional destinations) unless word is one of these text destinations. */
const STARRED_TEXT = new Set(['footnote', 'annotation', 'atnauthor']);
const LINE_WORDS = new Set(['par', 'line', 'sect', 'page', 'row']);
const TAB_WORDS = new Set(['tab', 'cell']);
const DBCS: Readonly<Record<number, string>> = { 932: 'shift_jis', 936: 'gbk', 949: 'euc-kr', 950: 'big5' };
const MAX_GROUP_DEPTH = 10_000;

function decoderFor(codepage: number): InstanceType<typeof TextDecoder> {
  const label = DBCS[codepage] ?? (codepage >= 1250 && codepage <= 1258 ? `windows-${codepage}` : 'windows-1252');
  return new TextDecoder(label);
}

interface Group {
  skip: boolean;
  uc: number;
}

export function extractRtf(data: Buffer): string {
  if (!data.subarray(0, 5).toString('latin1').startsWith('{\\rtf')) throw new ExtractError('corrupt', 'not an RTF file: it does not start with {\\rtf');
  const src = data;
  const out: string[] = [];
  let bytes: number[] = [];
  let decoder = decoderFor(1252);
  const stack: Group[] = [];
  let group: Group = { skip: false, uc: 1 };
  let pendingSkip = 0; // characters still to skip after a \uN
  let destStart = false; // just after `{`: the next control word may name a destination
  let starred = false; // after `\*`: the next control word names an optional destination

  const flush = () => {
    if (bytes.length > 0) out.push(decoder.decode(Uint8Array.from(bytes)));
    bytes = [];
  };
  const emit = (s: string) => {
    if (group.skip) return;
    flush();
    out.push(s);
  };

  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === 0x7b /* { */) {
      if (stack.length >= MAX_GROUP_DEPTH) throw new ExtractError('corrupt', `RTF groups nested deeper than ${MAX_GROUP_DEPTH}`);
      stack.push(group);
      group = { ...group };
      destStart = true;
      i++;
      continue;
    }
    if (c === 0x7d /* } */) {
      flush();
      group = stack.pop() ?? group;
      destStart = false;
      i++;
      continue;
    }
    if (c === 0x0d || c === 0x0a) {
      i++;
      continue;
    }
    if (c !== 0x5c /* \ */) {
      if (pendingSkip > 0) pendingSkip--;
      else if (!group.skip) bytes.push(c);
      destStart = false;
      i++;
      continue;
    }
    // Control symbol or word.
    const next = src[i + 1];
    if (next === undefined) break;
    if (next === 0x27 /* ' */) {
      const hex = src.toString('latin1', i + 2, i + 4);
      i += 4;
      if (pendingSkip > 0) pendingSkip--;
      else if (!group.skip && /^[0-9a-f]{2}$/i.test(hex)) bytes.push(parseInt(hex, 16));
      continue;
    }
    if (next === 0x2a /* * */) {
      starred = true;
      i += 2;
      continue;
    }
    if (!((next >= 0x61 && next <= 0x7a) || (next >= 0x41 && next <= 0x5a))) {
      // \\ \{ \} literal; \~ non-breaking space; others (\- \_ \:) dropped or hyphen.
      if (next === 0x5c || next === 0x7b || next === 0x7d) {
        if (!group.skip) bytes.push(next);
      } else if (next === 0x7e) emit(' ');
      else if (next === 0x5f) emit('-');
      i += 2;
      destStart = false;
      continue;
    }
    let j = i + 1;
    while (j < src.length && ((src[j]! >= 0x61 && src[j]! <= 0x7a) || (src[j]! >= 0x41 && src[j]! <= 0x5a))) j++;
    const word = src.toString('latin1', i + 1, j);
    let k = j;
    if (src[k] === 0x2d) k++;
    while (k < src.length && src[k]! >= 0x30 && src[k]! <= 0x39 && k - j < 11) k++;
    const param = k > j ? Number(src.toString('latin1', j, k)) : null;
    if (src[k] === 0x20) k++;
    i = k;

    if ((destStart && SKIP_DESTINATIONS.has(word)) || (starred && !STARRED_TEXT.has(word))) group.skip = true;
    if (starred && word === 'footnote') emit('\n');
    destStart = false;
    starred = false;
    if (word === 'bin' && param !== null && param > 0) {
      i += param;
    } else if (word === 'ansicpg' && param !== null) {
      flush();
      decoder = decoderFor(param);
    } else if (word === 'uc' && param !== null) {
      group.uc = Math.max(0, Math.min(param, 10));
    } else if (word === 'u' && param !== null) {
      emit(String.fromCharCode(param < 0 ? param + 65_536 : param));
      pendingSkip = group.uc;
    } else if (LINE_WORDS.has(word)) emit('\n');
    else if (TAB_WORDS.has(word)) emit('\t');
  }
  flush();
  return out.join('');
}
