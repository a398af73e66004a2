// US ABA bank routing transit numbers: 9 digits, 3-7-1 weighted checksum, Federal Reserve prefix ranges.

import { digitAt, isAsciiDigits } from './compact.ts';

/** True when the two-digit prefix is a Federal Reserve routing symbol: 00–12, 21–32, 61–72 or 80. */
function validPrefix(p: number): boolean {
  return (p >= 0 && p <= 12) || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p === 80;
}

/** The nine digits of a routing number written together or 4-4-1 with dashes (0711-0130-7), or null. */
function routingDigits(raw: string): string | null {
  if (raw.length === 9) return raw;
  if (raw.length === 11 && raw.charAt(4) === '-' && raw.charAt(9) === '-') return raw.slice(0, 4) + raw.slice(5, 9) + raw.charAt(10);
  return null;
}

/** True for a 9-digit routing number (together, or 4-4-1 with dashes) with a valid prefix and checksum. */
export function abaRouting(input: string): boolean {
  if (typeof input !== 'string') return false;
  const raw = routingDigits(input);
  if (raw === null || !isAsciiDigits(raw)) return false;
  if (raw === '000000000') return false;
  if (!validPrefix(digitAt(raw, 0) * 10 + digitAt(raw, 1))) return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 3) {
    sum += 3 * digitAt(raw, i) + 7 * digitAt(raw, i + 1) + digitAt(raw, i + 2);
  }
  return sum % 10 === 0;
}
