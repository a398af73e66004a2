// ASCII word characters and `\b` (without the u/v flags) as V8's regexes see them, for the scans
// that find where a regex can start or end without running it.

/** Whether the UTF-16 code is a word character of `\w`: [A-Za-z0-9_]. */
export const isWordCode = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/** Whether `\b` holds at `i`: one side is a word character and the other is not (or is outside the text). */
export const boundaryAt = (s: string, i: number): boolean => (i > 0 && isWordCode(s.charCodeAt(i - 1))) !== (i < s.length && isWordCode(s.charCodeAt(i)));
