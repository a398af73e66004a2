// UK National Insurance numbers: two-letter prefix rules, six digits, suffix A–D.

import { compact, isAsciiDigits } from './compact.ts';

const BAD_FIRST = 'DFIQUV';
const BAD_SECOND = 'DFIOQUV';
const BAD_PREFIXES: readonly string[] = Object.freeze(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

/** True for a NINO such as `AB123456C` or `AB 12 34 56 C` (single spaces anywhere between characters; case-insensitive). */
export function ukNino(raw: string): boolean {
  const c = compact(raw, ' ', 20);
  if (c === null) return false;
  const s = c.text.toUpperCase();
  if (s.length !== 9) return false;
  const a = s.charAt(0);
  const b = s.charAt(1);
  if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') return false;
  if (BAD_FIRST.includes(a) || BAD_SECOND.includes(b)) return false;
  if (BAD_PREFIXES.includes(a + b)) return false;
  if (!isAsciiDigits(s.slice(2, 8))) return false;
  const suffix = s.charAt(8);
  return suffix >= 'A' && suffix <= 'D';
}
