// National identifiers of more countries for the "Government identifiers" rule: France's NIR, the
// Netherlands' BSN, Sweden's personnummer, India's Aadhaar and PAN, Canada's SIN, Australia's TFN
// and Brazil's CPF. Each has a check digit (PAN: a holder-type letter) and needs a word naming it
// nearby, because most are runs of digits that other numbers share.
import type { PatternDetector } from './catalogue-types.ts';

export const NATIONAL_IDS: readonly PatternDetector[] = [
  {
    pattern: {
      id: 'fr-nir',
      regex: '\\b[1-478] ?[0-9]{2} ?(?:0[1-9]|1[0-2]|[2-9][0-9]) ?(?:[0-9]{2}|2[ABab]) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}\\b',
      validator: 'fr_nir',
      context: {
        // ASCII only, so the engine's keyword prefilter can skip documents without one: "sociale" covers "sécurité sociale".
        keywords: ['NIR', 'securite sociale', 'sociale', 'INSEE', 'carte vitale', 'NSS', 'social security number'],
        window: 100,
        required: true,
      },
    },
    summary: 'French social security numbers (NIR / numéro INSEE): sex, year, month, département (2A/2B for Corsica), commune, order number and the mod-97 key.',
    notes: 'Fifteen characters, together or in the printed groups 1 84 12 76 451 089 46. A word such as NIR, sécurité sociale or carte vitale within 100 characters is required.',
    examples: {
      match: ['Numéro de sécurité sociale : 2 55 08 14 168 025 38', 'NIR 189057511209385'],
      no_match: [
        { text: 'NIR 2 55 08 14 168 025 39', why: 'wrong key' },
        { text: 'Référence 2 55 08 14 168 025 38', why: 'no NIR word' },
      ],
    },
  },
  {
    pattern: {
      id: 'nl-bsn',
      regex: '\\b(?:[0-9]{9}|[0-9]{4}\\.[0-9]{2}\\.[0-9]{3}|[0-9]{3} [0-9]{3} [0-9]{3})\\b',
      validator: 'nl_bsn',
      context: { keywords: ['BSN', 'burgerservicenummer', 'sofinummer', 'sofi-nummer', 'citizen service number'], window: 100, required: true },
    },
    summary: 'Dutch citizen service numbers (burgerservicenummer, BSN): nine digits passing the 11-test.',
    notes: 'Nine digits, 1234.56.789 or 123 456 789. "BSN" or "burgerservicenummer" within 100 characters is required.',
    examples: {
      match: ['BSN: 111222333', 'Burgerservicenummer 2374.01.204'],
      no_match: [
        { text: 'BSN: 111222334', why: 'fails the 11-test' },
        { text: 'Factuur 111222333', why: 'no BSN word' },
      ],
    },
  },
  {
    pattern: {
      id: 'se-personnummer',
      regex: '\\b(?:19|20)?[0-9]{6}[-+]?[0-9]{4}\\b',
      validator: 'se_personnummer',
      context: { keywords: ['personnummer', 'personnr', 'pers.nr', 'samordningsnummer', 'personal identity number'], window: 100, required: true },
    },
    summary: 'Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer): a real birth date and the Luhn check digit.',
    notes: 'YYMMDD-NNNC, YYMMDD+NNNC (100 years or older), YYYYMMDDNNNC or without the dash. "Personnummer" within 100 characters is required.',
    examples: {
      match: ['Personnummer: 811228-9874', 'personnr 19900315-2304'],
      no_match: [
        { text: 'Personnummer: 811228-9873', why: 'wrong check digit' },
        { text: 'Order 811228-9874', why: 'no personnummer word' },
      ],
    },
  },
  {
    pattern: {
      id: 'in-aadhaar',
      regex: '\\b[2-9][0-9]{3}(?:[0-9]{8}| [0-9]{4} [0-9]{4}|-[0-9]{4}-[0-9]{4})\\b',
      validator: 'in_aadhaar',
      context: { keywords: ['Aadhaar', 'Aadhar', 'UIDAI', 'UID', 'unique identification'], window: 100, required: true },
    },
    summary: 'Indian Aadhaar numbers: twelve digits not starting with 0 or 1, with the Verhoeff check digit.',
    notes: 'Twelve digits or 4-4-4 with spaces or dashes. "Aadhaar" or "UIDAI" within 100 characters is required.',
    examples: {
      match: ['Aadhaar: 4987 1234 0004', 'UIDAI number 498712340015'],
      no_match: [
        { text: 'Aadhaar: 4987 1234 0005', why: 'fails Verhoeff' },
        { text: 'Invoice 4987 1234 0004', why: 'no Aadhaar word' },
      ],
    },
  },
  {
    pattern: {
      id: 'in-pan',
      regex: '\\b[A-Za-z]{3}[ABCFGHJLPTabcfghjlpt][A-Za-z][0-9]{4}[A-Za-z]\\b',
      validator: 'in_pan',
      context: { keywords: ['PAN', 'PAN card', 'PAN no', 'permanent account number', 'income tax'], window: 100, required: true },
    },
    summary: 'Indian Permanent Account Numbers (PAN): five letters (the fourth names the holder type), four digits, a letter.',
    notes: 'There is no check digit, so "PAN", "permanent account number" or "income tax" within 100 characters is required. Lower-case input counts.',
    examples: {
      match: ['PAN: ABCPE1234F', 'Permanent Account Number aafcb9876k'],
      no_match: [
        { text: 'PAN: ABCDE1234F', why: 'D is not a holder type' },
        { text: 'Part ABCPE1234F', why: 'no PAN word' },
      ],
    },
  },
  {
    pattern: {
      id: 'ca-sin',
      regex: '\\b[1-79][0-9]{2}(?:[0-9]{6}| [0-9]{3} [0-9]{3}|-[0-9]{3}-[0-9]{3})\\b',
      validator: 'ca_sin',
      context: { keywords: ['SIN', 'social insurance number', 'social insurance', 'assurance sociale'], window: 100, required: true },
    },
    summary: 'Canadian Social Insurance Numbers: nine digits with the Luhn check; first digit 1–7 or 9.',
    notes: '123 456 782, 123-456-782 or nine digits. "SIN" or "social insurance" within 100 characters is required.',
    examples: {
      match: ['SIN: 130 692 502', 'Social insurance number 130-692-510'],
      no_match: [
        { text: 'SIN: 130 692 503', why: 'fails Luhn' },
        { text: 'SIN: 046 454 286', why: 'first digit 0 is never issued (the CRA’s sample)' },
      ],
    },
  },
  {
    pattern: {
      id: 'au-tfn',
      regex: '\\b[0-9]{3}(?:[0-9]{5,6}| [0-9]{3} [0-9]{2,3}|-[0-9]{3}-[0-9]{2,3})\\b',
      validator: 'au_tfn',
      context: { keywords: ['TFN', 'tax file number', 'tax file no'], window: 100, required: true },
    },
    summary: 'Australian Tax File Numbers: nine (or eight) digits with the weighted mod-11 check.',
    notes: '123 456 782, 123-456-782 or plain digits. "TFN" or "tax file number" within 100 characters is required.',
    examples: {
      match: ['Tax file number: 123 456 782', 'TFN 459381105'],
      no_match: [
        { text: 'TFN: 123 456 789', why: 'fails the check' },
        { text: 'Ticket 123 456 782', why: 'no TFN word' },
      ],
    },
  },
  {
    pattern: {
      id: 'br-cpf',
      regex: '\\b[0-9]{3}(?:\\.[0-9]{3}\\.[0-9]{3}-|[0-9]{6})[0-9]{2}\\b',
      validator: 'br_cpf',
      context: { keywords: ['CPF', 'CPF/MF', 'cadastro de pessoas', 'cadastro de pessoa'], window: 100, required: true },
    },
    summary: 'Brazilian CPF numbers (Cadastro de Pessoas Físicas): eleven digits with two mod-11 check digits.',
    notes: 'Printed 529.982.247-25 or eleven digits. "CPF" within 100 characters is required.',
    examples: {
      match: ['CPF: 529.982.247-25', 'inscrito no CPF sob o nº 38472190064'],
      no_match: [
        { text: 'CPF: 529.982.247-26', why: 'wrong check digits' },
        { text: 'CPF: 111.111.111-11', why: 'one repeated digit' },
      ],
    },
  },
];
