// The validators added for detection round 2 (issue #16): payment card issuer ranges, JWT
// structure, national identifiers of more countries, calendar dates and phone numbers. Each with
// published or computed valid values, every one-digit change of them, and garbage.
import { describe, expect, it } from 'vitest';
import {
  auTfn, brCpf, caSin, calendarDate, frNir, inAadhaar, inPan, jwt, nlBsn, paymentCard, phoneNumber, sePersonnummer, VALIDATORS,
} from '../shared/engine/validators/index.ts';
import { oneDigitChanges } from './helpers/digit-changes.ts';


const GARBAGE = ['', ' ', '-', '\u0000'.repeat(20), '💳'.repeat(13), '١٢٣٤٥٦٧٨٩٠١٢', '４１１１１１１１１１１１１１１１', 'a'.repeat(10_000), '9'.repeat(100_000), '<script>alert(1)</script>'];

/** Validators whose check digit catches every single-digit error. */
const CHECKED: readonly [string, (s: string) => boolean, readonly string[]][] = [
  ['payment_card', paymentCard, ['4111111111111111', '6761 3412 3456 7802', '5019-3412-3456-7804', '1100 12345 678900', '2200031234567807']],
  ['fr_nir', frNir, ['2 55 08 14 168 025 38', '189057511209385', '255081416802538']],
  ['nl_bsn', nlBsn, ['111222333', '123456782', '2374.01.204']],
  ['se_personnummer', sePersonnummer, ['811228-9874', '8112289874', '900315-2304']],
  ['in_aadhaar', inAadhaar, ['4987 1234 0004', '498712340015']],
  ['ca_sin', caSin, ['130 692 502', '130-692-510']],
  ['br_cpf', brCpf, ['529.982.247-25', '38472190064']],
];

describe.each(CHECKED)('%s', (_name, validate, valid) => {
  it('accepts valid values', () => {
    for (const v of valid) expect(validate(v), v).toBe(true);
  });
  it('refuses every one-digit change', () => {
    for (const v of valid) for (const changed of oneDigitChanges(v)) if (validate(changed)) expect.soft(changed, `from ${v}`).toBe('rejected');
  });
});

describe('every validator', () => {
  it.each(Object.entries(VALIDATORS))('%s never throws and refuses garbage', (_name, validate) => {
    for (const g of GARBAGE) expect(validate(g)).toBe(false);
    expect(validate(undefined as unknown as string)).toBe(false);
  });
});

describe('payment_card', () => {
  it('refuses numbers outside every scheme’s IIN range or length', () => {
    expect(paymentCard('7000123456789017')).toBe(false); // no scheme starts with 7
    expect(paymentCard('1234567890123452')).toBe(false); // UATP is 15 digits
    expect(paymentCard('378282246310005')).toBe(true);
    expect(paymentCard('3782822463100050')).toBe(false); // Amex is 15 digits
    expect(paymentCard('4111 1111-1111 1111')).toBe(false); // mixed separators
  });
});

describe('jwt', () => {
  const b64 = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
  it('accepts a header and payload that are JSON objects, with an algorithm and a signature', () => {
    expect(jwt(`${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ sub: 'ü' })}.c2ln`)).toBe(true);
  });
  it('refuses non-JSON parts, arrays, a missing or "none" algorithm, a missing signature, bad base64url', () => {
    expect(jwt(`${b64('{"alg":"HS256"')}.${b64({ sub: 1 })}.c2ln`)).toBe(false);
    expect(jwt(`${b64([1])}.${b64({ sub: 1 })}.c2ln`)).toBe(false);
    expect(jwt(`${b64({ typ: 'JWT' })}.${b64({ sub: 1 })}.c2ln`)).toBe(false);
    expect(jwt(`${b64({ alg: 'none' })}.${b64({ sub: 1 })}.c2ln`)).toBe(false);
    expect(jwt(`${b64({ alg: 'HS256' })}.${b64('"text"')}.c2ln`)).toBe(false);
    expect(jwt(`${b64({ alg: 'HS256' })}.${b64({ sub: 1 })}.`)).toBe(false);
    expect(jwt(`${b64({ alg: 'HS256' })}.${b64({ sub: 1 })}.c2l+`)).toBe(false);
    expect(jwt(`${b64({ alg: 'HS256' })}.${b64({ sub: 1 })}`)).toBe(false);
    expect(jwt(`${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}.${b64({ sub: 1 })}.c2ln`)).toBe(false);
  });
});

describe('in_pan', () => {
  it('needs a holder-type fourth letter and digits in places 6–9', () => {
    for (const v of ['ABCPE1234F', 'aafcb9876k', 'ZZZTZ0001Z']) expect(inPan(v), v).toBe(true);
    for (const v of ['ABCDE1234F', 'ABCPE0000F', 'ABCPE123AF', 'ABCPE1234', '1BCPE1234F']) expect(inPan(v), v).toBe(false);
  });
});

describe('au_tfn', () => {
  it('checks nine- and eight-digit numbers with their weights', () => {
    for (const v of ['123 456 782', '876543210', '459-381-105']) expect(auTfn(v), v).toBe(true);
    for (const v of ['123 456 789', '111111111', '12345678', '123 456-782']) expect(auTfn(v), v).toBe(false);
  });
});

describe('calendar_date', () => {
  it('accepts dates that exist in the common notations and languages', () => {
    for (const v of ['1985-03-12', '12.03.1985', '12/31/1979', '31/12/1979', '3 May 1990', '3rd of May 1990', 'March 12, 1985', '12. März 1985', '12 de marzo de 1985', '29.02.2000', '1 juillet 1962']) {
      expect(calendarDate(v), v).toBe(true);
    }
  });
  it('refuses days that do not exist, two-digit years and years outside 1900–2099', () => {
    for (const v of ['1985-02-30', '31.31.1985', '29.02.1900', '12.03.85', '1850-01-01', '2100-01-01', '12 Smarch 1985', '0.0.2000']) expect(calendarDate(v), v).toBe(false);
  });
});

describe('phone_number', () => {
  it('accepts international numbers and national ones in a country that writes them so', () => {
    for (const v of ['+44 20 7946 0958', '0049 30 1234567', '030 1234567', '089 123456', '06 12 34 56 78', '(212) 555-0199', '612 345 678']) expect(phoneNumber(v), v).toBe(true);
  });
  it('refuses fictional, too short and date-like numbers', () => {
    for (const v of ['(555) 010-9999', '+1 555 010 9999', '+44 20 7946', '2026-03-14', '123', `+${'1'.repeat(60)}`]) expect(phoneNumber(v), v).toBe(false);
  });
});
