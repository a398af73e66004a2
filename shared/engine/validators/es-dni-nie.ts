// Spanish DNI (8 digits + letter; 7 digits when the leading zero is dropped) and NIE (X/Y/Z + 7 digits + letter) with the mod-23 control letter.

import { compact, isAsciiDigits } from './compact.ts';

const CONTROL_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** True for a DNI such as `12345678Z`, `1234567L` or `12.345.678-Z`, or an NIE such as `X1234567L`; single spaces, dashes or dots may separate parts; case-insensitive. */
export function esDniNie(raw: string): boolean {
  const c = compact(raw, ' -.', 20);
  if (c === null) return false;
  let s = c.text.toUpperCase();
  if (s.length === 8 && isAsciiDigits(s.slice(0, 7))) s = `0${s}`;
  if (s.length !== 9) return false;
  let digits: string;
  const first = s.charAt(0);
  if (first === 'X' || first === 'Y' || first === 'Z') {
    digits = String('XYZ'.indexOf(first)) + s.slice(1, 8);
  } else {
    digits = s.slice(0, 8);
  }
  if (!isAsciiDigits(digits)) return false;
  return CONTROL_LETTERS.charAt(Number(digits) % 23) === s.charAt(8);
}
