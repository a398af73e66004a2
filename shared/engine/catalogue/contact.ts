// "Contact data" (Internal): e-mail addresses, phone numbers next to a phone word (checked against
// libphonenumber-js's metadata) and postal addresses (postal-addresses.ts).
import type { CatalogueRule } from './catalogue-types.ts';
import { POSTAL_ADDRESSES } from './postal-addresses.ts';

const PHONE_WORDS = [
  'phone', 'telephone', 'tel', 'mobile', 'cell', 'fax', 'call', 'WhatsApp', 'Telefon', 'Tel.', 'Handy', 'Mobil', 'Mobilnummer', 'Rufnummer',
  'téléphone', 'portable', 'teléfono', 'móvil',
];

export const CONTACT_DATA: CatalogueRule = {
  rule: {
    name: 'Contact data',
    description: 'E-mail addresses, phone numbers and postal addresses.',
    label: 'Internal',
    priority: 60,
    category: 'personal',
    conditions: {
      exclusions: {
        // Git remotes look like e-mail addresses but name a service account, not a person.
        values: ['git@github.com', 'git@gitlab.com', 'git@bitbucket.org', 'git@ssh.dev.azure.com'],
        // Retina image names: icon@2x.png.
        patterns: ['^[^@]+@[1-4]x\\.(?:png|jpe?g|gif|webp|svg)$'],
        stop_words: [],
      },
    },
  },
  detectors: [
    {
      pattern: {
        id: 'email',
        // The local part starts where a run of address characters starts (no match can begin inside
        // another) and is bounded, so the engine tries the pattern only just before each '@'. An
        // address is not followed by a port or a path: that is a URL's user:password@host.
        regex: "(?<![A-Za-z0-9._%+'-])(?:[A-Za-z0-9._%+'-]{8}){0,7}[A-Za-z0-9._%+'-]{1,8}@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,}\\b(?!:[0-9]|/)",
      },
      summary: 'E-mail addresses (local part, @, a dotted domain with an alphabetic top-level domain).',
      notes: 'Git remotes (git@github.com), image names such as icon@2x.png and the user:password@host part of a URL (followed by a port or a path) are not addresses.',
      examples: {
        match: ['Contact jane.doe@acme-corp.com for the contract.', "Reply to o'brien+hr@mail.example.co.uk"],
        no_match: [
          { text: 'git clone git@github.com:acme/app.git', why: 'a Git remote (allow-listed value)' },
          { text: 'DATABASE_URL=postgres://app:Vq7zK2mPw9@db.internal:5432/app', why: 'the password and host of a URL, followed by a port' },
          { text: 'logo@2x.png', why: 'a retina image name (exclusion pattern)' },
          { text: 'npm install lodash@4.17.21', why: 'a package version: no alphabetic top-level domain' },
          { text: 'user@localhost', why: 'no dotted domain' },
        ],
      },
    },
    {
      pattern: {
        id: 'phone-number',
        regex:
          '(?:\\+[1-9][0-9]{0,2}[ .-]?(?:\\(0\\) ?)?[0-9]{1,4}(?:(?:[ .-][0-9]{2,8}){2,4}|[ .-][0-9]{5,8})|\\+[1-9][0-9]{7,14}|\\b00[1-9][0-9]{0,2}[ .-][0-9]{1,4}(?:[ .-][0-9]{2,8}){1,4}|\\(0?[0-9]{2,5}\\) ?[0-9]{3,4}[ .-]?[0-9]{3,5}|(?<![0-9][.:/-])\\b0[1-9][0-9]{0,4}[ /.-][0-9]{2,8}(?:[ .-][0-9]{2,6}){0,3}|(?<![0-9][.:/-])\\b[2-9][0-9]{2}[ .-][0-9]{3}[ .-][0-9]{3,4})\\b(?![.:/-][0-9])',
        validator: 'phone_number',
        confidence: 'low',
        context: { keywords: PHONE_WORDS, window: 60, required: true },
      },
      summary: 'Phone numbers in international (+44 20 7946 0958, 0049 30 1234567) and national (030 1234567, 089 123456, 06 12 34 56 78, (212) 555-0199) notation that libphonenumber-js accepts as valid, next to a phone word.',
      notes:
        'A phone word (phone, tel, mobile, fax, Telefon, téléphone, teléfono, …; plurals too) within 60 characters is required. The number must be valid by libphonenumber-js’s metadata (length and leading digits per country; the 80 kB "min" set): an international number for its country, a national one for a country that writes it so (with trunk prefix 0: GB, DE, FR, IT, NL, BE, AT, CH, SE, IE, AU, IN, BR; without: US/NANP, ES, PL). Dates, times, versions and order numbers do not have a phone shape; fictional 555 numbers are not valid.',
      examples: {
        match: ['Phone: +44 20 7946 0958', 'Tel. +49 (0)30 1234567', 'Call me on (212) 555-0199', 'Tel. 089 123456', 'portable : 06 12 34 56 78'],
        no_match: [
          { text: 'Order +44 20 7946 0958', why: 'no phone word' },
          { text: 'Call scheduled for 2026-03-14 10:30', why: 'a date and a time are not phone-shaped' },
          { text: 'Phone firmware 4.12.7', why: 'a version string' },
          { text: 'Phone: (555) 010-9999', why: 'area code 555 is not in service (fictional)' },
        ],
      },
    },
    ...POSTAL_ADDRESSES,
  ],
};
