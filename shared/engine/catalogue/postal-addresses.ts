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
/**
 * A capitalised word. How these patterns are written keeps them within the ReDoS proof
 * (regex-analysis-form.ts) while matching exactly what the plain form would:
 * - a letter run is a counted group, `(?:[a-z]){1,20}`, which the proof checks as a loop; a counted
 *   run of one character would count each of its lengths as a way to split a match, and an address
 *   has so many runs that their product passes the proof's limit of 1000;
 * - street types and state codes are checked by a lookahead over the letters that follow (the proof
 *   counts alternatives as splits too, and drops fixed-length assertions); a street type can only be
 *   followed by a separator, so the letter run consumes exactly the street type;
 * - either the street name's words or the town's words are nested optional groups, not a counted
 *   group: the proof checks a counted group as an unbounded loop, and a loop of words before the
 *   street type and another after it could split a long run of words quadratically many ways.
 */
const WORD = '[A-Z](?:[a-z]){1,20}';
const DE_SUFFIX = '(?:straße|strasse|str\\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad)';
const DE_WORD = '(?:Straße|Strasse|Str\\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer)';

export const POSTAL_ADDRESSES: readonly PatternDetector[] = [
  {
    pattern: {
      id: 'postal-address-us',
      regex: `\\b[0-9]{1,6}(?: ${WORD}){1,4} (?=${US_STREET}[., \\n])[A-Z][a-z]{1,8}\\.?(?:,? (?:Apt|Suite|Ste|Unit|#) ?(?:[0-9A-Z-]){1,6})?,?[ \\n](?:${WORD} (?:${WORD} )?)?${WORD}, (?=${US_STATES})[A-Z]{2} [0-9]{5}(?:-[0-9]{4})?\\b`,
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
      regex: `\\b[0-9]{1,4}[A-Za-z]? ${WORD}(?: ${WORD}(?: ${WORD})?)? (?=${UK_STREET}[, \\n])[A-Z][a-z]{2,7},?[ \\n](?:${WORD},?[ \\n]){0,4}${UK_POSTCODE}\\b`,
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
      regex: `(?:\\b[A-ZÄÖÜ](?:[a-zäöüß]){1,30}${DE_SUFFIX}|\\b[A-ZÄÖÜ](?:[a-zäöüß]){1,20}[ -](?:[A-ZÄÖÜ](?:[a-zäöüß]){1,20}[ -])?${DE_WORD}) [0-9]{1,4}[a-z]?,?[ \\n][0-9]{5} [A-ZÄÖÜ](?:[a-zäöüß]){1,30}`,
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
