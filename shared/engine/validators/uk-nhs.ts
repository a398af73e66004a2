// UK NHS numbers: 10 digits (optionally 3-3-4 with spaces or dashes), modulus-11 check digit.

import { compact, digitAt, groupsEqual, isAsciiDigits, singleSeparatorKind } from './compact.ts';

/** True for an NHS number whose tenth digit matches the modulus-11 check (a computed 10 is never valid). */
export function ukNhs(raw: string): boolean {
  const c = compact(raw, ' -', 16);
  if (c === null || !singleSeparatorKind(c.separators)) return false;
  if (!groupsEqual(c.groups, [10]) && !groupsEqual(c.groups, [3, 3, 4])) return false;
  const d = c.text;
  if (!isAsciiDigits(d)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += digitAt(d, i) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === digitAt(d, 9);
}
