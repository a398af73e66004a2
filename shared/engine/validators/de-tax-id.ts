// German Steuerliche Identifikationsnummer (IdNr): digit-repetition rule and ISO 7064 MOD 11,10 check digit.

import { compact, digitAt, groupsEqual, isAsciiDigits, singleSeparatorKind } from './compact.ts';

/** ISO 7064 MOD 11,10 check digit over the first ten digits. */
function mod1110CheckDigit(d: string): number {
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (digitAt(d, i) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

/**
 * In the first ten digits exactly one digit occurs more than once, and it occurs two or three times;
 * a digit occurring three times must not stand in three consecutive positions.
 */
function repetitionRuleHolds(d: string): boolean {
  const counts = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 10; i++) counts[digitAt(d, i)] = (counts[digitAt(d, i)] ?? 0) + 1;
  let repeated = -1;
  for (let digit = 0; digit < 10; digit++) {
    const n = counts[digit] ?? 0;
    if (n > 3) return false;
    if (n > 1) {
      if (repeated !== -1) return false;
      repeated = digit;
    }
  }
  if (repeated === -1) return false;
  if (counts[repeated] === 3) {
    for (let i = 0; i + 2 < 10; i++) {
      if (digitAt(d, i) === repeated && digitAt(d, i + 1) === repeated && digitAt(d, i + 2) === repeated) return false;
    }
  }
  return true;
}

/** True for an 11-digit IdNr (plain, or 2-3-3-3 groups with one kind of separator: space, dash, dot or slash). */
export function deTaxId(raw: string): boolean {
  const c = compact(raw, ' -./', 20);
  if (c === null || !singleSeparatorKind(c.separators)) return false;
  if (!groupsEqual(c.groups, [11]) && !groupsEqual(c.groups, [2, 3, 3, 3])) return false;
  const d = c.text;
  if (!isAsciiDigits(d) || d.charCodeAt(0) === 48) return false;
  if (!repetitionRuleHolds(d)) return false;
  return mod1110CheckDigit(d) === digitAt(d, 10);
}
