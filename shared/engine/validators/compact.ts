// Shared separator stripping for validators: linear scan, no regex, bounded input length.

/** Result of stripping separators: the remaining characters and the length of each run between separators. */
export interface Compacted {
  readonly text: string;
  readonly groups: readonly number[];
  /** The separator characters in the order they appeared (one per gap between groups). */
  readonly separators: string;
}

/**
 * Removes single separator characters (any of `seps`) that sit between other characters.
 * Returns null when the input is longer than `maxLength`, starts or ends with a separator,
 * or has two separators in a row. Never throws.
 */
export function compact(raw: string, seps: string, maxLength: number): Compacted | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxLength) return null;
  let text = '';
  let separators = '';
  const groups: number[] = [];
  let run = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charAt(i);
    if (seps.includes(ch)) {
      if (run === 0) return null;
      groups.push(run);
      separators += ch;
      run = 0;
    } else {
      text += ch;
      run++;
    }
  }
  if (run === 0) return null;
  groups.push(run);
  return { text, groups, separators };
}

/** True when the groups are exactly `expected` (e.g. [3, 2, 4]). */
export function groupsEqual(groups: readonly number[], expected: readonly number[]): boolean {
  if (groups.length !== expected.length) return false;
  for (let i = 0; i < groups.length; i++) if (groups[i] !== expected[i]) return false;
  return true;
}

/** True when every separator used is the same character (or there are none). */
export function singleSeparatorKind(separators: string): boolean {
  for (let i = 1; i < separators.length; i++) if (separators.charAt(i) !== separators.charAt(0)) return false;
  return true;
}

/** True when `s` is non-empty and made only of ASCII digits. */
export function isAsciiDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Numeric value of the ASCII digit at `i` (caller guarantees it is a digit). */
export function digitAt(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

/** True when the character code is an ASCII uppercase letter. */
export function isUpperCode(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** True when the character code is an ASCII digit. */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
