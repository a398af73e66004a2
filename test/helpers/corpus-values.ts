// Valid (and deliberately invalid) identifiers for generated test documents. The check digits are
// computed here from the published algorithms, independently of shared/engine/validators, so the
// corpus also cross-checks the validators.
import type { Random } from '../../bench/seeded-random.ts';

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = `${UPPER}abcdefghijklmnopqrstuvwxyz${DIGITS}`;

export function randomString(rand: Random, length: number, alphabet: string): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[rand.int(0, alphabet.length - 1)];
  return s;
}

const digits = (rand: Random, n: number) => randomString(rand, n, DIGITS);
const digitSum = (s: string, weight: (i: number) => number) => [...s].reduce((sum, ch, i) => sum + Number(ch) * weight(i), 0);

/** Luhn check digit for `payload` (the digits before it). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(payload[i]) * (double ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

const CARD_BRANDS = {
  visa: { prefixes: ['4'], length: 16 },
  mastercard: { prefixes: ['51', '52', '53', '54', '55', '2221', '2720'], length: 16 },
  amex: { prefixes: ['34', '37'], length: 15 },
  discover: { prefixes: ['6011', '65'], length: 16 },
  jcb: { prefixes: ['3528', '3589'], length: 16 },
} as const;
export type CardBrand = keyof typeof CARD_BRANDS;
export const CARD_BRAND_NAMES = Object.keys(CARD_BRANDS) as CardBrand[];

export function cardNumber(rand: Random, brand: CardBrand): string {
  const { prefixes, length } = CARD_BRANDS[brand];
  const prefix = rand.pick(prefixes);
  const body = prefix + digits(rand, length - 1 - prefix.length);
  return body + String(luhnCheckDigit(body));
}

/** Groups a card number as printed: 4-6-5 for 15 digits, else fours. */
export function formatCard(n: string, sep: ' ' | '-'): string {
  const parts = n.length === 15 ? [n.slice(0, 4), n.slice(4, 10), n.slice(10)] : (n.match(/.{1,4}/g) ?? []);
  return parts.join(sep);
}

/** A 16-digit number that passes Luhn and starts like a Visa card: indistinguishable without context. */
export function luhnValidSixteen(rand: Random): string {
  const body = `4${digits(rand, 14)}`;
  return body + String(luhnCheckDigit(body));
}

const BBAN: Record<string, (rand: Random) => string> = {
  DE: (r) => digits(r, 18),
  GB: (r) => randomString(r, 4, UPPER) + digits(r, 14),
  // French account numbers are digits, now and then with one letter inside.
  FR: (r) => digits(r, 10) + digits(r, 3) + (r.next() < 0.3 ? randomString(r, 1, UPPER) : digits(r, 1)) + digits(r, 7) + digits(r, 2),
  NL: (r) => randomString(r, 4, UPPER) + digits(r, 10),
  ES: (r) => digits(r, 20),
  IT: (r) => randomString(r, 1, UPPER) + digits(r, 10) + digits(r, 12),
  BE: (r) => digits(r, 12),
  CH: (r) => digits(r, 17),
  AT: (r) => digits(r, 16),
  PL: (r) => digits(r, 24),
};
export const IBAN_COUNTRIES = Object.keys(BBAN);

function mod97(numeric: string): number {
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  return rem;
}

const toNumeric = (s: string) => [...s].map((ch) => (/[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch)).join('');

export function iban(rand: Random, country: string): string {
  const bban = BBAN[country]!(rand);
  const check = 98 - mod97(toNumeric(`${bban}${country}00`));
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

/** An IBAN with its check digits off by one: the right shape, a wrong checksum. */
export function ibanWithBadCheck(rand: Random, country: string): string {
  const good = iban(rand, country);
  const check = (Number(good.slice(2, 4)) % 97) + 1;
  return `${good.slice(0, 2)}${String(check).padStart(2, '0')}${good.slice(4)}`;
}

export const printIban = (s: string) => s.match(/.{1,4}/g)!.join(' ');

export function abaRouting(rand: Random): string {
  const prefix = rand.pick(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '21', '22', '26', '31', '32', '61', '67']);
  const body = prefix + digits(rand, 6);
  const partial = digitSum(body, (i) => [3, 7, 1][i % 3]!);
  return body + String((10 - (partial % 10)) % 10);
}

export function usSsn(rand: Random, sep: '-' | ' ' | ''): string {
  for (;;) {
    const area = rand.int(1, 899);
    if (area === 666 || area === 78 || area === 219 || area === 123 || area === 987) continue;
    const parts = [String(area).padStart(3, '0'), String(rand.int(1, 99)).padStart(2, '0'), String(rand.int(1, 9999)).padStart(4, '0')];
    return parts.join(sep);
  }
}

export function ukNino(rand: Random, spaced: boolean): string {
  const first = rand.pick([...'ABCEGHJKLMNOPRSTWXYZ']);
  for (;;) {
    const second = rand.pick([...'ABCEGHJKLMNPRSTWXYZ']);
    if (['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(first + second)) continue;
    const d = digits(rand, 6);
    const suffix = rand.pick([...'ABCD']);
    return spaced ? `${first}${second} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}` : `${first}${second}${d}${suffix}`;
  }
}

export function ukNhs(rand: Random, spaced: boolean): string {
  for (;;) {
    const body = String(rand.int(4, 7)) + digits(rand, 8);
    let check = 11 - (digitSum(body, (i) => 10 - i) % 11);
    if (check === 11) check = 0;
    if (check === 10) continue;
    const n = body + String(check);
    return spaced ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : n;
  }
}

/** German Steuer-IdNr: one digit twice among ten, the rest distinct, ISO 7064 MOD 11,10 check digit. */
export function deTaxId(rand: Random): string {
  for (;;) {
    const pool = [...DIGITS];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = rand.int(0, i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    const ten = [...pool.slice(0, 9), pool[rand.int(0, 8)]!];
    for (let i = ten.length - 1; i > 0; i--) {
      const j = rand.int(0, i);
      [ten[i], ten[j]] = [ten[j]!, ten[i]!];
    }
    if (ten[0] === '0') continue;
    let product = 10;
    for (const ch of ten) {
      let sum = (Number(ch) + product) % 10;
      if (sum === 0) sum = 10;
      product = (sum * 2) % 11;
    }
    const check = 11 - product === 10 ? 0 : 11 - product;
    return ten.join('') + String(check);
  }
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

export function esDni(rand: Random): string {
  const n = digits(rand, 8);
  return n + DNI_LETTERS[Number(n) % 23]!;
}

export function esNie(rand: Random): string {
  const lead = rand.int(0, 2);
  const n = digits(rand, 7);
  return 'XYZ'[lead]! + n + DNI_LETTERS[Number(`${lead}${n}`) % 23]!;
}

const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

export function itCodiceFiscale(rand: Random): string {
  const day = rand.int(1, 28) + (rand.next() < 0.5 ? 40 : 0);
  const body =
    randomString(rand, 6, 'BCDFGLMNPRSTVZ') +
    digits(rand, 2) +
    rand.pick([...'ABCDEHLMPRST']) +
    String(day).padStart(2, '0') +
    rand.pick([...'ADFHLMZ']) +
    digits(rand, 3);
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = body[i]!;
    const v = /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
    sum += i % 2 === 1 ? v : CF_ODD[v]!;
  }
  return body + String.fromCharCode(65 + (sum % 26));
}

export function plPesel(rand: Random): string {
  const year = rand.int(1940, 2015);
  const month = rand.int(1, 12) + (year >= 2000 ? 20 : 0);
  const body = String(year % 100).padStart(2, '0') + String(month).padStart(2, '0') + String(rand.int(1, 28)).padStart(2, '0') + digits(rand, 4);
  const sum = digitSum(body, (i) => [1, 3, 7, 9][i % 4]!);
  return body + String((10 - (sum % 10)) % 10);
}

export function passportNumber(rand: Random): string {
  return rand.pick([() => digits(rand, 9), () => `C${randomString(rand, 8, 'CFGHJKLMNPRTVWXYZ0123456789')}`, () => `${digits(rand, 2)}${randomString(rand, 2, UPPER)}${digits(rand, 5)}`])();
}

/** A random token body: letters and digits, high entropy. */
export const tokenBody = (rand: Random, n: number) => randomString(rand, n, ALNUM);

export function uuid(rand: Random): string {
  const h = (n: number) => randomString(rand, n, '0123456789abcdef');
  return `${h(8)}-${h(4)}-4${h(3)}-${rand.pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`;
}

export const gitSha = (rand: Random) => randomString(rand, 40, '0123456789abcdef');

export function isoTimestamp(rand: Random): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `20${p(rand.int(18, 27))}-${p(rand.int(1, 12))}-${p(rand.int(1, 28))}T${p(rand.int(0, 23))}:${p(rand.int(0, 59))}:${p(rand.int(0, 59))}${rand.pick(['Z', '.123Z', '+02:00'])}`;
}

export const semver = (rand: Random) => `${rand.int(0, 12)}.${rand.int(0, 30)}.${rand.int(0, 99)}${rand.pick(['', '-beta.1', '-rc.2', '+build.4471'])}`;

/** Sixteen random digits, with any first digit. */
export const randomSixteen = (rand: Random) => String(rand.int(1, 9)) + digits(rand, 15);

export function orderNumber(rand: Random): string {
  return rand.pick([() => `ORD-${rand.int(2019, 2027)}-${digits(rand, 6)}`, () => `PO-${digits(rand, 5)}`, () => `#${digits(rand, 9)}`, () => `SO${digits(rand, 8)}`])();
}
