// Building blocks of the generated corpus: a document builder that records which detectors its
// inserted values stand for, the detector keys, and small pools of names, companies and dates.
import type { Random } from '../../bench/seeded-random.ts';

/** Collects a document's text and the `rule/detector` keys its inserted values must trigger. */
export class DocBuilder {
  private readonly parts: string[] = [];
  readonly detectors = new Set<string>();
  /** `seq`: how many documents of the same template came before; templates rotate through their variants with it. */
  constructor(
    readonly rand: Random,
    readonly seq: number,
  ) {}
  /** Neutral text (it must trigger nothing). */
  add(...lines: string[]): this {
    this.parts.push(...lines);
    return this;
  }
  /** Text that must trigger `key`. */
  hit(key: string, ...lines: string[]): this {
    this.detectors.add(key);
    return this.add(...lines);
  }
  /** With probability p, runs `f`. */
  maybe(p: number, f: () => void): this {
    if (this.rand.next() < p) f();
    return this;
  }
  text(): string {
    return this.parts.join('\n');
  }
}

export interface Template {
  readonly kind: string;
  readonly weight: number;
  readonly asset_type: string;
  readonly name: (rand: Random, i: number) => string;
  readonly build: (b: DocBuilder) => void;
}

/** Detector keys, `rule/detector`. */
export const K = {
  marked: 'Marked confidential/keywords',
  internal: 'Internal use only/keywords',
  card: 'Financial data/payment-card',
  cardRun: 'Financial data/payment-card-unformatted',
  iban: 'Financial data/iban',
  aba: 'Financial data/aba-routing',
  ssn: 'Government identifiers/us-ssn',
  passport: 'Government identifiers/passport-number',
  nino: 'Government identifiers/uk-nino',
  nhs: 'Government identifiers/uk-nhs',
  deTax: 'Government identifiers/de-tax-id',
  dni: 'Government identifiers/es-dni-nie',
  cf: 'Government identifiers/it-codice-fiscale',
  pesel: 'Government identifiers/pl-pesel',
  frNir: 'Government identifiers/fr-nir',
  nlBsn: 'Government identifiers/nl-bsn',
  sePnr: 'Government identifiers/se-personnummer',
  aadhaar: 'Government identifiers/in-aadhaar',
  pan: 'Government identifiers/in-pan',
  caSin: 'Government identifiers/ca-sin',
  auTfn: 'Government identifiers/au-tfn',
  brCpf: 'Government identifiers/br-cpf',
  pem: 'Credentials/pem-private-key',
  awsId: 'Credentials/aws-access-key-id',
  awsSecret: 'Credentials/aws-secret-access-key',
  github: 'Credentials/github-token',
  githubPat: 'Credentials/github-fine-grained-token',
  gitlab: 'Credentials/gitlab-token',
  slack: 'Credentials/slack-token',
  slackHook: 'Credentials/slack-webhook',
  stripe: 'Credentials/stripe-key',
  google: 'Credentials/google-api-key',
  jwt: 'Credentials/jwt',
  password: 'Credentials/password-assignment',
  connString: 'Credentials/connection-string-password',
  xmlSetting: 'Credentials/xml-password-setting',
  xmlElement: 'Credentials/xml-password-element',
  icd10: 'Health data/icd10-code',
  condition: 'Health data/medical-condition',
  email: 'Contact data/email',
  phone: 'Contact data/phone-number',
  addressUs: 'Contact data/postal-address-us',
  addressUk: 'Contact data/postal-address-uk',
  addressDe: 'Contact data/postal-address-de',
  name: 'Personal data/person-name',
  labelledName: 'Personal data/person-name-labelled',
  dob: 'Personal data/date-of-birth',
} as const;

const FIRST = ['Ada', 'Jonas', 'Priya', 'Mateo', 'Chloé', 'Giulia', 'Piotr', 'Amara', 'Liam', 'Sofía', 'Henrik', 'Mei'];
const LAST = ['Lovelace', 'Becker', 'Sharma', 'García', 'Martin', 'Rossi', 'Nowak', 'Okafor', 'Walsh', 'Fernández', 'Larsen', 'Chen'];
const COMPANIES = ['Acme Corp', 'Globex Ltd', 'Initech GmbH', 'Umbrella SARL', 'Hooli Inc', 'Vandelay Industries', 'Stark Logistics', 'Wayne Foods'];
const DOMAINS = ['acme-corp.com', 'globex.co.uk', 'initech.de', 'umbrella.fr', 'hooli.io', 'vandelay.es'];

export const person = (rand: Random) => `${rand.pick(FIRST)} ${rand.pick(LAST)}`;
export const company = (rand: Random) => rand.pick(COMPANIES);
export const pad2 = (n: number) => String(n).padStart(2, '0');
export const isoDate = (rand: Random) => `20${pad2(rand.int(19, 27))}-${pad2(rand.int(1, 12))}-${pad2(rand.int(1, 28))}`;
export const amount = (rand: Random) => `${rand.int(100, 98_000).toLocaleString('en-US')}.${pad2(rand.int(0, 99))}`;

export function emailAddress(rand: Random): string {
  const [first, last] = [rand.pick(FIRST), rand.pick(LAST)].map((s) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase());
  return `${first}.${last}@${rand.pick(DOMAINS)}`;
}

/** Phone numbers in the notations the phone detector knows, in ranges libphonenumber-js accepts as valid. */
export function phoneNumber(rand: Random): string {
  const d = (n: number) => String(rand.int(10 ** (n - 1), 10 ** n - 1));
  return rand.pick([
    () => `+44 20 7${d(3)} ${d(4)}`,
    () => `+49 (0)30 ${d(7)}`,
    () => `+1 212 555 ${d(4)}`,
    () => `(212) 555-${d(4)}`,
    () => `030 ${d(7)}`,
    () => `0170 ${d(7)}`,
    () => `+33 1 ${d(2)} ${d(2)} ${d(2)} ${d(2)}`,
    () => `089 ${d(6)}`,
    () => `06 ${d(2)} ${d(2)} ${d(2)} ${d(2)}`,
  ])();
}

/** Neutral business filler: no marking, number or name that any detector knows. */
export function filler(rand: Random, sentences: number): string {
  const s = [
    'The parties will review progress at the end of each quarter.',
    'Deliverables are accepted once the steering group has signed them off.',
    'All amounts are exclusive of value added tax unless stated otherwise.',
    'The project plan is attached as an appendix and may change by mutual agreement.',
    'Travel costs are reimbursed at cost against receipts.',
    'Questions about this document go to the account manager.',
    'The schedule assumes that test environments are available from the first week.',
    'Each milestone is reported in the monthly status meeting.',
  ];
  return Array.from({ length: sentences }, () => rand.pick(s)).join(' ');
}
