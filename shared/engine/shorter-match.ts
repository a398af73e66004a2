// Shorter matches of a pattern that a validator refused. A regex with a variable-length tail takes
// the longest tail it can: "VG96 VPVG 0000 0123 4567 8901 X" takes the " X" as the IBAN's short last
// group, the checksum refuses it, and the shorter valid IBAN before it would be lost. The scan
// retries such a match at each shorter end, longest first, with the same regex forced to end there.

/** Longest match for which shorter ends are tried: each try runs the regex once from the match's start. */
export const MAX_RETRIED_LENGTH = 64;

export interface ShorterMatch {
  readonly re: RegExp;
  /** The regex ends with an ASCII `\b`: only ends where one holds need a try. */
  readonly boundaryEnd: boolean;
}

const isWordCode = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/**
 * The regex, sticky, forced to end one character before the end of the text it runs on: run on
 * the text cut one character after the wanted end, it matches only with exactly that end, and
 * `\b`, `\B` and `$` there still see the character after it. Null when retries are not exact or
 * not bounded: a lookahead could look further than that one character, and without a validator,
 * with a capture group or with long matches there is nothing to retry or too much to try.
 */
export function compileShorterMatch(re: RegExp, group: number, hasValidator: boolean, maxLength: number): ShorterMatch | null {
  if (!hasValidator || group > 0 || !(maxLength <= MAX_RETRIED_LENGTH) || /\(\?[=!]/.test(re.source)) return null;
  return {
    re: new RegExp(`(?:${re.source})(?=[\\s\\S](?![\\s\\S]))`, re.flags.replace(/[gd]/g, '') + 'y'),
    // An odd number of backslashes before the final b; without u/v, `\b` is ASCII (with or without i).
    boundaryEnd: /(?:^|[^\\])(?:\\\\)*\\b$/.test(re.source) && !/[uv]/.test(re.flags),
  };
}

/**
 * The matches of `shorter` (compileShorterMatch) that start at `start` and end before `end`,
 * longest first, as long as `take` asks for more.
 */
export function forEachShorterMatch(shorter: ShorterMatch, text: string, start: number, end: number, take: (m: RegExpExecArray) => boolean): void {
  const re = shorter.re;
  for (let e = end - 1; e > start; e--) {
    if (shorter.boundaryEnd && isWordCode(text.charCodeAt(e - 1)) === isWordCode(text.charCodeAt(e))) continue;
    if ((text.charCodeAt(e) & 0xfc00) === 0xdc00 && (text.charCodeAt(e - 1) & 0xfc00) === 0xd800) continue; // inside a surrogate pair
    re.lastIndex = start;
    const m = re.exec(text.slice(0, e + 1));
    if (m !== null && !take(m)) break;
  }
  re.lastIndex = 0;
}
