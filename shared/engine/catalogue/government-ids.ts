// "Government identifiers" (Restricted): national ID, tax and social security numbers with their
// checksum validators, and passport numbers. Identifiers that are only a run of digits (SSN, NHS,
// DE tax ID, PESEL, DNI, passport) need a supporting word nearby; the ones with a distinctive
// shape (UK NINO, codice fiscale) count on their own and are boosted by one. Identifiers people
// type are matched in any case. More countries' identifiers are in national-ids.ts.
import type { CatalogueRule } from './catalogue-types.ts';
import { NATIONAL_IDS } from './national-ids.ts';

export const GOVERNMENT_IDS: CatalogueRule = {
  rule: {
    name: 'Government identifiers',
    description: 'Social security, national insurance, health service, tax and identity card numbers, and passport numbers.',
    label: 'Restricted',
    priority: 30,
    category: 'government-id',
  },
  detectors: [
    {
      pattern: {
        id: 'us-ssn',
        regex: '\\b[0-8][0-9]{2}[- .]?[0-9]{2}[- .]?[0-9]{4}\\b',
        validator: 'us_ssn',
        context: { keywords: ['SSN', 'social security', 'social security number', 'social security no', 'SS#'], window: 100, required: true },
      },
      summary: 'US Social Security numbers: area, group and serial rules, advertising and sample numbers refused.',
      notes: '3-2-4 with dashes, spaces or dots (the same separator throughout), or nine digits. "SSN" or "social security" within 100 characters is required.',
      examples: {
        match: ['SSN: 536-90-4399', 'Social Security Number 432 11 7755', 'SSN 536.90.4399'],
        no_match: [
          { text: 'SSN: 078-05-1120', why: 'the Woolworth wallet sample' },
          { text: 'SSN 666-12-3456', why: 'area 666 is never issued' },
          { text: 'Part 536-90-4399 in stock', why: 'no context' },
          { text: 'SSN 536-90.4399', why: 'mixed separators' },
        ],
      },
    },
    {
      pattern: {
        id: 'passport-number',
        // Lower case is spelled out rather than flagged `i`: recheck's fuzzer reports the `i` form as polynomial (it is not), which would refuse the catalogue at import.
        regex: '\\b(?:[A-Za-z]{1,2}[0-9]{6,8}|[0-9]{9}|[0-9]{2}[A-Za-z]{2}[0-9]{5}|[A-Za-z]{3}[0-9]{6}|[Cc][0-9CFGHJKLMNPRTVWXYZcfghjklmnprtvwxyz]{8})\\b',
        confidence: 'low',
        context: {
          keywords: ['passport', 'passport no', 'passport number', 'Reisepass', 'Reisepassnummer', 'Passnummer', 'Pass-Nr', 'passeport', 'pasaporte', 'passaporto', 'travel document'],
          window: 50,
          required: true,
        },
      },
      summary: 'Passport numbers in the common national formats (US, UK, DE, FR, ES, IT), next to a passport word.',
      notes: 'There is no checksum in the printed number, so a passport word within 50 characters is required; confidence is medium. Lower-case input counts.',
      examples: {
        match: ['Passport No.: 533380006', 'Reisepass C01X00T47', 'Numéro de passeport : 18RF12345', 'passportnumber ab1234567'],
        no_match: [
          { text: 'Order 533380006 shipped', why: 'no passport word' },
          { text: 'Passport office opening hours: 9 to 5', why: 'no passport-shaped number' },
        ],
      },
    },
    {
      pattern: {
        id: 'uk-nino',
        regex: '\\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\\b',
        flags: 'i',
        validator: 'uk_nino',
        context: { keywords: ['national insurance', 'national insurance number', 'NI number', 'NI no', 'NINO'] },
      },
      summary: 'UK National Insurance numbers: two-letter prefix rules, six digits, suffix A–D.',
      notes: 'Written together or in pairs with single spaces (AB 12 34 56 C), in any case. Counts without context; a national insurance word raises the confidence.',
      examples: {
        match: ['National Insurance number: AB 12 34 56 C', 'NINO JG103755A', 'ni number: jg103755a'],
        no_match: [
          { text: 'QQ 12 34 56 C', why: 'the placeholder prefix QQ is never issued' },
          { text: 'Form AB123456E', why: 'suffix beyond D' },
        ],
      },
    },
    {
      pattern: {
        id: 'uk-nhs',
        regex: '\\b[0-9]{3}(?: [0-9]{3} |-[0-9]{3}-|[0-9]{3})[0-9]{4}\\b',
        validator: 'uk_nhs',
        context: { keywords: ['NHS', 'NHS number', 'NHS no', 'national health service', 'health service number'], window: 100, required: true },
      },
      summary: 'UK NHS numbers: ten digits with the modulus-11 check digit.',
      notes: '3-3-4 with single spaces or dashes, or ten digits. "NHS" within 100 characters is required (most ten-digit numbers are phone numbers).',
      examples: {
        match: ['NHS number: 943 476 5919', 'NHS No 4010232137'],
        no_match: [
          { text: 'NHS number: 943 476 5918', why: 'fails modulus 11' },
          { text: 'Call 9434765919', why: 'no NHS context' },
        ],
      },
    },
    {
      pattern: {
        id: 'de-tax-id',
        regex: '\\b[1-9][0-9](?:[0-9]{9}| [0-9]{3} [0-9]{3} [0-9]{3})\\b',
        validator: 'de_tax_id',
        context: {
          keywords: ['Steuer-ID', 'Steuer-IdNr', 'Steueridentifikationsnummer', 'steuerliche Identifikationsnummer', 'Identifikationsnummer', 'IdNr', 'tax ID', 'TIN', 'tax identification number'],
          window: 100,
          required: true,
        },
      },
      summary: 'German tax identification numbers (Steuer-IdNr): eleven digits, digit-repetition rule, ISO 7064 check digit.',
      notes: 'Eleven digits, or 2-3-3-3 with single spaces. A tax-ID word within 100 characters is required.',
      examples: {
        match: ['Steuer-ID: 86095742719', 'Steuerliche Identifikationsnummer 65 929 970 489'],
        no_match: [
          { text: 'Steuer-ID: 86095742718', why: 'wrong check digit' },
          { text: 'Kundennummer 86095742719', why: 'no tax context' },
        ],
      },
    },
    {
      pattern: {
        id: 'es-dni-nie',
        regex: '\\b(?:[0-9]{7,8}|[0-9]{1,2}\\.[0-9]{3}\\.[0-9]{3}|[XYZ][ -]?[0-9]{7})[ -]?[A-Z]\\b',
        flags: 'i',
        validator: 'es_dni_nie',
        context: {
          keywords: ['DNI', 'NIE', 'NIF', 'D.N.I.', 'N.I.E.', 'documento nacional de identidad', 'número de identidad de extranjero', 'DNI/NIE'],
          window: 100,
          required: true,
        },
      },
      summary: 'Spanish DNI (8 digits, or 7 when the leading zero is dropped, and a letter) and NIE (X/Y/Z, 7 digits and a letter) with the mod-23 control letter.',
      notes: 'In any case; the letter may follow a single space or dash, and the digits may be grouped with dots as printed (12.345.678-Z). "DNI", "NIE" or "NIF" within 100 characters is required.',
      examples: {
        match: ['DNI: 12345678Z', 'NIE X1234567L', 'DNI 1234567L', 'NIF: 12.345.678-Z', 'nie x1234567l'],
        no_match: [
          { text: 'DNI: 12345678A', why: 'wrong control letter' },
          { text: 'Lote 12345678Z', why: 'no DNI context' },
        ],
      },
    },
    {
      pattern: {
        id: 'it-codice-fiscale',
        regex: '\\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\\b',
        flags: 'i',
        validator: 'it_codice_fiscale',
        context: { keywords: ['codice fiscale', 'C.F.', 'CF', 'tax code', 'cod. fisc.'] },
      },
      summary: 'Italian codice fiscale of a person: 16 characters, birth date fields, omocodia letters and the check letter.',
      notes: 'Any case, no separators. Counts without context; "codice fiscale" nearby raises the confidence.',
      examples: {
        match: ['Codice fiscale: RSSMRA85T10A562S', 'C.F. MRTMTT25D09F205Z'],
        no_match: [
          { text: 'RSSMRA85T10A562T', why: 'wrong check letter' },
          { text: 'ABCDEF12X34Y567Z', why: 'no such month letter' },
        ],
      },
    },
    {
      pattern: {
        id: 'pl-pesel',
        regex: '\\b[0-9]{11}\\b',
        validator: 'pl_pesel',
        context: { keywords: ['PESEL', 'numer PESEL', 'nr PESEL'], window: 100, required: true },
      },
      summary: 'Polish PESEL numbers: eleven digits encoding a real birth date, with the weighted check digit.',
      notes: '"PESEL" within 100 characters is required.',
      examples: {
        match: ['PESEL: 44051401359', 'nr PESEL 02070803628'],
        no_match: [
          { text: 'PESEL: 44051401358', why: 'wrong check digit' },
          { text: 'Zamówienie 44051401359', why: 'no PESEL context' },
        ],
      },
    },
    ...NATIONAL_IDS,
  ],
};
