// Payment card numbers: 13–19 digits, Luhn (mod 10) checksum, spaces or dashes as separators.

import { compact, isAsciiDigits, singleSeparatorKind, digitAt } from './compact.ts';

/** True for a 13–19 digit number (single spaces or dashes allowed between digits) that passes Luhn and is not one repeated digit. */
export function luhn(raw: string): boolean {
  const c = compact(raw, ' -', 40);
  if (c === null || !singleSeparatorKind(c.separators)) return false;
  const d = c.text;
  if (d.length < 13 || d.length > 19 || !isAsciiDigits(d)) return false;
  let allSame = true;
  let sum = 0;
  for (let i = d.length - 1, pos = 0; i >= 0; i--, pos++) {
    let n = digitAt(d, i);
    if (d.charCodeAt(i) !== d.charCodeAt(0)) allSame = false;
    if (pos % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return !allSame && sum % 10 === 0;
}
