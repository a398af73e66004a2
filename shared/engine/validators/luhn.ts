// Payment card numbers: 13–19 digits, Luhn (mod 10) checksum, spaces or dashes as separators.

import { compact, isAsciiDigits, singleSeparatorKind, digitAt } from './compact.ts';

/** True when the digit string (check digit last) passes Luhn. The caller checks that it is all digits. */
export function luhnDigits(d: string): boolean {
  let sum = 0;
  for (let i = d.length - 1, pos = 0; i >= 0; i--, pos++) {
    let n = digitAt(d, i);
    if (pos % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

/** True for a 13–19 digit number (single spaces or dashes allowed between digits) that passes Luhn and is not one repeated digit. */
export function luhn(raw: string): boolean {
  const c = compact(raw, ' -', 40);
  if (c === null || !singleSeparatorKind(c.separators)) return false;
  const d = c.text;
  if (d.length < 13 || d.length > 19 || !isAsciiDigits(d)) return false;
  let allSame = true;
  for (let i = 1; i < d.length; i++) if (d.charCodeAt(i) !== d.charCodeAt(0)) allSame = false;
  return !allSame && luhnDigits(d);
}
