// Canada's Social Insurance Number: nine digits, Luhn check; first digit 1–7 or 9 (temporary residents).

import { compact, groupsEqual, singleSeparatorKind } from './compact.ts';
import { luhnDigits } from './luhn.ts';

/** True for `046454286`, `046 454 286` or `046-454-286` with a valid Luhn check and an issued first digit. */
export function caSin(raw: string): boolean {
  const c = compact(raw, ' -', 16);
  if (c === null || !singleSeparatorKind(c.separators)) return false;
  if (!groupsEqual(c.groups, [9]) && !groupsEqual(c.groups, [3, 3, 3])) return false;
  const first = c.text.charAt(0);
  if (first === '0' || first === '8') return false;
  return luhnDigits(c.text);
}
