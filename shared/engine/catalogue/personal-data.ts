// "Personal data" (Confidential): a person's name or date of birth where the document ties it to
// other personal data. A name alone is not sensitive (every letter has a signature), and a date
// alone is not a birth date, so both need a supporting word nearby: a name needs a birth date,
// address or identifier word; a date needs a birth word.
import type { CatalogueRule } from './catalogue-types.ts';

/** Words that say a name is beside personal data (ASCII, so the engine's keyword prefilter applies). */
const PERSONAL_DATA_WORDS = [
  'date of birth', 'birth date', 'birthdate', 'DOB', 'born', 'home address', 'address', 'SSN', 'social security', 'passport', 'national insurance',
  'NHS number', 'driver license', 'driving licence', 'ID number', 'tax ID', 'Geburtsdatum', 'geboren', 'Anschrift', 'Wohnort', 'date de naissance',
  'adresse', 'fecha de nacimiento', 'domicilio', 'data di nascita',
];
const BIRTH_WORDS = [
  'date of birth', 'birth date', 'birthdate', 'DOB', 'D.O.B.', 'born', 'born on', 'birthday', 'Geburtsdatum', 'geboren', 'geb.', 'date de naissance',
  'fecha de nacimiento', 'data di nascita', 'geboortedatum',
];
/**
 * Month names (English, German, French, Spanish). Variants share one alternative (ma[yi], o[ck]t,
 * de[cz]): the ReDoS proof counts every alternative as a way to split a match, and the date pattern
 * uses this list twice.
 */
const MONTHS =
  '(?:jan(?:uary?)?|feb(?:ruary?)?|mar(?:ch)?|märz|apr(?:il)?|ma[yi]|jun[ei]?|jul[yi]?|aug(?:ust)?|sept?(?:ember)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)';
/**
 * One to three capitalised words of Latin-1 letters: the name. The classes are kept simple and the
 * patterns free of word boundaries so that recheck's automaton checker proves them linear quickly.
 */
const NAME = "([A-ZÀ-Þ][a-zß-ÿ]+(?:[ -][A-ZÀ-Þ][a-zß-ÿ]+){0,2})";
const YEAR = '(?:19|20)[0-9]{2}';
const DAY = '[0-3]?[0-9](?:st|nd|rd|th)?';

export const PERSONAL_DATA: CatalogueRule = {
  rule: {
    name: 'Personal data',
    description: 'Names of people and dates of birth next to other personal data.',
    label: 'Confidential',
    priority: 55,
    category: 'personal',
  },
  detectors: [
    {
      pattern: {
        id: 'person-name',
        regex: `(?:Mr|Mrs|Ms|Miss|Dr|Prof|Herr|Frau|Mme|Sra?)\\.? ${NAME}`,
        group: 1,
        confidence: 'low',
        context: { keywords: PERSONAL_DATA_WORDS, window: 150, required: true },
      },
      summary: 'Names of people after a title (Mr, Mrs, Ms, Dr, Prof, Herr, Frau, Mme, Sr, Sra) within 150 characters of a birth date, address or identifier word.',
      notes:
        'A name alone is not sensitive: a word such as date of birth, DOB, address, SSN, passport or Geburtsdatum must be near. One to three capitalised words (Latin-1 letters) after the title are the name; a name list is not used, so a name in running text without a title or label is not found.',
      examples: {
        match: ['Mr. John Smith, home address 10 Downing Street', 'Frau Jana Müller, geboren 1985'],
        no_match: [
          { text: 'Mr. John Smith will chair the meeting.', why: 'a name alone' },
          { text: 'Dr. smith, date of birth unknown', why: 'not capitalised like a name' },
        ],
      },
    },
    {
      pattern: {
        id: 'person-name-labelled',
        regex: `(?:[Nn]ame|NAME|[Pp]atient|[Ee]mployee|[Aa]pplicant|[Cc]ustomer|[Hh]older): ${NAME}`,
        group: 1,
        confidence: 'low',
        context: { keywords: PERSONAL_DATA_WORDS, window: 150, required: true },
      },
      summary: 'Names of people after a label (Name:, Full name:, Patient:, Employee:, Applicant:, Customer:, Account holder:) within 150 characters of a birth date, address or identifier word.',
      notes: 'As for names after a title: the label and a personal-data word nearby are both required.',
      examples: {
        match: ['Patient: Ada Lovelace, date of birth 1985-03-12', 'Full name: Chloé Martin\nAddress: 4 rue de Rivoli'],
        no_match: [
          { text: 'Customer: Acme Corp ordered 12 licences.', why: 'no personal-data word nearby' },
          { text: 'Name: the project code, born from the 2019 plan', why: 'not capitalised like a name' },
        ],
      },
    },
    {
      pattern: {
        id: 'date-of-birth',
        regex: `\\b(?:${YEAR}-[01][0-9]-[0-3][0-9]|[0-3]?[0-9][./-][0-3]?[0-9][./-]${YEAR}|${DAY}\\.? (?:of |de )?${MONTHS}\\.? (?:de )?${YEAR}|${MONTHS}\\.? ${DAY},? ${YEAR})\\b`,
        flags: 'iu',
        validator: 'calendar_date',
        confidence: 'medium',
        context: { keywords: BIRTH_WORDS, window: 60, required: true },
      },
      summary: 'Dates of birth: a date that exists (ISO, day-first, month-first or with a month name in English, German, French or Spanish) within 60 characters of a birth word.',
      notes: 'A birth word (date of birth, DOB, born, Geburtsdatum, geboren, date de naissance, fecha de nacimiento, …) is required; other dates are not personal data.',
      examples: {
        match: ['Date of birth: 1985-03-12', 'DOB 12/31/1979', 'geboren am 12. März 1985', 'Born on March 12, 1985'],
        no_match: [
          { text: 'Invoice date: 1985-03-12', why: 'no birth word' },
          { text: 'Date of birth: 1985-02-30', why: 'no such day' },
        ],
      },
    },
  ],
};
