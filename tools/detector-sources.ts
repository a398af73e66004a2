// The source of truth behind each detector, for docs/detectors.md: the published algorithm a
// validator implements, or, for a detector without one, where its format is specified.
import type { ValidatorName } from '../shared/engine/validators/index.ts';

export const VALIDATOR_SOURCES: Readonly<Record<ValidatorName, string>> = {
  luhn: 'ISO/IEC 7812-1 (Luhn mod 10)',
  payment_card: 'card schemes’ IIN ranges and lengths (ISO/IEC 7812; the schemes’ tables as collected on Wikipedia “Payment card number”, 2025) and Luhn',
  iban: 'ISO 13616 and the SWIFT IBAN registry (lengths per country); ISO 7064 MOD 97-10',
  aba_routing: 'ABA routing number policy: Federal Reserve prefixes and the 3-7-1 checksum',
  us_ssn: 'Social Security Administration: SSN randomization (no 000/666/9xx area, 00 group, 0000 serial) and published sample numbers',
  uk_nino: 'HMRC National Insurance Manual NIM39110 (prefix and suffix rules)',
  uk_nhs: 'NHS Data Dictionary: NHS number modulus 11 check',
  de_tax_id: '§ 139b AO and the Bundeszentralamt für Steuern: ISO 7064 MOD 11,10 and the digit-repetition rule',
  es_dni_nie: 'Spanish Ministry of the Interior: DNI/NIE control letter (mod 23)',
  it_codice_fiscale: 'DM 23 December 1976 (Agenzia delle Entrate): structure, omocodia and the check letter',
  pl_pesel: 'Polish PESEL specification: weights 1-3-7-9 and the encoded birth date',
  fr_nir: 'INSEE: NIR structure and key 97 − (NIR mod 97), Corsica 2A/2B counted as 19/18',
  nl_bsn: 'Rijksoverheid: BSN 11-test (elfproef)',
  se_personnummer: 'Skatteverket: personnummer and samordningsnummer (birth date, day + 60, Luhn)',
  in_aadhaar: 'UIDAI: twelve digits, first digit 2–9, Verhoeff check digit',
  in_pan: 'Income Tax Department of India: PAN structure and holder-type letter (there is no check digit)',
  ca_sin: 'Employment and Social Development Canada: SIN Luhn check and issued first digits',
  au_tfn: 'Australian Taxation Office: TFN weighted mod-11 check',
  br_cpf: 'Receita Federal do Brasil: CPF two mod-11 check digits',
  calendar_date: 'the Gregorian calendar (days per month, leap years)',
  phone_number: 'libphonenumber-js “min” metadata, generated from Google’s libphonenumber',
  jwt: 'RFC 7519 and RFC 7515 (JWS compact serialisation)',
  gitlab_token: 'GitLab documentation “Token prefixes”, and the gitleaks rules',
  slack_token: 'Slack API documentation “Token types”, and the gitleaks rules',
};

/** Detectors without a validator, by `rule/detector` key. */
export const PATTERN_SOURCES: Readonly<Record<string, string>> = {
  'Credentials/pem-private-key': 'RFC 7468 (PEM labels), OpenSSH and OpenPGP armor headers',
  'Credentials/aws-access-key-id': 'AWS IAM documentation “Unique identifier prefixes”',
  'Credentials/aws-secret-access-key': 'AWS CLI configuration file format',
  'Credentials/github-token': 'GitHub documentation “About authentication to GitHub: token formats”',
  'Credentials/github-fine-grained-token': 'GitHub documentation “About authentication to GitHub: token formats”',
  'Credentials/slack-webhook': 'Slack documentation “Sending messages using incoming webhooks”',
  'Credentials/stripe-key': 'Stripe documentation “API keys”',
  'Credentials/google-api-key': 'Google Cloud documentation “API keys”',
  'Government identifiers/passport-number': 'ICAO Doc 9303 and the issuing states’ number formats',
  'Health data/icd10-code': 'WHO ICD-10 and CMS ICD-10-CM code structure',
  'Contact data/email': 'RFC 5322 addr-spec (common subset)',
  'Contact data/postal-address-us': 'USPS Publication 28 (street suffixes, state codes, ZIP+4)',
  'Contact data/postal-address-uk': 'Royal Mail postcode format (PAF)',
  'Contact data/postal-address-de': 'Deutsche Post address format (DIN 5008)',
};

/** The source of truth for one detector, or null (keyword lists, assignment heuristics). */
export function sourceOf(key: string, validator: string | undefined): string | null {
  if (validator && Object.hasOwn(VALIDATOR_SOURCES, validator)) return VALIDATOR_SOURCES[validator as ValidatorName];
  return PATTERN_SOURCES[key] ?? null;
}
