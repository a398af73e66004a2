// India's Aadhaar number: 12 digits, first digit 2–9, Verhoeff check digit; printed 4-4-4.

import { compact, groupsEqual, singleSeparatorKind } from './compact.ts';
import { verhoeffValid } from './verhoeff.ts';

/** True for `234567890124` or `2345 6789 0124` (spaces or dashes, one kind) with a valid Verhoeff check; all-same digits refused. */
export function inAadhaar(raw: string): boolean {
  const c = compact(raw, ' -', 20);
  if (c === null || !singleSeparatorKind(c.separators)) return false;
  if (!groupsEqual(c.groups, [12]) && !groupsEqual(c.groups, [4, 4, 4])) return false;
  const d = c.text;
  if (d.charCodeAt(0) < 50 /* '2' */ || /^(\d)\1+$/.test(d)) return false;
  return verhoeffValid(d);
}
