// Sweden's personnummer and samordningsnummer: (YY)YYMMDD, '-' or '+' (100 years or older), three
// digits and a Luhn check digit over the ten-digit form; the day of a samordningsnummer is +60.

import { digitAt, isAsciiDigits } from './compact.ts';

function daysInMonth(month: number, year: number | null): number {
  if (month === 2) return year === null || (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Luhn over exactly ten digits (the check digit last). */
function luhn10(d: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let n = digitAt(d, i) * (i % 2 === 0 ? 2 : 1);
    if (n > 9) n -= 9;
    sum += n;
  }
  return sum % 10 === 0;
}

/** True for `YYMMDD-NNNC`, `YYMMDD+NNNC`, `YYMMDDNNNC` or the same with a four-digit year, with a real date and a valid check digit. */
export function sePersonnummer(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length < 10 || raw.length > 13) return false;
  const sepAt = raw.length - 5;
  const sep = raw.charAt(sepAt);
  const plain = sep === '-' || sep === '+' ? raw.slice(0, sepAt) + raw.slice(sepAt + 1) : raw;
  if (!isAsciiDigits(plain) || (plain.length !== 10 && plain.length !== 12)) return false;
  const year = plain.length === 12 ? Number(plain.slice(0, 4)) : null;
  if (year !== null && (year < 1800 || year > 2099)) return false;
  const ten = plain.slice(plain.length - 10);
  const month = Number(ten.slice(2, 4));
  let day = Number(ten.slice(4, 6));
  if (day > 60) day -= 60;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(month, year)) return false;
  return luhn10(ten);
}
