// Shorter matches of a pattern that a validator refused. A regex with a variable-length tail takes
// the longest tail it can: "VG96 VPVG 0000 0123 4567 8901 X" takes the " X" as the IBAN's short last
// group, the checksum refuses it, and the shorter valid IBAN before it would be lost. The scan
// retries such a match at each shorter end, longest first, with the same regex forced to end there.
import { boundaryAt } from './word-boundary.ts';

/** Longest match for which shorter ends are tried: each try runs the regex once from the match's start. */
export const MAX_RETRIED_LENGTH = 64;

/**
 * The regex, sticky, forced to end one character before the end of the text it runs on: run on
 * the text cut one character after the wanted end, it matches only with exactly that end, and the
 * final `\b` there still sees the character after it. Only for a regex that ends with an ASCII
 * `\b` (an odd number of backslashes before the final b, no u/v flag): then only the few ends where
 * `\b` holds need a try. Null too when a lookahead could look past that one character, and
 * without a validator, with a capture group or with long matches (nothing to retry, or too much).
 */
export function compileShorterMatch(re: RegExp, group: number, hasValidator: boolean, maxLength: number): RegExp | null {
  if (!hasValidator || group > 0 || !(maxLength <= MAX_RETRIED_LENGTH) || /\(\?[=!]/.test(re.source)) return null;
  if (!/(?:^|[^\\])(?:\\\\)*\\b$/.test(re.source) || /[uv]/.test(re.flags)) return null;
  return new RegExp(`(?:${re.source})(?=[\\s\\S](?![\\s\\S]))`, re.flags.replace(/[gd]/g, '') + 'y');
}

/**
 * The matches of `shorter` (compileShorterMatch) that start at `start` and end before `end`,
 * longest first, as long as `take` asks for more.
 */
export function forEachShorterMatch(re: RegExp, text: string, start: number, end: number, take: (m: RegExpExecArray) => boolean): void {
  for (let e = end - 1; e > start; e--) {
    if (!boundaryAt(text, e)) continue; // no \b: no match ends here
    re.lastIndex = start;
    const m = re.exec(text.slice(0, e + 1));
    if (m !== null && !take(m)) break;
  }
  re.lastIndex = 0;
}
