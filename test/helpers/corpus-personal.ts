// Personnel records of the generated corpus: a name beside a birth date, a postal address (US,
// UK, DE) and a national identifier of one of the countries added in detection round 2.
import * as I from './corpus-values-ids.ts';
import { type DocBuilder, filler, isoDate, K, person, type Template } from './corpus-kit.ts';

const IDS: readonly [string, string, (b: DocBuilder) => string][] = [
  [K.frNir, 'Numéro de sécurité sociale', (b) => I.frNir(b.rand)],
  [K.nlBsn, 'BSN', (b) => I.nlBsn(b.rand)],
  [K.sePnr, 'Personnummer', (b) => I.sePersonnummer(b.rand)],
  [K.aadhaar, 'Aadhaar', (b) => I.inAadhaar(b.rand)],
  [K.pan, 'PAN', (b) => I.inPan(b.rand)],
  [K.caSin, 'Social insurance number', (b) => I.caSin(b.rand)],
  [K.auTfn, 'Tax file number', (b) => I.auTfn(b.rand)],
  [K.brCpf, 'CPF', (b) => I.brCpf(b.rand)],
];
const ADDRESSES = [
  [K.addressUs, 'US'],
  [K.addressUk, 'UK'],
  [K.addressDe, 'DE'],
] as const;

function personnelRecord(b: DocBuilder): void {
  const r = b.rand;
  b.add(`PERSONNEL RECORD — updated ${isoDate(r)}`);
  if (b.seq % 2 === 0) b.hit(K.labelledName, `Full name: ${person(r)}`);
  else b.hit(K.name, `Record of ${r.pick(['Mr', 'Mrs', 'Ms', 'Dr'])} ${person(r)}`);
  b.hit(K.dob, `Date of birth: ${I.birthDate(r)}`);
  const [addressKey, country] = ADDRESSES[b.seq % ADDRESSES.length]!;
  b.hit(addressKey, 'Home address:', I.postalAddress(r, country));
  const [idKey, word, value] = IDS[b.seq % IDS.length]!;
  b.hit(idKey, `${word}: ${value(b)}`);
  b.add(filler(r, 2));
}

function teamPage(b: DocBuilder): void {
  const r = b.rand;
  // Names without personal data beside them, and dates that are not birth dates: nothing to find.
  b.add(`Team page — ${isoDate(r)}`, `Project lead: Dr. ${person(r)} will chair the kick-off.`, `Mr ${person(r).split(' ')[1]} joined on ${isoDate(r)}.`, filler(r, 2));
}

export const PERSONAL_TEMPLATES: readonly Template[] = [
  { kind: 'personnel-record', weight: 5, asset_type: 'document', name: (_r, i) => `hr/personnel-${i}.docx`, build: personnelRecord },
  { kind: 'team-page', weight: 1, asset_type: 'document', name: (_r, i) => `intranet/team-${i}.html`, build: teamPage },
];
