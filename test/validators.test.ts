// Tests for the checksum/format validators in shared/engine/validators.

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  VALIDATORS,
  VALIDATOR_NAMES,
  IBAN_LENGTHS,
  isValidatorName,
  shannonEntropy,
  luhn,
  iban,
  usSsn,
  abaRouting,
  ukNhs,
  ukNino,
  deTaxId,
  esDniNie,
  itCodiceFiscale,
  plPesel,
} from '../shared/engine/validators/index.ts';
import type { ValidatorName } from '../shared/engine/validators/index.ts';
import { oneDigitChanges } from './helpers/digit-changes.ts';
import { moduleRegexes, unprovenRegexes, type Widening } from './helpers/regex-linearity.ts';


const GARBAGE: readonly string[] = [
  '',
  ' ',
  '-',
  '\u0000',
  '\u0000'.repeat(20),
  'null',
  'undefined',
  '💳💳💳💳💳💳💳💳💳💳💳💳💳',
  '\uD800\uDC00\uD800',
  '١٢٣٤٥٦٧٨٩٠١٢٣', // Arabic-Indic digits
  '４１１１１１１１１１１１１１１１', // full-width digits
  'a'.repeat(10_000),
  '9'.repeat(1_000_000),
  ' '.repeat(100),
  '<script>alert(1)</script>',
];


const VALIDATORS_MODULE = 'shared/engine/validators/index.ts';
/** Patterns recheck cannot read (a backreference), each with a proven form that takes every path it takes. */
const WIDENED: Readonly<Record<string, Widening>> = {
  '^(\\d)\\1+$': { form: '^\\d\\d+$', why: 'once (\\d) has matched one digit, \\1 matches that digit only, a subset of what \\d matches at the same place' },
};

describe('registry', () => {
  it('lists every validator by its rule name', () => {
    expect([...VALIDATOR_NAMES].sort()).toEqual(
      [
        'aba_routing',
        'au_tfn',
        'br_cpf',
        'ca_sin',
        'calendar_date',
        'fr_nir',
        'in_aadhaar',
        'in_pan',
        'gitlab_token',
        'slack_token',
        'jwt',
        'nl_bsn',
        'payment_card',
        'phone_number',
        'se_personnummer',
        'de_tax_id',
        'es_dni_nie',
        'iban',
        'it_codice_fiscale',
        'luhn',
        'pl_pesel',
        'uk_nhs',
        'uk_nino',
        'us_ssn',
      ].sort(),
    );
    for (const name of VALIDATOR_NAMES) expect(typeof VALIDATORS[name]).toBe('function');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(VALIDATORS)).toBe(true);
    expect(Object.isFrozen(VALIDATOR_NAMES)).toBe(true);
    expect(Object.isFrozen(IBAN_LENGTHS)).toBe(true);
  });

  it('recognises validator names', () => {
    expect(isValidatorName('luhn')).toBe(true);
    expect(isValidatorName('pl_pesel')).toBe(true);
    expect(isValidatorName('toString')).toBe(false);
    expect(isValidatorName('__proto__')).toBe(false);
    expect(isValidatorName('LUHN')).toBe(false);
  });

  it.each(VALIDATOR_NAMES.map((n) => [n] as [ValidatorName]))('%s returns false on garbage without throwing', (name) => {
    const v = VALIDATORS[name];
    for (const g of GARBAGE) expect(v(g)).toBe(false);
  });

  it.each(VALIDATOR_NAMES.map((n) => [n] as [ValidatorName]))('%s never throws on arbitrary strings', (name) => {
    const v = VALIDATORS[name];
    const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    const digitish = fc.constantFrom(...'0123456789 -.ABCXYZ'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: anyUnit }), fc.string({ unit: 'binary' }), fc.string({ unit: digitish, maxLength: 40 })), (s) => {
        expect(typeof v(s)).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it.each(VALIDATOR_NAMES.map((n) => [n] as [ValidatorName]))('%s handles non-string input without throwing', (name) => {
    const v = VALIDATORS[name] as (raw: unknown) => boolean;
    for (const x of [undefined, null, 42, {}, []]) expect(v(x)).toBe(false);
  });

  it('refuses huge inputs', () => {
    const huge = '4111 '.repeat(200_000);
    for (const name of VALIDATOR_NAMES) expect(VALIDATORS[name](huge), name).toBe(false);
  });

  // Linear time is shown by proof, not by a stopwatch on a shared host: every regex the validators
  // (and what they import) run is proven free of catastrophic backtracking, or reads a bounded
  // prefix, or is covered by a proven wider form (WIDENED).
  it('run only regexes shown free of catastrophic backtracking (no wall-clock bound)', () => {
    const { regexes } = moduleRegexes(VALIDATORS_MODULE);
    expect(regexes.length).toBeGreaterThan(20);
    for (const source of Object.keys(WIDENED)) expect(regexes.map((r) => r.source), `WIDENED entry still in use: ${source}`).toContain(source);
    expect(unprovenRegexes(VALIDATORS_MODULE, WIDENED)).toEqual([]);
  }, 300_000);
});

describe('luhn', () => {
  const valid = [
    '4111111111111111', // Visa
    '4012888888881881', // Visa
    '4222222222222', // Visa, 13 digits
    '5555555555554444', // Mastercard
    '378282246310005', // Amex, 15 digits
    '6011111111111117', // Discover
    '30569309025904', // Diners, 14 digits
    '3530111333300000', // JCB
    '6011000000000000001', // 19 digits
  ];

  it.each(valid)('accepts %s', (n) => expect(luhn(n)).toBe(true));

  it('accepts space and dash separators', () => {
    expect(luhn('4111 1111 1111 1111')).toBe(true);
    expect(luhn('4111-1111-1111-1111')).toBe(true);
    expect(luhn('3782 822463 10005')).toBe(true);
  });

  it('rejects every single-digit change', () => {
    for (const n of valid) for (const bad of oneDigitChanges(n)) expect(luhn(bad)).toBe(false);
  });

  it('rejects wrong lengths', () => {
    expect(luhn('424242424242')).toBe(false); // 12 digits
    expect(luhn('79927398713')).toBe(false); // valid Luhn but only 11 digits
    expect(luhn('41111111111111111113')).toBe(false); // 20 digits
  });

  it('rejects all-same-digit strings even when the checksum passes', () => {
    expect(luhn('0000000000000000')).toBe(false);
    expect(luhn('0000 0000 0000 0000')).toBe(false);
    expect(luhn('5555555555555')).toBe(false);
  });

  it('rejects bad separators and other characters', () => {
    expect(luhn('4111.1111.1111.1111')).toBe(false);
    expect(luhn('4111  1111 1111 1111')).toBe(false);
    expect(luhn(' 4111111111111111')).toBe(false);
    expect(luhn('4111111111111111-')).toBe(false);
    expect(luhn('4111 1111-1111 1111')).toBe(false);
    expect(luhn('4111x11111111111')).toBe(false);
  });
});

describe('iban', () => {
  const valid = [
    'DE89370400440532013000',
    'GB82WEST12345698765432',
    'GB29NWBK60161331926819',
    'FR1420041010050500013M02606',
    'ES9121000418450200051332',
    'IT60X0542811101000000123456',
    'NL91ABNA0417164300',
    'BE68539007547034',
    'CH9300762011623852957',
    'AT611904300234573201',
    'PL61109010140000071219812874',
    'NO9386011117947', // shortest (15)
    'MT84MALT011000012345MTLCAST001S',
    'LC55HEMM000100010012001200023015', // 32
    'RU0204452560040702810412345678901', // 33
    'SD2129010501234001',
    'YE15CBYE0001018861234567891234',
  ];

  it.each(valid)('accepts %s', (s) => expect(iban(s)).toBe(true));

  it('accepts the print format in groups of four and lower case', () => {
    expect(iban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(iban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(iban('fr14 2004 1010 0505 0001 3m02 606')).toBe(true);
  });

  it('rejects every single-digit change', () => {
    for (const s of valid) for (const bad of oneDigitChanges(s)) expect(iban(bad)).toBe(false);
  });

  it('rejects wrong lengths for the country', () => {
    expect(iban('DE8937040044053201300')).toBe(false);
    expect(iban('DE893704004405320130000')).toBe(false);
    // GB IBAN body with a DE country code: right length for DE but wrong checksum
    expect(iban('DE82WEST12345698765432')).toBe(false);
  });

  it('rejects unknown countries and malformed prefixes', () => {
    expect(iban('XX89370400440532013000')).toBe(false);
    expect(iban('US64SVBKUS6S3300958879')).toBe(false);
    expect(iban('D189370400440532013000')).toBe(false);
    expect(iban('DEX9370400440532013000')).toBe(false);
  });

  it('rejects bad grouping and other separators', () => {
    expect(iban('DE89-3704-0044-0532-0130-00')).toBe(false);
    expect(iban('DE 89 37 04 00 44 05 32 01 30 00')).toBe(false);
    expect(iban('DE89  3704 0044 0532 0130 00')).toBe(false);
    expect(iban(' DE89370400440532013000')).toBe(false);
    expect(iban('DE89370400440532013000 ')).toBe(false);
    expect(iban('DE89.3704.0044.0532.0130.00')).toBe(false);
  });

  it('has a length for each main SEPA country', () => {
    const expected: Record<string, number> = { DE: 22, GB: 22, FR: 27, ES: 24, IT: 27, NL: 18, BE: 16, CH: 21, AT: 20, PL: 28 };
    for (const [cc, len] of Object.entries(expected)) expect(IBAN_LENGTHS[cc]).toBe(len);
    for (const len of Object.values(IBAN_LENGTHS)) {
      expect(len).toBeGreaterThanOrEqual(15);
      expect(len).toBeLessThanOrEqual(34);
    }
  });
});

describe('us_ssn', () => {
  it('accepts well-formed numbers with or without separators', () => {
    expect(usSsn('536-22-1234')).toBe(true);
    expect(usSsn('536221234')).toBe(true);
    expect(usSsn('536 22 1234')).toBe(true);
    expect(usSsn('001-01-0001')).toBe(true);
    expect(usSsn('899-99-9999')).toBe(true);
  });

  it('rejects impossible areas, groups and serials', () => {
    expect(usSsn('000-12-3456')).toBe(false);
    expect(usSsn('666-12-3456')).toBe(false);
    expect(usSsn('900-12-3456')).toBe(false);
    expect(usSsn('999-12-3456')).toBe(false);
    expect(usSsn('536-00-1234')).toBe(false);
    expect(usSsn('536-22-0000')).toBe(false);
  });

  it('rejects well-known sample numbers', () => {
    expect(usSsn('078-05-1120')).toBe(false);
    expect(usSsn('078051120')).toBe(false);
    expect(usSsn('219-09-9999')).toBe(false);
    expect(usSsn('123-45-6789')).toBe(false);
    for (let i = 0; i <= 9; i++) expect(usSsn(`987-65-432${i}`)).toBe(false);
  });

  it('rejects wrong shapes', () => {
    expect(usSsn('53-622-1234')).toBe(false);
    expect(usSsn('5362-2-1234')).toBe(false);
    expect(usSsn('536-22-123')).toBe(false);
    expect(usSsn('5362212345')).toBe(false);
    expect(usSsn('536-22 1234')).toBe(false);
    expect(usSsn('536.22-1234')).toBe(false);
    expect(usSsn('536-2A-1234')).toBe(false);
  });

  it('accepts dots as the one separator, as other detectors’ suites write SSNs (536.22.1234)', () => {
    expect(usSsn('536.22.1234')).toBe(true);
    expect(usSsn('078.05.1120')).toBe(false); // the Woolworth sample, however it is written
  });
});

describe('aba_routing', () => {
  const valid = ['011000015', '021000021', '111000025', '121000358', '322271627'];

  it.each(valid)('accepts %s', (s) => expect(abaRouting(s)).toBe(true));

  it('rejects every single-digit change', () => {
    // A one-digit change breaks the 3-7-1 checksum (weights are coprime to 10).
    for (const s of valid) for (const bad of oneDigitChanges(s)) expect(abaRouting(bad)).toBe(false);
  });

  it('rejects prefixes outside the Federal Reserve ranges even with a valid checksum', () => {
    // 3·(1+0+0)+7·(3+0+0)+(0+0+6) = 30
    expect(abaRouting('130000006')).toBe(false); // prefix 13
    // 3·(4+0+0)+7·(0+0+0)+(0+0+8) = 20
    expect(abaRouting('400000008')).toBe(false); // prefix 40
    // 3·(8+0+0)+7·(1+0+0)+(0+0+9) = 40
    expect(abaRouting('810000009')).toBe(false); // prefix 81
    // 3·(8+0+0)+7·(0+0+0)+(0+0+6) = 30
    expect(abaRouting('800000006')).toBe(true); // prefix 80 (traveller's cheques)
    expect(abaRouting('000000000')).toBe(false);
  });

  it('rejects wrong lengths and separators', () => {
    expect(abaRouting('01100001')).toBe(false);
    expect(abaRouting('0110000150')).toBe(false);
    expect(abaRouting('011 000 015')).toBe(false);
    expect(abaRouting('011-000-015')).toBe(false);
    expect(abaRouting('0110 0001 5')).toBe(false);
    expect(abaRouting('01100-0015')).toBe(false);
  });

  it('accepts the 4-4-1 print form with dashes, checked like the nine digits', () => {
    expect(abaRouting('0110-0001-5')).toBe(true);
    expect(abaRouting('3222-7162-7')).toBe(true);
    expect(abaRouting('3222-7162-8')).toBe(false);
  });
});

describe('uk_nhs', () => {
  const valid = ['9434765919', '4010232137'];

  it.each(valid)('accepts %s', (s) => expect(ukNhs(s)).toBe(true));

  it('accepts the 3-3-4 spaced form', () => {
    expect(ukNhs('943 476 5919')).toBe(true);
    expect(ukNhs('401 023 2137')).toBe(true);
  });

  it('rejects every single-digit change', () => {
    for (const s of valid) for (const bad of oneDigitChanges(s)) expect(ukNhs(bad)).toBe(false);
  });

  it('rejects numbers whose check digit would be 10', () => {
    // 0·10 + … + 0·3 + 6·2 = 12; 12 mod 11 = 1; 11 − 1 = 10 → no tenth digit can be valid
    for (let d = 0; d <= 9; d++) expect(ukNhs(`000000006${d}`)).toBe(false);
  });

  it('rejects wrong lengths and groupings', () => {
    expect(ukNhs('943476591')).toBe(false);
    expect(ukNhs('94347659190')).toBe(false);
    expect(ukNhs('9434 765 919')).toBe(false);
    expect(ukNhs('943-476 5919')).toBe(false);
    expect(ukNhs('943-476-5919')).toBe(true);
    expect(ukNhs('943 4765919')).toBe(false);
  });
});

describe('uk_nino', () => {
  it('accepts valid numbers with or without spaces', () => {
    expect(ukNino('AB123456C')).toBe(true);
    expect(ukNino('AB 12 34 56 C')).toBe(true);
    expect(ukNino('AB 123456 D')).toBe(true);
    expect(ukNino('ce123456a')).toBe(true);
    expect(ukNino('JZ000000B')).toBe(true);
  });

  it('rejects forbidden first letters', () => {
    for (const a of 'DFIQUV') expect(ukNino(`${a}A123456C`)).toBe(false);
  });

  it('rejects forbidden second letters', () => {
    for (const b of 'DFIOQUV') expect(ukNino(`A${b}123456C`)).toBe(false);
  });

  it('rejects forbidden prefixes', () => {
    for (const p of ['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']) expect(ukNino(`${p}123456C`)).toBe(false);
    expect(ukNino('QQ123456C')).toBe(false); // HMRC's documentation example is never issued
  });

  it('rejects bad suffixes, lengths and shapes', () => {
    expect(ukNino('AB123456E')).toBe(false);
    expect(ukNino('AB123456')).toBe(false);
    expect(ukNino('AB1234567C')).toBe(false);
    expect(ukNino('AB12345C')).toBe(false);
    expect(ukNino('A1B23456C')).toBe(false);
    expect(ukNino('AB-12-34-56-C')).toBe(false);
    expect(ukNino('AB  123456C')).toBe(false);
  });
});

describe('de_tax_id', () => {
  const valid = [
    '36574261809',
    '86095742719',
    '12345678995', // 9 twice
    '11234567890', // 1 twice, adjacent
    '11213456783', // 1 three times, not all adjacent (allowed since 2016)
  ];

  it.each(valid)('accepts %s', (s) => expect(deTaxId(s)).toBe(true));

  it('accepts the grouped 2-3-3-3 form', () => {
    expect(deTaxId('36 574 261 809')).toBe(true);
    expect(deTaxId('86 095 742 719')).toBe(true);
  });

  it('rejects every single-digit change', () => {
    for (const s of valid) for (const bad of oneDigitChanges(s)) expect(deTaxId(bad)).toBe(false);
  });

  it('rejects a wrong check digit', () => {
    expect(deTaxId('36574261890')).toBe(false);
    expect(deTaxId('36574261800')).toBe(false);
  });

  it('enforces the digit-repetition rule (the check digits below are correct)', () => {
    expect(deTaxId('12345678903')).toBe(false); // no repeated digit
    expect(deTaxId('65251714938')).toBe(false); // two different repeated digits
    expect(deTaxId('36554266806')).toBe(false); // more digits repeated
    expect(deTaxId('11123456786')).toBe(false); // a triple in three consecutive positions
  });

  it('rejects a leading zero (test numbers), wrong lengths and groupings', () => {
    expect(deTaxId('02476291358')).toBe(false);
    expect(deTaxId('3657426180')).toBe(false);
    expect(deTaxId('365742618090')).toBe(false);
    expect(deTaxId('365 742 618 09')).toBe(false);
    expect(deTaxId('36 574-261 809')).toBe(false);
  });
});

describe('es_dni_nie', () => {
  const valid = ['12345678Z', '87654321X', '11111111H', 'X1234567L', 'Y1234567X', 'Z1234567R'];

  it.each(valid)('accepts %s', (s) => expect(esDniNie(s)).toBe(true));

  it('accepts separators and lower case', () => {
    expect(esDniNie('12345678-Z')).toBe(true);
    expect(esDniNie('12.345.678-Z')).toBe(true);
    expect(esDniNie('12345678 z')).toBe(true);
    expect(esDniNie('X-1234567-L')).toBe(true);
    expect(esDniNie('x1234567l')).toBe(true);
  });

  it('rejects every single-digit change', () => {
    for (const s of valid) for (const bad of oneDigitChanges(s)) expect(esDniNie(bad)).toBe(false);
  });

  it('rejects a wrong letter', () => {
    expect(esDniNie('12345678A')).toBe(false);
    expect(esDniNie('X1234567Z')).toBe(false);
    expect(esDniNie('12345678U')).toBe(false); // U is not a control letter
  });

  it('rejects wrong shapes', () => {
    expect(esDniNie('1234567Z')).toBe(false);
    expect(esDniNie('123456789Z')).toBe(false);
    expect(esDniNie('W1234567L')).toBe(false);
    expect(esDniNie('X12345678L')).toBe(false);
    expect(esDniNie('123456789')).toBe(false);
    expect(esDniNie('12345678--Z')).toBe(false);
  });
});

describe('it_codice_fiscale', () => {
  const valid = ['RSSMRA85T10A562S', 'MRTMTT91D08F205J'];
  // Omocodia: digits replaced from the right by L M N P Q R S T U V, check letter recomputed.
  const omocodes = [
    'RSSMRA85T10A56NH',
    'RSSMRA85T10A5RNS',
    'RSSMRA85T10AQRNL',
    'RSSMRA85T1MAQRNC',
    'RSSMRAUNTLMAQRNR',
  ];

  it.each([...valid, ...omocodes])('accepts %s', (s) => expect(itCodiceFiscale(s)).toBe(true));

  it('accepts lower case', () => {
    expect(itCodiceFiscale('rssmra85t10a562s')).toBe(true);
  });

  it('rejects every single-digit change', () => {
    for (const s of valid) for (const bad of oneDigitChanges(s)) expect(itCodiceFiscale(bad)).toBe(false);
  });

  it('rejects a wrong check letter', () => {
    expect(itCodiceFiscale('RSSMRA85T10A562T')).toBe(false);
    expect(itCodiceFiscale('RSSMRA85T10A56NS')).toBe(false);
  });

  it('rejects omocodia that does not start from the rightmost digit (check letter otherwise correct)', () => {
    expect(itCodiceFiscale('RSSMRA85T10A5R2D')).toBe(false);
  });

  it('rejects invalid months, days and shapes', () => {
    expect(itCodiceFiscale('RSSMRA85F10A562S')).toBe(false); // F is not a month letter
    expect(itCodiceFiscale('RSSMRA85T32A562S')).toBe(false);
    expect(itCodiceFiscale('RSSMRA85T00A562S')).toBe(false);
    expect(itCodiceFiscale('RSSMRA85T10A562')).toBe(false);
    expect(itCodiceFiscale('RSSMRA85T10A562SX')).toBe(false);
    expect(itCodiceFiscale('RSS MRA 85T10 A562S')).toBe(false);
    expect(itCodiceFiscale('1SSMRA85T10A562S')).toBe(false);
    expect(itCodiceFiscale('RSSMRA85TA0A562S')).toBe(false); // A is not an omocodia letter
  });
});

describe('pl_pesel', () => {
  const valid = [
    '44051401359', // 1944-05-14
    '02070803628', // 1902-07-08
    '80010100000', // 1980-01-01
    '02210100008', // 2002-01-01 (month + 20)
  ];

  it.each(valid)('accepts %s', (s) => expect(plPesel(s)).toBe(true));

  it('rejects every single-digit change that keeps a valid date', () => {
    for (const s of valid) for (const bad of oneDigitChanges(s)) expect(plPesel(bad)).toBe(false);
  });

  it('decodes every century offset', () => {
    expect(plPesel('00922500002')).toBe(true); // 1800-12-25 (month + 80)
    expect(plPesel('99122500002')).toBe(true); // 1999-12-25
    expect(plPesel('00222900009')).toBe(true); // 2000-02-29 (leap year)
    expect(plPesel('00410100000')).toBe(true); // 2100-01-01 (month + 40)
    expect(plPesel('00610100006')).toBe(true); // 2200-01-01 (month + 60)
  });

  it('rejects dates that do not exist (check digits below are correct)', () => {
    expect(plPesel('00022900003')).toBe(false); // 1900-02-29
    expect(plPesel('99022900007')).toBe(false); // 1999-02-29
    expect(plPesel('00822900007')).toBe(false); // 1800-02-29
    expect(plPesel('04023000007')).toBe(false); // 1904-02-30
    expect(plPesel('00130100003')).toBe(false); // month 13
    expect(plPesel('00930100007')).toBe(false); // month 93
    expect(plPesel('00010000001')).toBe(false); // day 0
  });

  it('rejects wrong lengths and separators', () => {
    expect(plPesel('4405140135')).toBe(false);
    expect(plPesel('440514013590')).toBe(false);
    expect(plPesel('440514 01359')).toBe(false);
    expect(plPesel('44051401359 ')).toBe(false);
  });
});

describe('shannonEntropy', () => {
  it('is 0 for empty and constant strings', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('a')).toBe(0);
    expect(shannonEntropy('aaaaaaaa')).toBe(0);
  });

  it('is log2 of the alphabet size for uniform strings', () => {
    expect(shannonEntropy('ab')).toBeCloseTo(1, 12);
    expect(shannonEntropy('abcd')).toBeCloseTo(2, 12);
    expect(shannonEntropy('0123456789abcdef')).toBeCloseTo(4, 12);
    expect(shannonEntropy('aabbccdd')).toBeCloseTo(2, 12);
  });

  it('matches −Σ p log2 p for a skewed distribution', () => {
    // p = 3/4, 1/4
    const expected = -(0.75 * Math.log2(0.75) + 0.25 * Math.log2(0.25));
    expect(shannonEntropy('aaab')).toBeCloseTo(expected, 12);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(shannonEntropy('😀😀')).toBe(0);
    expect(shannonEntropy('😀😁')).toBeCloseTo(1, 12);
  });

  it('stays within [0, log2(length)] on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const h = shannonEntropy(s);
        const n = Array.from(s).length;
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(n === 0 ? 0 : Math.log2(n) + 1e-9);
      }),
      { numRuns: 200 },
    );
  });
});
