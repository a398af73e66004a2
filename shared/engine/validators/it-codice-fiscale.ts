// Italian codice fiscale (persons): 16-character structure, omocodia letters and the odd/even check letter.

import { isDigitCode, isUpperCode } from './compact.ts';

/** Values for characters in odd positions (1st, 3rd, …), indexed 0–9 for digits and A–Z for letters. */
const ODD_DIGITS: readonly number[] = Object.freeze([1, 0, 5, 7, 9, 13, 15, 17, 19, 21]);
const ODD_LETTERS: readonly number[] = Object.freeze([
  1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
]);
/** Letters that replace the digits 0–9 in homocode (omocodia) codes. */
const OMOCODE = 'LMNPQRSTUV';
const MONTHS = 'ABCDEHLMPRST';
/** Zero-based positions that hold digits (or their omocodia substitutes). */
const DIGIT_POSITIONS: readonly number[] = Object.freeze([6, 7, 9, 10, 12, 13, 14]);

/** Digit value of a digit-position character, or -1 when it is neither a digit nor an omocodia letter. */
function digitValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (isDigitCode(c)) return c - 48;
  return OMOCODE.indexOf(ch);
}

/** True for a 16-character personal codice fiscale with a correct check letter (case-insensitive, no separators). */
export function itCodiceFiscale(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length !== 16) return false;
  const s = raw.toUpperCase();
  for (let i = 0; i < 16; i++) {
    const isDigitPos = DIGIT_POSITIONS.includes(i);
    if (isDigitPos ? digitValue(s.charAt(i)) < 0 : !isUpperCode(s.charCodeAt(i))) return false;
  }
  // Omocodia substitutes digits starting from the rightmost one: once a letter appears, every later digit position is a letter too.
  let substituted = false;
  for (const i of DIGIT_POSITIONS) {
    const isLetter = !isDigitCode(s.charCodeAt(i));
    if (substituted && !isLetter) return false;
    substituted = isLetter;
  }
  if (!MONTHS.includes(s.charAt(8))) return false;
  const day = digitValue(s.charAt(9)) * 10 + digitValue(s.charAt(10));
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = s.charCodeAt(i);
    const even = i % 2 === 1; // 1-based even positions
    if (isDigitCode(c)) sum += even ? c - 48 : (ODD_DIGITS[c - 48] ?? 0);
    else sum += even ? c - 65 : (ODD_LETTERS[c - 65] ?? 0);
  }
  return s.charCodeAt(15) === 65 + (sum % 26);
}
