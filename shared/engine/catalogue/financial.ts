// "Financial data" (Confidential): payment cards (Luhn and issuer ranges), IBANs (mod-97 and
// per-country length) and US ABA routing numbers (checksum, with required context).
import type { CatalogueRule } from './catalogue-types.ts';

/**
 * First group of a 16-digit card: any first digit some scheme issues (1–6, 81, 82, Troy 9792,
 * Humo 9860); the payment_card validator then checks the scheme's IIN range, length and Luhn.
 */
const PREFIX_16 = '(?:[2-6][0-9]{3}|8[12][0-9]{2}|9792|9860)';
/** Amex (34, 37: 4-6-5) and Diners Club (300–305, 36, 38, 39: 4-6-4); Luhn decides between near misses. */
const AMEX_DINERS = '3(?:[47][0-9]|0[0-5]|[689][0-9])[0-9]';

/**
 * After the first group: it must not continue a longer grouped number (the inner groups of a
 * print-form IBAN such as IT60 X054 2811 1010 0000 0123 456 look like a card).
 */
const NOT_INSIDE = '(?<![0-9][ -][0-9]{4})';

const CARD_WORDS = [
  'card', 'credit card', 'debit card', 'card number', 'card no', 'cardholder', 'Visa', 'Mastercard', 'Amex', 'American Express', 'Discover',
  'JCB', 'Diners', 'UnionPay', 'CVV', 'CVC', 'expiry', 'expires', 'exp', 'Kreditkarte', 'Kartennummer', 'carte bancaire', 'carte de crédit',
  'tarjeta', 'PAN',
];
const ACCOUNT_WORDS = ['IBAN', 'account', 'bank', 'BIC', 'SWIFT', 'Konto', 'Kontonummer', 'Bankverbindung', 'compte', 'cuenta', 'payment', 'transfer'];
const ROUTING_WORDS = ['routing', 'routing number', 'ABA', 'RTN', 'ACH', 'Fedwire', 'transit number', 'wire transfer'];

export const FINANCIAL_DATA: CatalogueRule = {
  rule: {
    name: 'Financial data',
    description: 'Payment card numbers, IBANs and US bank routing numbers that pass their checksums.',
    label: 'Confidential',
    priority: 20,
    category: 'financial',
  },
  detectors: [
    {
      pattern: {
        id: 'payment-card',
        regex: `\\b(?:${PREFIX_16}${NOT_INSIDE}(?:[ -][0-9]{4}){3}|${AMEX_DINERS}${NOT_INSIDE}[ -][0-9]{6}[ -][0-9]{4,5}|1[0-9]{3}${NOT_INSIDE}[ -][0-9]{5}[ -][0-9]{6})(?![0-9A-Za-z_]|-[0-9A-Za-z])`,
        validator: 'payment_card',
        context: { keywords: CARD_WORDS, window: 100 },
      },
      summary:
        'Payment card numbers written in groups (4-4-4-4, Amex 4-6-5, Diners 4-6-4, UATP 4-5-6) whose first digits fall in a range a card scheme issues (Visa, Mastercard, Amex, Diners, Discover, JCB, UnionPay, Maestro, Dankort, Mir, RuPay, UATP, Troy, …) with that scheme’s length and a valid Luhn check digit.',
      notes:
        'Groups are separated by one space or one dash, the same throughout. A line break between groups is not joined (the number is not reported). A card word nearby raises the confidence to high. A grouped 16-digit number that passes Luhn and has an issuer prefix is reported even without context.',
      examples: {
        match: [
          'Card: 4111 1111 1111 1111, exp 12/29',
          'Charged to 5555-5555-5555-4444 on 3 May',
          'Amex 3782 822463 10005',
          'Maestro 6761 3412 3456 7802',
          'Dankort 5019 3412 3456 7804',
          'UATP account 1100 12345 678900',
        ],
        no_match: [
          { text: 'Card: 4111 1111 1111 1112', why: 'fails Luhn' },
          { text: 'Ticket 1234 5678 9012 3452', why: 'no scheme issues 16-digit numbers starting with 1' },
          { text: 'Card: 7000 1234 5678 9012', why: 'no scheme issues numbers starting with 7' },
          { text: 'Ref 4111-1111-1111-1111-0000', why: 'longer dashed identifier' },
        ],
      },
    },
    {
      pattern: {
        id: 'payment-card-unformatted',
        regex: '\\b[1-689][0-9]{12,18}\\b',
        validator: 'payment_card',
        context: { keywords: CARD_WORDS, window: 100, required: true },
      },
      summary: 'Payment card numbers written as one run of 13–19 digits in a card scheme’s IIN range and length, with a valid Luhn check digit, next to a card word.',
      notes:
        'A card word (card, Visa, CVV, expiry, Kreditkarte, tarjeta, …) within 100 characters is required: one random 16-digit number in ten passes Luhn, so a bare digit run is not enough.',
      examples: {
        match: ['Visa 4012888888881881 exp 09/28', 'Kreditkarte: 5105105105105100', 'Maestro card 6761341234567802'],
        no_match: [
          { text: 'Tracking number 4012888888881881', why: 'no card word nearby' },
          { text: 'Visa 4012888888881882', why: 'fails Luhn' },
        ],
      },
    },
    {
      pattern: {
        id: 'iban',
        regex: '\\b[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)\\b',
        validator: 'iban',
        context: { keywords: ACCOUNT_WORDS },
      },
      summary: 'International Bank Account Numbers of a registered country, with that country’s length and a valid mod-97 check.',
      notes:
        'Electronic form (no spaces) or print form (groups of four separated by single spaces; a short last group may hold letters, as several countries’ account numbers end in letters). A line break inside the number is not joined. Upper-case letters only.',
      examples: {
        match: ['Payment to IBAN DE89370400440532013000', 'IBAN: GB29 NWBK 6016 1331 9268 19', 'Compte FR1420041010050500013M02606', 'IBAN SC18 SSCB 1101 0000 0000 0000 1497 USD'],
        no_match: [
          { text: 'IBAN DE89370400440532013001', why: 'fails mod-97' },
          { text: 'Code XX89370400440532013000', why: 'no such country' },
          { text: 'DE8937040044053201300', why: 'one digit short' },
          { text: 'IBAN SC18 SSCB 1101 0000 0000 0000 1497 USE', why: 'fails mod-97' },
        ],
      },
    },
    {
      pattern: {
        id: 'aba-routing',
        regex: '\\b[0-36-8][0-9](?:[0-9]{6}|[0-9]{2}-[0-9]{4}-)[0-9]\\b',
        validator: 'aba_routing',
        context: { keywords: ROUTING_WORDS, window: 100, required: true },
      },
      summary: 'US ABA routing transit numbers: nine digits (or 4-4-1 with dashes) with a Federal Reserve prefix and the 3-7-1 checksum, next to a routing word.',
      notes: 'Nine digits, or 4-4-1 with dashes as printed on some checks and bank letters (0711-0130-7). A routing word (routing, ABA, RTN, ACH, Fedwire, …) within 100 characters is required.',
      examples: {
        match: ['ABA routing number: 021000021', 'ACH transfers: RTN 011000015', 'Routing number 0210-0002-1'],
        no_match: [
          { text: 'Invoice 021000021 is overdue', why: 'no routing context' },
          { text: 'Routing number 021000022', why: 'fails checksum' },
          { text: 'Routing number 02100-0021', why: 'not the 4-4-1 grouping' },
        ],
      },
    },
  ],
};
