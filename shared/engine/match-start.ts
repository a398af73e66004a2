// What every match of a regular expression begins with, so the engine can try a pattern only where
// a match can start instead of running it at every position of the text: where `\b` holds, at the
// start of a run of at least N word characters, or at most K characters before a digit.
// Conservative: anything it does not understand yields "no such guarantee". Only for patterns
// without the `u`/`v` flags, where `\b`, `\w` and case-insensitive ASCII classes mean ASCII only
// (with `iu`, ſ and the Kelvin sign are word characters and match [a-z]).
import { regexTokens, type RegexToken } from './regex-tokens.ts';
import { maxMatchLength } from './required-literal.ts';

/** A class of ASCII word characters only: [A-Z], [0-9LMN], [a-z0-9_]; not [A-z], not negated. */
const WORD_CLASS = /^\[(?:[A-Z]-[A-Z]|[a-z]-[a-z]|[0-9]-[0-9]|[A-Za-z0-9_])+\]$/;
/** A class of digits only (as match-digits.ts). */
const DIGIT_CLASS = /^\[(?:[0-9]|[0-9]-[0-9])+\]$/;

const isWordOnly = (t: RegexToken) =>
  (t.kind === 'class' && WORD_CLASS.test(t.text)) || (t.kind === 'escape' && (t.text === '\\d' || t.text === '\\w')) || (t.kind === 'char' && /^[A-Za-z0-9_]$/.test(t.text));
const isDigit = (t: RegexToken) => (t.kind === 'class' && DIGIT_CLASS.test(t.text)) || (t.kind === 'escape' && t.text === '\\d') || (t.kind === 'char' && t.text >= '0' && t.text <= '9');
const isBoundary = (t: RegexToken | undefined) => t !== undefined && t.kind === 'escape' && t.text === '\\b';

/** True when the fast paths of this file apply to a pattern with these flags. */
export const asciiWordFlags = (flags: string): boolean => !flags.includes('u') && !flags.includes('v');

/** The top-level alternatives of a fragment, each as its tokens; null when it does not parse. */
function alternatives(fragment: string): RegexToken[][] | null {
  const tokens = regexTokens(fragment);
  if (tokens === null) return null;
  const out: RegexToken[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'or') out.push([]);
    else out[out.length - 1]!.push(t);
  }
  return out;
}

/**
 * True when `\b` holds where every match starts: the source (or every alternative of a leading,
 * required group) begins with `\b`.
 */
export function startsAtBoundary(source: string): boolean {
  const alts = alternatives(source);
  if (alts === null) return false;
  return alts.every((tokens) => {
    const first = tokens[0];
    if (isBoundary(first)) return true;
    return first !== undefined && first.kind === 'group' && first.min >= 1 && startsAtBoundary(first.text);
  });
}

/**
 * For `\b` followed by tokens that match ASCII word characters only: how many characters they
 * match at least (0: not of that form). Every match then starts a run of at least that many word
 * characters (the `\b` says the character before is not one).
 */
export function leadingWordRun(source: string): number {
  const alts = alternatives(source);
  if (alts === null || alts.length !== 1) return 0;
  const [first, ...rest] = alts[0]!;
  if (!isBoundary(first)) return 0;
  let run = 0;
  for (const t of rest) {
    if (!isWordOnly(t)) break;
    run += t.min;
  }
  return run;
}

/**
 * The most characters any match has before its first digit, when every match has one (Infinity
 * otherwise): a match then starts at most this far before some digit of the text.
 */
export function digitPrefix(fragment: string): number {
  const alts = alternatives(fragment);
  if (alts === null) return Infinity;
  let worst = 0;
  for (const tokens of alts) {
    let before = 0;
    let found = false;
    for (const t of tokens) {
      if (t.min >= 1 && isDigit(t)) {
        found = true;
        break;
      }
      if (t.kind === 'group' && t.min >= 1) {
        const inner = digitPrefix(t.text);
        if (Number.isFinite(inner)) {
          before += inner;
          found = true;
          break;
        }
      }
      if (t.kind === 'lookaround' || t.kind === 'anchor') continue;
      if (t.kind === 'escape' && /^\\[0-9k]/.test(t.text)) return Infinity; // back-references
      const one = t.kind === 'group' ? maxMatchLength(t.text) : t.kind === 'escape' && (t.text === '\\b' || t.text === '\\B') ? 0 : 1;
      before += one === 0 ? 0 : one * t.max;
      if (!Number.isFinite(before)) return Infinity;
    }
    if (!found) return Infinity;
    worst = Math.max(worst, before);
  }
  return worst;
}
