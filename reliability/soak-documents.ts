// File-server-like paths and document texts for the soak: departments, years, document kinds,
// and contents from plain notes to documents carrying card numbers, IBANs, keys and markings.
import type { Random } from '../bench/seeded-random.ts';

const DEPARTMENTS = ['finance', 'hr', 'legal', 'engineering', 'sales', 'it/ops', 'marketing', 'board'];
const KINDS = ['contract', 'invoice', 'report', 'minutes', 'salaries', 'roadmap', 'customer-export', 'notes', 'q3-forecast'];
const EXTENSIONS = ['pdf', 'docx', 'txt', 'csv', 'md', 'xlsx.csv', 'log'];

export function documentPath(rnd: Random, n: number): string {
  return `/srv/share/${rnd.pick(DEPARTMENTS)}/${rnd.int(2019, 2026)}/${rnd.pick(KINDS)}-${n}.${rnd.pick(EXTENSIONS)}`;
}

const join = (...parts: string[]) => parts.join('');
const SENSITIVE = [
  'Payment by card 4111 1111 1111 1111, expiry 12/29.',
  'Wire to IBAN DE89 3704 0044 0532 0130 00 before Friday.',
  `aws_access_key_id = ${join('AKIA', 'XEHC6OLUK7BQGVKM')}`,
  'Strictly confidential — do not forward.',
  'For internal use only.',
  'Employee SSN 078-05-1120 on file.',
  'Contact: jane.doe@example.com, +44 20 7946 0958.',
];
const FILLER = 'The quarterly figures were reviewed and the team agreed on the next steps for the project. ';

/** 200 B to ~20 KB of text; about half the documents carry something sensitive. */
export function documentText(rnd: Random): string {
  const parts: string[] = [];
  const paragraphs = rnd.int(1, 40);
  for (let i = 0; i < paragraphs; i++) {
    parts.push(FILLER.repeat(rnd.int(1, 5)));
    if (rnd.next() < 0.08) parts.push(rnd.pick(SENSITIVE));
  }
  return parts.join('\n');
}
