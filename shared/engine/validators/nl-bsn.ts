// The Netherlands' BSN (burgerservicenummer): nine digits passing the "elfproef" (11-test).

import { compact, digitAt, isAsciiDigits, singleSeparatorKind } from './compact.ts';

/** True for a 9-digit BSN (8 digits are read with a leading zero; dots, spaces or dashes of one kind may separate groups); 000000000 refused. */
export function nlBsn(raw: string): boolean {
  const c = compact(raw, ' .-', 16);
  if (c === null || !singleSeparatorKind(c.separators) || !isAsciiDigits(c.text)) return false;
  if (c.text.length !== 8 && c.text.length !== 9) return false;
  const d = c.text.padStart(9, '0');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += digitAt(d, i) * (9 - i);
  sum -= digitAt(d, 8);
  return sum > 0 && sum % 11 === 0;
}
