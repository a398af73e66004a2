// "Contact data" (Internal): e-mail addresses, and phone numbers next to a phone word.
import type { CatalogueRule } from './catalogue-types.ts';

const PHONE_WORDS = [
  'phone', 'telephone', 'tel', 'mobile', 'cell', 'fax', 'call', 'WhatsApp', 'Telefon', 'Tel.', 'Handy', 'Mobil', 'Mobilnummer', 'Rufnummer',
  'téléphone', 'portable', 'teléfono', 'móvil',
];

export const CONTACT_DATA: CatalogueRule = {
  rule: {
    name: 'Contact data',
    description: 'E-mail addresses and phone numbers.',
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
          '(?:\\+[1-9][0-9]{0,2}[ .-]?(?:\\(0\\) ?)?[0-9]{1,4}(?:(?:[ .-][0-9]{2,8}){2,4}|[ .-][0-9]{5,8})|\\+[1-9][0-9]{7,14}|\\(0?[0-9]{2,5}\\) ?[0-9]{3,4}[ .-]?[0-9]{3,5}|\\b0[0-9]{2,5}[ /.-][0-9]{3,8}(?:[ .-][0-9]{2,6}){0,2}|\\b[0-9]{3}[.-][0-9]{3}[.-][0-9]{4})\\b',
        confidence: 'low',
        context: { keywords: PHONE_WORDS, window: 60, required: true },
      },
      summary: 'Phone numbers in international (+44 20 7946 0958) and national (030 1234567, (555) 010-9999) notation, next to a phone word.',
      notes: 'A phone word (phone, tel, mobile, fax, Telefon, téléphone, teléfono, …) within 60 characters is required; dates, times, versions and order numbers do not have a phone shape.',
      examples: {
        match: ['Phone: +44 20 7946 0958', 'Tel. +49 (0)30 1234567', 'Call me on (555) 010-9999'],
        no_match: [
          { text: 'Order +44 20 7946 0958', why: 'no phone word' },
          { text: 'Call scheduled for 2026-03-14 10:30', why: 'a date and a time are not phone-shaped' },
          { text: 'Phone firmware 4.12.7', why: 'a version string' },
        ],
      },
    },
  ],
};
