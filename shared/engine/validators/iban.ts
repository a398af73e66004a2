// IBAN (ISO 13616): per-country length from the SWIFT IBAN registry and the mod-97 check.

import { compact, isDigitCode, isUpperCode } from './compact.ts';

/**
 * Total IBAN length per country code, from the SWIFT IBAN registry. Dependent territories
 * (Åland, the French overseas territories, Jersey/Guernsey/Isle of Man) use the parent's code.
 */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.freeze({
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27,
  BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28,
  EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23,
  GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26,
  IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21,
  LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22,
  RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25,
  SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
});

/** Remainder of the rearranged IBAN (first four characters moved to the end, letters as 10–35) modulo 97. */
function mod97(s: string): number {
  let rem = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt((k + 4) % s.length);
    rem = isDigitCode(c) ? (rem * 10 + (c - 48)) % 97 : (rem * 100 + (c - 55)) % 97;
  }
  return rem;
}

/**
 * True for a registered-country IBAN of the right length whose mod-97 remainder is 1.
 * Accepts the electronic form or the print form (single spaces between groups of four); case-insensitive.
 */
export function iban(raw: string): boolean {
  const c = compact(raw, ' ', 48);
  if (c === null) return false;
  for (let i = 0; i < c.groups.length - 1; i++) if (c.groups[i] !== 4) return false;
  const s = c.text.toUpperCase();
  if (s.length < 15 || s.length > 34) return false;
  if (!isUpperCode(s.charCodeAt(0)) || !isUpperCode(s.charCodeAt(1))) return false;
  if (!isDigitCode(s.charCodeAt(2)) || !isDigitCode(s.charCodeAt(3))) return false;
  for (let i = 4; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (!isDigitCode(ch) && !isUpperCode(ch)) return false;
  }
  const country = s.slice(0, 2);
  if (!Object.hasOwn(IBAN_LENGTHS, country) || IBAN_LENGTHS[country] !== s.length) return false;
  return mod97(s) === 1;
}
