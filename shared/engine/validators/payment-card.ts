// Payment card numbers by issuer: the IIN (first digits) must fall in a range some card scheme
// issues, the length must be one that scheme uses, and the Luhn check must hold. Ranges from the
// schemes' published IIN tables as collected on Wikipedia's "Payment card number" page (2025).

import { compact, isAsciiDigits, singleSeparatorKind } from './compact.ts';
import { luhn } from './luhn.ts';

interface IinRange {
  /** Inclusive bounds, compared against the same number of leading digits. */
  readonly from: number;
  readonly to: number;
  readonly digits: number;
  readonly lengths: readonly number[];
}

const range = (from: number, to: number, lengths: readonly number[]): IinRange => Object.freeze({ from, to, digits: String(from).length, lengths });
const L16_19 = [16, 17, 18, 19];
const L13_19 = [13, 14, 15, 16, 17, 18, 19];

/** Scheme, IIN range and lengths. Overlapping ranges (co-branded cards) are all accepted. */
export const IIN_RANGES: readonly IinRange[] = Object.freeze([
  range(1, 1, [15]), // UATP
  range(34, 34, [15]), // American Express
  range(37, 37, [15]),
  range(300, 305, [14, 16, 17, 18, 19]), // Diners Club International
  range(3095, 3095, [14, 16, 17, 18, 19]),
  range(36, 36, [14, 16, 17, 18, 19]),
  range(38, 39, [14, 16, 17, 18, 19]),
  range(3528, 3589, L16_19), // JCB
  range(353, 353, [16]), // RuPay (JCB co-branded)
  range(356, 356, [16]),
  range(357111, 357111, [16]), // LankaPay
  range(4, 4, [13, 16, 19]), // Visa (incl. Visa Electron, Visa/Dankort 4571)
  range(2221, 2720, [16]), // Mastercard
  range(51, 55, [16]),
  range(2200, 2204, L16_19), // Mir
  range(2205, 2205, [16]), // BORICA
  range(5019, 5019, [16]), // Dankort
  range(50, 50, L13_19), // Maestro (50, 56–69), also Verve 506099–506198 and 507865–507964, GPN
  range(56, 69, L13_19),
  range(6011, 6011, L16_19), // Discover
  range(644, 649, L16_19),
  range(65, 65, L16_19),
  range(62, 62, L16_19), // UnionPay
  range(81, 81, L16_19), // UnionPay, RuPay
  range(82, 82, [16]), // RuPay
  range(508, 508, [16]), // RuPay
  range(1946, 1946, [16, 18, 19]), // GPN
  range(9792, 9792, [16]), // Troy
  range(9860, 9860, [16]), // Humo
]);

/** True when some scheme issues numbers of this length starting with these digits. */
export function knownIssuer(digits: string): boolean {
  for (const r of IIN_RANGES) {
    if (!r.lengths.includes(digits.length)) continue;
    const prefix = Number(digits.slice(0, r.digits));
    if (prefix >= r.from && prefix <= r.to) return true;
  }
  return false;
}

/** True for a card number (single spaces or dashes between groups, one kind) with a known issuer range and length and a valid Luhn check. */
export function paymentCard(raw: string): boolean {
  const c = compact(raw, ' -', 40);
  if (c === null || !singleSeparatorKind(c.separators) || !isAsciiDigits(c.text)) return false;
  return knownIssuer(c.text) && luhn(c.text);
}
