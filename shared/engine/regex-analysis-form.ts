// The form of a regular expression that the ReDoS proof analyses (see regex-safety.ts).
//
// recheck's automaton checker proves that a pattern's NFA has no exponential or polynomial
// ambiguity. A counted repetition is unrolled into copies, which has no loop and so always looks
// "linear" — with a constant that can be 2^60: `^(?:(?:ab|abc)(?:cd|d)e){1,60}$`. So:
// - a counted repetition of anything but one character (a group, a backreference) is widened into
//   the loop `+` (`*` from zero): each path of the unrolled NFA maps to a distinct path of the loop,
//   so a proof for the loop holds for the original (and the smaller NFA is quicker to analyse);
// - a counted repetition of one character (`[0-9]{2,8}`, `\d{3}`) is kept, and the number of ways
//   those can split a match — the product of their widths along a branch, summed over alternatives
//   — must stay within MAX_SPLITS (`\d{0,99}\d{0,99}x` is refused: 10,000 ways per position);
// - lookaround assertions, which the checker supports only in places, must have a fixed-length body
//   (each evaluation reads a bounded number of characters) and are removed: an assertion only prunes
//   paths. A leading negative lookbehind of one character class, which decides where a match may
//   start, becomes that start condition instead: `(?<![a-z])x` is analysed as `(?:^|[^a-z])x`;
//   likewise a leading `\b` before a word character becomes `(?:^|\W)`. Other word boundaries are
//   removed (the checker is much slower with them).

export type AnalysisForm = { readonly ok: true; readonly source: string } | { readonly ok: false; readonly reason: string };

/** Most ways a pattern's single-character counted repetitions may split one match. */
export const MAX_SPLITS = 1000;

interface Frame {
  /** Index in the output where the group's `(` was written (-1 for the whole pattern). */
  readonly start: number;
  readonly lookaround: 'behind' | 'ahead' | null;
  /** Its body has a quantifier other than an exact count of one character. */
  variable: boolean;
  /** Splits of the finished alternatives, and of the current one. */
  done: number;
  current: number;
}

const QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;
/** A character, or a class of them, that can only be a word character (`\w`). */
const WORD_START = /^(?:\[(?:[A-Za-z0-9_]|[A-Za-z0-9_]-[A-Za-z0-9_])+\]|[A-Za-z0-9_]|\\d)/;
const ONE_CLASS = /^(?:\[(?:[^\]\\]|\\.)*\]|\\[dDwWsS]|\\[pP]\{[^}]*\})$/;

/** Length of the escape sequence starting at `i` (a backslash). */
function escapeLength(s: string, i: number): number {
  const next = s[i + 1];
  if ((next === 'p' || next === 'P' || next === 'u' || next === 'k') && (s[i + 2] === '{' || s[i + 2] === '<')) {
    const close = s.indexOf(s[i + 2] === '{' ? '}' : '>', i + 3);
    return close < 0 ? s.length - i : close - i + 1;
  }
  if (next === 'u') return 6;
  if (next === 'x') return 4;
  if (next === 'c') return 3;
  return 2;
}

/** Length of the character class starting at `i` (a `[`). */
function classLength(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length && s[j] !== ']') j += s[j] === '\\' ? escapeLength(s, j) : 1;
  return j - i + 1;
}

function negated(oneClass: string): string {
  if (oneClass.startsWith('[^')) return `[${oneClass.slice(2)}`;
  if (oneClass.startsWith('[')) return `[^${oneClass.slice(1)}`;
  return `[^${oneClass}]`;
}

/**
 * The analysed form of `source`, or why the pattern cannot be analysed. The input must already be a
 * valid regular expression (the caller compiles it first).
 */
export function analysisForm(source: string): AnalysisForm {
  let out = '';
  const frames: Frame[] = [{ start: -1, lookaround: null, variable: false, done: 0, current: 1 }];
  const top = () => frames[frames.length - 1]!;
  /** What the last atom was: one character, a group or backreference (with its splits), or none. */
  let last: { kind: 'single' | 'multi' | 'none'; splits: number } = { kind: 'none', splits: 1 };
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\') {
      const len = escapeLength(source, i);
      const esc = source.slice(i, i + len);
      if (esc === '\\b' || esc === '\\B') {
        // A word boundary only prunes; a leading one before a word character decides where a match may start.
        if (esc === '\\b' && out === '' && WORD_START.test(source.slice(i + len))) out += '(?:^|\\W)';
        last = { kind: 'none', splits: 1 };
      } else {
        out += esc;
        last = { kind: /^\\(?:[1-9]|k<)/.test(esc) ? 'multi' : 'single', splits: 1 };
      }
      i += len;
    } else if (ch === '[') {
      const len = classLength(source, i);
      out += source.slice(i, i + len);
      last = { kind: 'single', splits: 1 };
      i += len;
    } else if (ch === '(') {
      const prefix = /^\((?:\?(?:[:=!]|<[=!]|<[^>]*>))?/.exec(source.slice(i))![0];
      const lookaround = prefix === '(?<=' || prefix === '(?<!' ? 'behind' : prefix === '(?=' || prefix === '(?!' ? 'ahead' : null;
      frames.push({ start: out.length, lookaround, variable: false, done: 0, current: 1 });
      out += prefix;
      last = { kind: 'none', splits: 1 };
      i += prefix.length;
    } else if (ch === ')') {
      const f = frames.length > 1 ? frames.pop()! : top();
      out += ch;
      i++;
      if (f.lookaround) {
        if (f.variable) return { ok: false, reason: `a look${f.lookaround} assertion must match a fixed length (no *, +, ? or {n,m} inside)` };
        const body = out.slice(f.start + 4, -1);
        const leading = f.start === 0 && frames.length === 1 && source.startsWith('(?<!') && ONE_CLASS.test(body);
        out = out.slice(0, f.start) + (leading ? `(?:^|${negated(body)})` : '');
        last = { kind: 'none', splits: 1 };
      } else last = { kind: 'multi', splits: f.done + f.current };
    } else if (ch === '|') {
      const f = top();
      f.done += f.current;
      f.current = 1;
      out += ch;
      last = { kind: 'none', splits: 1 };
      i++;
    } else if (ch === '*' || ch === '+' || ch === '?' || (ch === '{' && QUANTIFIER.test(source.slice(i)))) {
      const m = ch === '{' ? QUANTIFIER.exec(source.slice(i))! : null;
      const exactSingle = m !== null && m[2] === undefined && last.kind === 'single';
      if (!exactSingle) for (const f of frames) f.variable = true;
      if (m === null) {
        out += ch;
        i++;
      } else {
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        // One character repeated a bounded number of times stays as written, counted in the splits.
        if (last.kind === 'single' && Number.isFinite(max)) {
          out += m[0];
          top().current *= max - min + 1;
        } else out += min === 0 ? '*' : '+';
        i += m[0].length;
      }
      if (source[i] === '?') out += source[i++];
      last = { kind: 'none', splits: 1 };
    } else {
      out += ch;
      last = { kind: ch === '^' || ch === '$' ? 'none' : 'single', splits: 1 };
      i++;
    }
    // A group's splits multiply its enclosing branch once it is closed (and possibly quantified).
    if (ch === ')' && last.kind === 'multi') top().current *= last.splits;
  }
  const root = frames[0]!;
  const splits = root.done + root.current;
  if (frames.length !== 1) return { ok: false, reason: 'unbalanced parentheses' };
  if (splits > MAX_SPLITS) {
    return { ok: false, reason: `its bounded repetitions of single characters can split a match ${splits} ways (at most ${MAX_SPLITS}); narrow the {n,m} ranges` };
  }
  return { ok: true, source: out };
}

/** Where each top-level part of `source` ends: `|` outside groups and classes ("" parts included). */
function topLevelBars(source: string): number[] {
  const bars: number[] = [];
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i += escapeLength(source, i) - 1;
    else if (ch === '[') i += classLength(source, i) - 1;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) bars.push(i);
  }
  return bars;
}

/**
 * The alternatives of an analysed form that is one alternation (`A|B`, or `(?:A|B)` as a whole),
 * else the form itself. Not inside a loop, the alternatives of an alternation add their ambiguity,
 * so each can be proven on its own (smaller automata, much quicker to check).
 */
export function alternativesOf(form: string): string[] {
  let body = form;
  if (body.startsWith('(?:') && body.endsWith(')') && topLevelBars(body).length === 0) {
    // One group spanning the whole form: unwrap it when its parentheses are the outer ones.
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < body.length; i++) {
      const ch = body[i];
      if (ch === '\\') i += escapeLength(body, i) - 1;
      else if (ch === '[') i += classLength(body, i) - 1;
      else if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0 && i < body.length - 1) closesAtEnd = false;
    }
    if (closesAtEnd) body = body.slice(3, -1);
  }
  const bars = topLevelBars(body);
  if (bars.length === 0) return [form];
  const parts: string[] = [];
  let from = 0;
  for (const b of [...bars, body.length]) {
    parts.push(body.slice(from, b));
    from = b + 1;
  }
  return parts;
}
