// Identifiers of more countries, birth dates and postal addresses for generated test documents.
// Check digits are computed here from the published algorithms, independently of
// shared/engine/validators (Aadhaar's Verhoeff digit too), so the corpus cross-checks them.
import type { Random } from '../../bench/seeded-random.ts';
import { luhnCheckDigit, randomString } from './corpus-values.ts';

const digits = (rand: Random, n: number) => randomString(rand, n, '0123456789');
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const weighted = (s: string, w: readonly number[]) => [...s].reduce((sum, ch, i) => sum + Number(ch) * w[i]!, 0);

/** France: sex, year, month, département, commune, order and key 97 − (n mod 97). */
export function frNir(rand: Random): string {
  const body = `${rand.int(1, 2)}${pad(rand.int(40, 99), 2)}${pad(rand.int(1, 12), 2)}${pad(rand.int(1, 95), 2)}${digits(rand, 3)}${digits(rand, 3)}`;
  const key = 97 - Number(BigInt(body) % 97n);
  const s = `${body}${pad(key, 2)}`;
  return rand.next() < 0.5 ? s : `${s[0]} ${s.slice(1, 3)} ${s.slice(3, 5)} ${s.slice(5, 7)} ${s.slice(7, 10)} ${s.slice(10, 13)} ${s.slice(13)}`;
}

/** Netherlands: nine digits whose 9·d1 + … + 2·d8 − d9 is a multiple of 11. */
export function nlBsn(rand: Random): string {
  for (;;) {
    const body = `${rand.int(1, 9)}${digits(rand, 7)}`;
    const last = weighted(body, [9, 8, 7, 6, 5, 4, 3, 2]) % 11;
    if (last <= 9) return `${body}${last}`;
  }
}

/** Sweden: YYMMDD-NNN and the Luhn digit over the ten digits. */
export function sePersonnummer(rand: Random): string {
  const body = `${pad(rand.int(40, 99), 2)}${pad(rand.int(1, 12), 2)}${pad(rand.int(1, 28), 2)}${digits(rand, 3)}`;
  return `${body.slice(0, 6)}-${body.slice(6)}${luhnCheckDigit(body)}`;
}

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VERHOEFF_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** India: twelve digits, first 2–9, the Verhoeff check digit generated (positions counted from the check digit). */
export function inAadhaar(rand: Random): string {
  const body = `${rand.int(2, 9)}${digits(rand, 10)}`;
  let c = 0;
  for (let i = 0; i < body.length; i++) c = VERHOEFF_D[c]![VERHOEFF_P[(i + 1) % 8]![Number(body[body.length - 1 - i])]!]!;
  const s = `${body}${VERHOEFF_INV[c]}`;
  return `${s.slice(0, 4)} ${s.slice(4, 8)} ${s.slice(8)}`;
}

/** India: PAN of a person (fourth letter P) or company (C). */
export function inPan(rand: Random): string {
  const L = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return `${randomString(rand, 3, L)}${rand.pick(['P', 'C'])}${randomString(rand, 1, L)}${pad(rand.int(1, 9999), 4)}${randomString(rand, 1, L)}`;
}

/** Canada: first digit 1–7, Luhn; printed 3-3-3. */
export function caSin(rand: Random): string {
  const body = `${rand.int(1, 7)}${digits(rand, 7)}`;
  const s = `${body}${luhnCheckDigit(body)}`;
  return `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`;
}

/** Australia: nine digits, weights 1 4 3 7 5 8 6 9 10, sum a multiple of 11. */
export function auTfn(rand: Random): string {
  for (;;) {
    const body = `${rand.int(1, 9)}${digits(rand, 7)}`;
    const rest = weighted(body, [1, 4, 3, 7, 5, 8, 6, 9]) % 11;
    // The last weight is 10 ≡ −1 (mod 11): the last digit must equal the remainder.
    if (rest <= 9) return `${body.slice(0, 3)} ${body.slice(3, 6)} ${body.slice(6)}${rest}`;
  }
}

/** Brazil: nine digits and two mod-11 check digits; printed 000.000.000-00. */
export function brCpf(rand: Random): string {
  const check = (s: string) => ((weighted(s, [...s].map((_, i) => s.length + 1 - i)) * 10) % 11) % 10;
  const nine = `${rand.int(1, 9)}${digits(rand, 8)}`;
  const ten = `${nine}${check(nine)}`;
  const s = `${ten}${check(ten)}`;
  return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A birth date in one of the notations people use. */
export function birthDate(rand: Random): string {
  const [y, m, d] = [rand.int(1940, 2005), rand.int(1, 12), rand.int(1, 28)];
  return rand.pick([
    () => `${y}-${pad(m, 2)}-${pad(d, 2)}`,
    () => `${pad(d, 2)}.${pad(m, 2)}.${y}`,
    () => `${pad(m, 2)}/${pad(d, 2)}/${y}`,
    () => `${d} ${MONTH_NAMES[m - 1]} ${y}`,
    () => `${MONTH_NAMES[m - 1]} ${d}, ${y}`,
  ])();
}

/** A postal address of the US, the UK or Germany, with the country it was made for. */
export function postalAddress(rand: Random, country: 'US' | 'UK' | 'DE'): string {
  switch (country) {
    case 'US':
      return `${rand.int(1, 9999)} ${rand.pick(['Maple', 'Oak', 'Lincoln', 'Sunset', 'Cedar Hill'])} ${rand.pick(['Street', 'Avenue', 'Blvd', 'Drive'])}, ${rand.pick(['Springfield', 'Austin', 'San Diego', 'Portland'])}, ${rand.pick(['IL', 'TX', 'CA', 'OR'])} ${digits(rand, 5)}`;
    case 'UK':
      return `${rand.int(1, 250)} ${rand.pick(['Baker', 'Church', 'Station', 'Victoria'])} ${rand.pick(['Street', 'Road', 'Lane', 'Close'])}\n${rand.pick(['London', 'Leeds', 'Bristol', 'York'])}\n${rand.pick(['NW1 6XE', 'LS1 4AP', 'BS8 1TH', 'YO1 7HH'])}`;
    case 'DE':
      return `${rand.pick(['Haupt', 'Linden', 'Goethe', 'Bahnhof'])}${rand.pick(['straße', 'weg', 'allee'])} ${rand.int(1, 120)}, ${digits(rand, 5).replace(/^0/, '1')} ${rand.pick(['Berlin', 'München', 'Köln', 'Leipzig'])}`;
  }
}
