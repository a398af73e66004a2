// Value masking for findings: per detector, what may stay visible (an IBAN's country and check digits, a
// card's first and last four, nothing of a credential); everything else, punctuation included, becomes '*'.

const MASK = '*';
const IBAN_SHAPE = /^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]{11,30}$/;
const CARD_SHAPE = /^[0-9](?:[ -]?[0-9]){12,18}$/;
/** Longest input examined for a specific shape; longer values are masked generically. */
const MAX_SHAPED_LENGTH = 64;


/** Groups `s` into space-separated chunks of the given sizes (the last size repeats). */
function group(s: string, sizes: readonly number[]): string {
  const out: string[] = [];
  let i = 0;
  let g = 0;
  while (i < s.length) {
    const size = sizes[Math.min(g, sizes.length - 1)] ?? 4;
    out.push(s.slice(i, i + size));
    i += size;
    g++;
  }
  return out.join(' ');
}

/** True for an IBAN-shaped value: 2 letters, 2 digits, 11–30 letters/digits (spaces ignored). */
export function isIbanShape(raw: string): boolean {
  return raw.length <= MAX_SHAPED_LENGTH && IBAN_SHAPE.test(raw.replaceAll(' ', ''));
}

/** True for a card-shaped value: 13–19 digits with optional single space or dash separators. */
export function isCardShape(raw: string): boolean {
  return raw.length <= MAX_SHAPED_LENGTH && CARD_SHAPE.test(raw);
}

/** True for a simple `local@domain.tld` value (one '@', a dotted domain, an alphabetic TLD of 2+ letters). */
export function isEmailShape(raw: string): boolean {
  if (raw.length > 320) return false;
  const at = raw.indexOf('@');
  if (at <= 0 || at !== raw.lastIndexOf('@')) return false;
  const domain = raw.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  if (dot <= 0) return false;
  const tld = domain.slice(dot + 1);
  if (tld.length < 2) return false;
  for (const ch of tld) if (!/^\p{L}$/u.test(ch)) return false;
  for (const ch of raw) if (/^\s$/u.test(ch)) return false;
  return true;
}

/** IBAN: country code and check digits, then groups of four with only the last two characters shown. */
export function maskIban(raw: string): string {
  const s = raw.replaceAll(' ', '');
  const masked = s.slice(0, 4) + MASK.repeat(Math.max(0, s.length - 6)) + s.slice(Math.max(4, s.length - 2));
  return group(masked, [4]);
}

/** Card: first four and last four digits shown; the input's separators are kept, or groups of four (4-6-5 for 15 digits) are added. */
export function maskCard(raw: string): string {
  const digits = raw.replaceAll(' ', '').replaceAll('-', '');
  const n = digits.length;
  const keep = (k: number): boolean => k < 4 || k >= n - 4;
  if (digits.length === raw.length) {
    let masked = '';
    for (let k = 0; k < n; k++) masked += keep(k) ? digits.charAt(k) : MASK;
    return group(masked, n === 15 ? [4, 6, 5] : [4]);
  }
  let out = '';
  let k = 0;
  for (const ch of raw) {
    if (ch === ' ' || ch === '-') out += ch;
    else out += keep(k++) ? ch : MASK;
  }
  return out;
}

/** Email: the TLD, plus the first character of the local part and of the domain when each is 3+ characters long. */
export function maskEmail(raw: string): string {
  const at = raw.indexOf('@');
  const local = Array.from(raw.slice(0, at));
  const domain = raw.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = Array.from(domain.slice(0, dot));
  // Parts shorter than three characters are hidden entirely so that short addresses do not come out unmasked.
  const maskedLocal = local.map((ch, i) => (i === 0 && local.length >= 3 ? ch : MASK)).join('');
  const maskedHost = host.map((ch, i) => ((i === 0 && host.length >= 3) || ch === '.' ? ch : MASK)).join('');
  return `${maskedLocal}@${maskedHost}${domain.slice(dot)}`;
}

/**
 * Any other value: at most the first 4 and last 2 characters are shown, and never more than a third of them
 * (values of 4 characters or fewer are fully hidden). Everything else is hidden, punctuation and spaces
 * included: a mask must not reveal a secret's structure.
 */
export function maskGeneric(raw: string): string {
  const chars = Array.from(raw);
  const n = chars.length;
  const reveal = n <= 4 ? 0 : Math.min(6, Math.floor(n / 3));
  return maskKeeping(chars, reveal - Math.min(2, Math.floor(reveal / 3)), Math.min(2, Math.floor(reveal / 3)));
}

/** Keeps the first `head` and last `tail` characters; every other character becomes '*'. */
function maskKeeping(chars: readonly string[], head: number, tail: number): string {
  const n = chars.length;
  return chars.map((ch, k) => (k < head || k >= n - tail ? ch : MASK)).join('');
}

/** What a detector's masked samples may show (see DETECTOR_REVEAL). */
export type Reveal = 'nothing' | 'last-two' | 'email' | 'iban' | 'card' | 'generic';

/**
 * Per detector of the default catalogue: credentials show nothing; an IBAN its country, check digits and
 * last two characters; a card its first and last four digits; an e-mail address the first character of
 * its local part and domain and the TLD; phone numbers and identifiers (national IDs included) their
 * last two characters; a person's name, date of birth or postal address nothing (all of it is the
 * personal data: a shape-based mask would show a name's initials, a birth year or a house number). The
 * e-mail, IBAN and card masks apply only to values of their shape (anything else is masked generically).
 * Other detectors (custom rules, keywords) are masked by their value's shape.
 */
export const DETECTOR_REVEAL: Readonly<Record<string, Reveal>> = {
  email: 'email',
  'phone-number': 'last-two',
  'pem-private-key': 'nothing',
  'aws-access-key-id': 'nothing',
  'aws-secret-access-key': 'nothing',
  'github-token': 'nothing',
  'github-fine-grained-token': 'nothing',
  'gitlab-token': 'nothing',
  'slack-token': 'nothing',
  'slack-webhook': 'nothing',
  'stripe-key': 'nothing',
  'google-api-key': 'nothing',
  jwt: 'nothing',
  'password-assignment': 'nothing',
  'connection-string-password': 'nothing',
  'payment-card': 'card',
  'payment-card-unformatted': 'card',
  iban: 'iban',
  'aba-routing': 'last-two',
  'us-ssn': 'last-two',
  'passport-number': 'last-two',
  'uk-nino': 'last-two',
  'uk-nhs': 'last-two',
  'de-tax-id': 'last-two',
  'es-dni-nie': 'last-two',
  'it-codice-fiscale': 'last-two',
  'pl-pesel': 'last-two',
  'fr-nir': 'last-two',
  'nl-bsn': 'last-two',
  'se-personnummer': 'last-two',
  'in-aadhaar': 'last-two',
  'in-pan': 'last-two',
  'ca-sin': 'last-two',
  'au-tfn': 'last-two',
  'br-cpf': 'last-two',
  'xml-password-setting': 'nothing',
  'xml-password-element': 'nothing',
  'person-name': 'nothing',
  'person-name-labelled': 'nothing',
  'date-of-birth': 'nothing',
  'postal-address-us': 'nothing',
  'postal-address-uk': 'nothing',
  'postal-address-de': 'nothing',
};

/** Masks a value by its shape alone: the e-mail, IBAN or card mask when it has that shape, else the generic one. */
function maskByShape(raw: string): string {
  if (isEmailShape(raw)) return maskEmail(raw);
  if (isIbanShape(raw)) return maskIban(raw);
  if (isCardShape(raw)) return maskCard(raw);
  return maskGeneric(raw);
}

/** Masks a detected value: by what its detector may show (DETECTOR_REVEAL), else by the value's shape. */
export function maskValue(raw: string, detector?: string): string {
  if (typeof raw !== 'string' || raw.length === 0) return '';
  const reveal = detector === undefined ? undefined : DETECTOR_REVEAL[detector];
  const chars = Array.from(raw);
  switch (reveal) {
    case 'nothing':
      return MASK.repeat(chars.length);
    case 'last-two':
      return maskKeeping(chars, 0, chars.length > 6 ? 2 : 0);
    case 'email':
      return isEmailShape(raw) ? maskEmail(raw) : maskGeneric(raw);
    case 'iban':
      return isIbanShape(raw) ? maskIban(raw) : maskGeneric(raw);
    case 'card':
      return isCardShape(raw) ? maskCard(raw) : maskGeneric(raw);
    default:
      return maskByShape(raw);
  }
}
