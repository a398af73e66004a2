// Confidentiality markings in English, German, French and Spanish: "Marked confidential"
// (Confidential) and "Internal use only" (Internal). Keyword lists, so matching is whole-word,
// case-insensitive and tolerant of line breaks between the words of a phrase. Phrases are kept
// ASCII (a phrase with an accent would switch off the engine's keyword prefilter for the rule):
// "internen Gebrauch" covers "nur für den internen Gebrauch", "usage interne" covers "à usage interne".
// Each phrase costs time on every document, so phrases another one covers ("strictly confidential")
// or whose words are common in ordinary text ("not for public release") are left out.
import type { CatalogueRule } from './catalogue-types.ts';

export const MARKED_CONFIDENTIAL: CatalogueRule = {
  rule: {
    name: 'Marked confidential',
    description: 'Documents carrying a confidentiality marking or a non-disclosure agreement (English, German, French, Spanish).',
    label: 'Confidential',
    priority: 10,
    category: 'marking',
  },
  detectors: [],
  keywords: {
    summary: 'Confidentiality markings and non-disclosure agreements.',
    notes:
      'Whole words only: "Confidentiality" and "confidentially" do not match. A phrase may break across lines. "Strictly confidential", "streng vertraulich" and the like match through their last word.',
    phrases: {
      English: ['confidential', 'do not distribute', 'top secret', 'NDA', 'non-disclosure agreement', 'nondisclosure agreement'],
      German: ['vertraulich', 'geheim', 'Geheimhaltungsvereinbarung', 'Vertraulichkeitsvereinbarung', 'Verschlusssache'],
      French: ['confidentiel', 'confidentielle', 'diffusion restreinte'],
      Spanish: ['confidencial', 'acuerdo de confidencialidad', 'no distribuir'],
    },
    examples: {
      match: ['STRICTLY CONFIDENTIAL — board minutes', 'Streng vertraulich: Gehaltsliste 2026', 'Document confidentiel — diffusion restreinte', 'Acuerdo de confidencialidad entre las partes', 'Mutual NDA between Acme and Globex'],
      no_match: [
        { text: 'Confidentiality policy overview for new starters', why: 'whole words only' },
        { text: 'Please treat this confidentially.', why: 'whole words only' },
        { text: 'Das Geheimnis seines Erfolgs', why: 'whole words only' },
        { text: 'agenda for the Honda meeting', why: 'NDA inside a word' },
      ],
    },
  },
};

export const INTERNAL_USE_ONLY: CatalogueRule = {
  rule: {
    name: 'Internal use only',
    description: 'Documents marked for internal use (English, German, French, Spanish).',
    label: 'Internal',
    priority: 15,
    category: 'marking',
  },
  detectors: [],
  keywords: {
    summary: 'Internal-use markings.',
    notes: 'Whole words only; a phrase may break across lines.',
    phrases: {
      English: ['internal use only', 'for internal use', 'internal only', 'not for external distribution'],
      German: ['internen Gebrauch', 'interner Gebrauch', 'Dienstgebrauch', 'nur intern'],
      French: ['usage interne', 'interne uniquement', 'diffusion interne'],
      Spanish: ['uso interno', 'uso exclusivamente interno'],
    },
    examples: {
      match: ['For internal use only — do not post on the website', 'Nur für den internen Gebrauch', 'Document à usage interne', 'Documento de uso interno'],
      no_match: [
        { text: 'The internal user guide explains the login flow.', why: 'not an internal-use phrase' },
        { text: 'Internationally used formats', why: 'whole words only' },
        { text: 'internally useful notes', why: 'whole words only' },
      ],
    },
  },
};
