// Finds a literal string that every match of a regular expression must contain, so the engine
// can skip the regex when the text does not contain it (an exact prefilter: results are the
// same, only faster). Conservative: anything it does not understand yields no literal.
import { regexTokens, skipClass, skipGroup } from './regex-tokens.ts';

const META = new Set(['.', '^', '$', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}', '\\']);
/** Escapes that stand for one literal character. */
const LITERAL_ESCAPES = new Set(['.', '^', '$', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}', '\\', '/', '-', '@', '#', ':', '=', '!', ',', '<', '>', '"', "'", ' ', '_', '&', '%', '~', '`']);

function isQuantifierAt(src: string, i: number): boolean {
  const c = src[i];
  return c === '?' || c === '*' || c === '+' || (c === '{' && /^\{[0-9]+(,[0-9]*)?\}/.test(src.slice(i)));
}

export interface AnchorLiteral {
  readonly literal: string;
  /** Most characters a match can have before the literal (Infinity when unbounded). */
  readonly maxPrefix: number;
}

/** The longest required literal run, with how far before it a match can start. */
export function anchorLiteral(source: string): AnchorLiteral | null {
  const runs: { text: string; start: number }[] = [];
  let run = '';
  let runStart = 0;
  const end = () => {
    if (run) runs.push({ text: run, start: runStart });
    run = '';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    let literal: string | null = null;
    let next: number;
    if (c === '|') return null; // top-level alternation: no single required literal
    if (c === '(') next = skipGroup(source, i);
    else if (c === '[') next = skipClass(source, i);
    else if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined) return null;
      if (LITERAL_ESCAPES.has(e)) literal = e;
      next = i + 2;
      if (e === 'u' || e === 'x' || e === 'c' || e === 'p' || e === 'P' || e === 'k') return finish(source, runs, run, runStart);
    } else if (META.has(c)) {
      next = i + 1; // . ^ $ and stray quantifiers break the run
    } else {
      literal = c;
      next = i + 1;
    }
    if (next < 0) return null;
    if (isQuantifierAt(source, next)) {
      // The token is optional or repeated: it is not a literal every match has.
      literal = null;
      next = source[next] === '{' ? source.indexOf('}', next) + 1 : next + 1;
      if (source[next] === '?') next++;
    }
    if (literal !== null) {
      if (!run) runStart = i;
      run += literal;
    } else end();
    i = next;
  }
  return finish(source, runs, run, runStart);
}

function finish(source: string, runs: { text: string; start: number }[], run: string, runStart: number): AnchorLiteral | null {
  const all = run ? [...runs, { text: run, start: runStart }] : runs;
  let best: { text: string; start: number } | null = null;
  for (const r of all) if (best === null || r.text.length > best.text.length) best = r;
  return best && { literal: best.text, maxPrefix: maxMatchLength(source.slice(0, best.start)) };
}

/** Longest string a (top-level, alternation-free or not) regex fragment can match; Infinity if unbounded. */
export function maxMatchLength(fragment: string): number {
  const tokens = regexTokens(fragment);
  if (tokens === null) return Infinity;
  let best = 0;
  let total = 0;
  for (const t of tokens) {
    if (t.kind === 'or') {
      best = Math.max(best, total);
      total = 0;
      continue;
    }
    let len: number;
    if (t.kind === 'group') len = maxMatchLength(t.text);
    else if (t.kind === 'lookaround' || t.kind === 'anchor') len = 0;
    else if (t.kind === 'escape') {
      if (/^\\[0-9k]/.test(t.text)) return Infinity; // back-references
      len = t.text === '\\b' || t.text === '\\B' ? 0 : 1;
    } else len = 1;
    total += len === 0 ? 0 : len * t.max;
  }
  return Math.max(best, total);
}
