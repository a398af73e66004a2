// Postal addresses for the "Contact data" rule: US (street line, city, state, ZIP), UK (street
// line and postcode) and German (street and number, five-digit postcode and town). A street line
// must come with the postcode, so a street name in prose or a lone postcode does not count.
import type { PatternDetector } from './catalogue-types.ts';

const US_STATES =
  'A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|P[AR]|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY]';
const US_STREET = '(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy|Circle|Cir|Highway|Hwy)';
const UK_STREET = '(?:Street|Road|Lane|Avenue|Close|Drive|Way|Place|Gardens|Crescent|Terrace|Court|Square|Hill|Grove|Row|Mews|Walk|Park|Rise|Green)';
/** UK postcode: outward code (area, district) and inward code. */
const UK_POSTCODE = '[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}';
const DE_SUFFIX = '(?:straße|strasse|str\\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad)';
const DE_WORD = '(?:Straße|Strasse|Str\\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer)';

export const POSTAL_ADDRESSES: readonly PatternDetector[] = [
  {
    pattern: {
      id: 'postal-address-us',
      regex: `\\b[0-9]{1,6}(?: [A-Z][a-z]{1,20}){1,4} ${US_STREET}\\.?(?:,? (?:Apt|Suite|Ste|Unit|#) ?[0-9A-Z-]{1,6})?,?[ \\n](?:[A-Z][a-z]{1,20} ){0,2}[A-Z][a-z]{1,20}, (?:${US_STATES}) [0-9]{5}(?:-[0-9]{4})?\\b`,
      confidence: 'low',
    },
    summary: 'US postal addresses: house number, street name and type, optional unit, city, state code and ZIP (or ZIP+4).',
    notes: 'The street line and the "City, ST 12345" line may be on one line or two. A street type (Street, Ave, Blvd, …) and a real state code are required.',
    examples: {
      match: ['Ship to: 1600 Pennsylvania Avenue, Washington, DC 20500', '742 Evergreen Terrace\nSpringfield, OR 97477'],
      no_match: [
        { text: 'We moved to Pennsylvania Avenue in 2019.', why: 'no house number, city or ZIP' },
        { text: '12 Main Street, Springfield, XX 12345', why: 'no such state' },
      ],
    },
  },
  {
    pattern: {
      id: 'postal-address-uk',
      regex: `\\b[0-9]{1,4}[A-Za-z]?(?: [A-Z][a-z]{1,20}){1,3} ${UK_STREET},?[ \\n](?:[A-Z][a-z]{1,20},?[ \\n]){0,4}${UK_POSTCODE}\\b`,
      confidence: 'low',
    },
    summary: 'UK postal addresses: house number, street name and type, town lines and a postcode.',
    notes: 'Up to four words of locality, town or county between the street and the postcode; line breaks count as separators.',
    examples: {
      match: ['10 Downing Street, London SW1A 2AA', '221B Baker Street\nLondon\nNW1 6XE'],
      no_match: [
        { text: 'The office on Baker Street is closed.', why: 'no house number or postcode' },
        { text: 'Postcode SW1A 2AA', why: 'a postcode alone' },
      ],
    },
  },
  {
    pattern: {
      id: 'postal-address-de',
      regex: `(?:\\b[A-ZÄÖÜ][a-zäöüß]{1,30}${DE_SUFFIX}|\\b(?:[A-ZÄÖÜ][a-zäöüß]{1,20}[ -]){1,2}${DE_WORD}) [0-9]{1,4}[a-z]?,?[ \\n][0-9]{5} [A-ZÄÖÜ][a-zäöüß]{1,30}`,
      confidence: 'low',
    },
    summary: 'German postal addresses: street and house number, five-digit postcode and town.',
    notes: 'Street names ending in -straße, -str., -weg, -allee, -platz, … or written as separate words (Berliner Allee); the postcode line may follow on the next line.',
    examples: {
      match: ['Anschrift: Hauptstraße 12a, 10115 Berlin', 'Am Alten Weg 3\n80331 München'],
      no_match: [
        { text: 'Die Hauptstraße ist gesperrt.', why: 'no house number or postcode' },
        { text: 'PLZ 10115 Berlin', why: 'no street' },
      ],
    },
  },
];
