// Polish PESEL: 11 digits, weighted check digit and an encoded birth date that must exist.

import { digitAt, isAsciiDigits } from './compact.ts';

const WEIGHTS: readonly number[] = Object.freeze([1, 3, 7, 9, 1, 3, 7, 9, 1, 3]);
/** [month offset, first year of century]: 1800s +80, 1900s +0, 2000s +20, 2100s +40, 2200s +60. */
const CENTURIES: readonly (readonly [number, number])[] = Object.freeze([
  Object.freeze([80, 1800] as const),
  Object.freeze([0, 1900] as const),
  Object.freeze([20, 2000] as const),
  Object.freeze([40, 2100] as const),
  Object.freeze([60, 2200] as const),
]);

/** Full year and real month (1–12) from the two-digit year and the century-offset month, or null. */
function decodeYearMonth(yy: number, mm: number): { year: number; month: number } | null {
  for (const [offset, century] of CENTURIES) {
    if (mm >= offset + 1 && mm <= offset + 12) return { year: century + yy, month: mm - offset };
  }
  return null;
}

/** Number of days in a month of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for an 11-digit PESEL (no separators) with a real birth date and a correct check digit. */
export function plPesel(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length !== 11 || !isAsciiDigits(raw)) return false;
  const ym = decodeYearMonth(digitAt(raw, 0) * 10 + digitAt(raw, 1), digitAt(raw, 2) * 10 + digitAt(raw, 3));
  if (ym === null) return false;
  const day = digitAt(raw, 4) * 10 + digitAt(raw, 5);
  if (day < 1 || day > daysInMonth(ym.year, ym.month)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += digitAt(raw, i) * (WEIGHTS[i] ?? 0);
  return (10 - (sum % 10)) % 10 === digitAt(raw, 10);
}
