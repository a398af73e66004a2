// The word beginnings a pattern of the form `\b(?:word|word|…)…` can start with, so the engine
// can try it only where one of them begins a word (found by the shared starter scan) instead of
// running it over the whole text. Conservative: any other shape, or an alternative that does not
// begin with three plain ASCII letters or digits, yields null (the pattern then scans the text).
import { skipClass, skipGroup } from './regex-tokens.ts';

const STARTER_LENGTH = 5;
const MIN_LENGTH = 3;
const PLAIN = /[A-Za-z0-9]/;

/**
 * Splits `src` from `from` at top-level `|` until a `)` closes the level it started at (or the
 * end): the alternatives, and the index just past that `)` (null at the end); null if a class or
 * group is left open.
 */
function split(src: string, from: number): { parts: string[]; end: number | null } | null {
  const parts: string[] = [];
  let start = from;
  for (let i = from; i < src.length; ) {
    const c = src[i];
    if (c === '(' || c === '[') {
      i = c === '(' ? skipGroup(src, i) : skipClass(src, i);
      if (i < 0) return null;
      continue;
    }
    if (c === ')') {
      parts.push(src.slice(start, i));
      return { parts, end: i + 1 };
    }
    if (c === '|') {
      parts.push(src.slice(start, i));
      start = i + 1;
    }
    i += c === '\\' ? 2 : 1;
  }
  parts.push(src.slice(start));
  return { parts, end: null };
}

/** The plain letters and digits an alternative surely begins with (a letter followed by a quantifier is not sure). */
function leadingLiteral(alt: string): string {
  let n = 0;
  while (n < alt.length && PLAIN.test(alt[n]!)) n++;
  const next = alt[n];
  if (next === '?' || next === '*' || next === '+' || next === '{') n--;
  return alt.slice(0, Math.max(n, 0));
}

/**
 * For a pattern that begins with a group of alternatives, `(?:…|…)` or `\b(?:…|…)`: the plain
 * letters and digits each alternative begins with (at least two; as written, not lower-cased), or
 * null. Every match then contains one of them: none in the text, no match (password assignments,
 * GitLab tokens).
 */
export function leadingLiterals(source: string): string[] | null {
  const open = source.startsWith('\\b(?:') ? 5 : source.startsWith('(?:') ? 3 : -1;
  if (open < 0) return null;
  const group = split(source, open);
  if (group === null || group.end === null || /^[?*+{]/.test(source.slice(group.end))) return null;
  const rest = split(source, group.end);
  if (rest === null || rest.end !== null || rest.parts.length !== 1) return null;
  const literals = group.parts.map(leadingLiteral);
  return literals.every((l) => l.length >= 2) ? [...new Set(literals)] : null;
}

/** Lower-cased starters (up to five characters) of every alternative, or null. */
export function leadingWords(source: string): string[] | null {
  if (!source.startsWith('\\b(?:')) return null;
  const group = split(source, 5);
  if (group === null || group.end === null || /^[?*+{]/.test(source.slice(group.end))) return null;
  // Nothing after the group may offer another way to match (a top-level `|`).
  const rest = split(source, group.end);
  if (rest === null || rest.end !== null || rest.parts.length !== 1) return null;
  const starters = new Set<string>();
  for (const alt of group.parts) {
    const literal = leadingLiteral(alt);
    if (literal.length < MIN_LENGTH) return null;
    starters.add(literal.slice(0, STARTER_LENGTH).toLowerCase());
  }
  return [...starters];
}
