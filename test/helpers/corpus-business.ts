// Business documents of the generated corpus: contracts, HR letters, invoices, payment forms,
// medical notes, newsletters, meeting notes and multilingual memos.
import * as V from './corpus-values.ts';
import { amount, company, type DocBuilder, emailAddress, filler, isoDate, K, pad2, person, phoneNumber, type Template } from './corpus-kit.ts';

function contract(b: DocBuilder): void {
  const r = b.rand;
  const nda = r.next() < 0.4;
  if (nda) b.hit(K.marked, 'MUTUAL NON-DISCLOSURE AGREEMENT', `between ${company(r)} and ${company(r)}`);
  else b.add('SERVICES AGREEMENT', `Agreement No. ${r.int(2019, 2027)}-${String(r.int(1, 999)).padStart(4, '0')}, version ${V.semver(r)}`);
  b.maybe(nda ? 0 : 0.4, () => b.hit(K.marked, r.pick(['Confidential', 'STRICTLY CONFIDENTIAL', 'Private and confidential'])));
  b.add(`Effective date: ${isoDate(r)}`, filler(r, 3));
  if (r.next() < 0.6) {
    const iban = V.iban(r, r.pick(V.IBAN_COUNTRIES));
    b.hit(K.iban, `Payment is due within 30 days to the account IBAN ${r.next() < 0.5 ? V.printIban(iban) : iban}, BIC ${r.pick(['COBADEFFXXX', 'NWBKGB2L', 'BNPAFRPP'])}.`);
  } else {
    b.add('Payment is due within 30 days of the invoice date.');
  }
  b.maybe(0.2, () => b.add(`Bank reference ${V.ibanWithBadCheck(r, 'DE')} was rejected and replaced.`));
  b.add(filler(r, 2), `Signed: ${person(r)}, ${isoDate(r)}`);
  b.maybe(0.3, () => b.hit(K.email, `Notices: ${emailAddress(r)}`));
}

const HR_COUNTRIES = ['US', 'UK', 'DE', 'ES', 'IT', 'PL'] as const;

function hrLetter(b: DocBuilder): void {
  const r = b.rand;
  const name = person(r);
  b.maybe(0.5, () => b.hit(K.marked, r.pick(['Confidential — personnel file', 'Vertraulich', 'Confidencial'])));
  b.add(`Dear ${name},`, `We are pleased to confirm your employment starting ${isoDate(r)} with an annual salary of ${amount(r)} EUR.`, `Employee ID: E-${r.int(10000, 99999)}`);
  b.add('Please check the personal details we hold for payroll:');
  switch (HR_COUNTRIES[b.seq % HR_COUNTRIES.length]) {
    case 'US':
      b.hit(K.ssn, `Social Security Number: ${V.usSsn(r, r.pick(['-', ' ', '-']))}`);
      break;
    case 'UK':
      b.hit(K.nino, `National Insurance number: ${V.ukNino(r, r.next() < 0.5)}`);
      break;
    case 'DE':
      b.hit(K.deTax, `Steuerliche Identifikationsnummer (Steuer-ID): ${V.deTaxId(r)}`);
      break;
    case 'ES':
      b.hit(K.dni, r.next() < 0.5 ? `DNI: ${V.esDni(r)}` : `NIE: ${V.esNie(r)}`);
      break;
    case 'IT':
      b.hit(K.cf, `Codice fiscale: ${V.itCodiceFiscale(r)}`);
      break;
    case 'PL':
      b.hit(K.pesel, `Numer PESEL: ${V.plPesel(r)}`);
      break;
  }
  b.maybe(0.3, () => b.hit(K.passport, `Passport No.: ${V.passportNumber(r)}`));
  b.add(filler(r, 2));
  b.maybe(0.5, () => b.hit(K.email, `Private e-mail: ${emailAddress(r)}`));
  b.maybe(0.4, () => b.hit(K.phone, `Mobile: ${phoneNumber(r)}`));
  b.add('Kind regards,', `${person(r)}, People Team`);
}

function invoice(b: DocBuilder): void {
  const r = b.rand;
  b.add(`INVOICE INV-${r.int(2019, 2027)}-${String(r.int(1, 99999)).padStart(5, '0')}`, `Date: ${isoDate(r)}`, `Order: ${V.orderNumber(r)}`, `Reference: ${V.uuid(r)}`);
  for (let i = 0; i < r.int(2, 5); i++) b.add(`${r.int(1, 20)} x ${r.pick(['Consulting day', 'Licence seat', 'Support hour', 'Hosting month'])} — ${amount(r)} EUR`);
  b.add(`Total: ${amount(r)} EUR`);
  const pay = b.seq % 3;
  if (pay === 0) b.hit(K.iban, `Please pay to IBAN ${V.printIban(V.iban(r, r.pick(V.IBAN_COUNTRIES)))}.`);
  else if (pay === 1) b.hit(K.aba, `ACH payment: ABA routing number ${V.abaRouting(r)}, account 00${r.int(10_000_000, 99_999_999)}.`);
  else b.add(`Shipment tracking ${V.luhnValidSixteen(r)}, request ${V.randomSixteen(r)}.`);
  b.maybe(0.5, () => b.hit(K.email, `Questions: ${emailAddress(r)}`));
}

function paymentForm(b: DocBuilder): void {
  const r = b.rand;
  b.add('Payment authorisation form', `Customer: ${person(r)}`, `Amount: ${amount(r)} USD`);
  const n = V.cardNumber(r, r.pick(V.CARD_BRAND_NAMES));
  if (b.seq % 2 === 0) b.hit(K.card, `Card number: ${V.formatCard(n, r.next() < 0.7 ? ' ' : '-')}   Expiry: ${pad2(r.int(1, 12))}/${r.int(26, 31)}`);
  else b.hit(K.cardRun, `Credit card: ${n}, CVV on file`);
  b.add(`Authorised on ${isoDate(r)}. ${filler(r, 1)}`);
}

/** ICD-10 code, its description, whether the description names a condition the detector knows, and that condition. */
const ICD = [
  ['E11.9', 'type 2 diabetes mellitus', true, 'diabetes'],
  ['J45.909', 'asthma, uncomplicated', true, 'asthma'],
  ['F32.1', 'moderate depressive episode', false, 'depression'],
  ['I10', 'essential hypertension', true, 'hypertension'],
  ['G40.909', 'epilepsy, not intractable', true, 'epilepsy'],
  ['C50.911', 'malignant neoplasm of breast', false, 'cancer'],
] as const;

function medicalNote(b: DocBuilder): void {
  const r = b.rand;
  b.hit(K.labelledName, 'CLINIC LETTER', `Patient: ${person(r)}`).hit(K.dob, `Date of birth: ${isoDate(r)}`);
  b.maybe(0.6, () => b.hit(K.nhs, `NHS number: ${V.ukNhs(r, r.next() < 0.6)}`));
  const [code, description, named, condition] = r.pick(ICD);
  if (r.next() < 0.5) {
    b.hit(K.icd10, `Diagnosis: ${description} (ICD-10 ${code}).`);
    if (named) b.detectors.add(K.condition);
  }
  else b.hit(K.icd10, `Dx: ${code}`).hit(K.condition, `The patient was diagnosed with ${condition} and is responding well to treatment.`);
  b.add(`Blood pressure 128/82, HbA1c ${r.int(50, 80) / 10}%. Next review in ${r.int(2, 12)} weeks.`);
  // UK notation (London numbers in service start 020 7): a US 555 010 1234 has the shape of an NHS number.
  b.maybe(0.3, () => b.hit(K.phone, `Clinic telephone: +44 20 7${r.int(100, 999)} ${r.int(1000, 9999)}`));
  b.maybe(0.3, () => b.add('Vitamin B12 levels are normal.'));
}

function newsletter(b: DocBuilder): void {
  const r = b.rand;
  b.add(`${company(r)} community newsletter — ${isoDate(r)}`, 'Our cancer research charity run raised 12,000 EUR for the local hospital.');
  b.add('This public report is published on our website. The great depression of the 1930s shaped the history of our town.', filler(r, 2));
  b.add(`Version ${V.semver(r)} of the members app is out. Opening hours: 9:00–17:30.`);
  b.maybe(0.3, () => b.hit(K.phone, `Call us on ${phoneNumber(r)}.`));
  b.maybe(0.3, () => b.hit(K.email, `Write to ${emailAddress(r)}.`));
}

function meetingNotes(b: DocBuilder): void {
  const r = b.rand;
  b.add(`Meeting notes ${isoDate(r)} — release planning`);
  b.maybe(0.6, () => b.hit(K.internal, r.pick(['For internal use only.', 'INTERNAL USE ONLY', 'Not for external distribution.'])));
  b.add(`Release ${V.semver(r)} is planned for ${isoDate(r)}; build ${V.gitSha(r).slice(0, 7)} passed.`, 'Action items: update the roadmap, book the room, review the budget.');
  b.add(`Vendor call at ${pad2(r.int(8, 17))}:30, ticket ${V.orderNumber(r)}.`);
  b.maybe(0.3, () => b.hit(K.email, `Minutes by ${emailAddress(r)}`));
}

function foreignMemo(b: DocBuilder): void {
  const r = b.rand;
  const lang = r.pick(['de', 'fr', 'es']);
  if (lang === 'de') {
    b.maybe(0.5, () => b.hit(K.marked, 'VERTRAULICH'));
    b.maybe(0.5, () => b.hit(K.internal, 'Nur für den internen Gebrauch.'));
    b.add('Besprechungsnotiz zum Projektstand. Die nächste Abstimmung findet nächste Woche statt.');
  } else if (lang === 'fr') {
    b.maybe(0.5, () => b.hit(K.marked, 'Document confidentiel — ne pas diffuser.'));
    b.maybe(0.5, () => b.hit(K.internal, 'Réservé à un usage interne.'));
    b.add("Compte rendu de la réunion de suivi. Le prochain point aura lieu la semaine prochaine.");
  } else {
    b.maybe(0.5, () => b.hit(K.marked, 'Documento confidencial.'));
    b.maybe(0.5, () => b.hit(K.internal, 'Solo para uso interno.'));
    b.add('Acta de la reunión de seguimiento. La próxima reunión será la semana que viene.');
  }
  b.add(`Ref. ${V.orderNumber(r)} · ${isoDate(r)}`);
}

function csvExport(b: DocBuilder): void {
  const r = b.rand;
  const rows = r.int(3, 8);
  b.add('name,phone,email,signup_date');
  const withPhone = r.next() < 0.6;
  b.hit(K.email);
  if (withPhone) b.hit(K.phone);
  for (let i = 0; i < rows; i++) b.add(`${person(r)},${withPhone ? phoneNumber(r) : ''},${emailAddress(r)},${isoDate(r)}`);
}

export const BUSINESS_TEMPLATES: readonly Template[] = [
  { kind: 'contract', weight: 3, asset_type: 'document', name: (r, i) => `contracts/${r.pick(['msa', 'nda', 'sow'])}-${i}.pdf`, build: contract },
  { kind: 'hr-letter', weight: 4, asset_type: 'document', name: (_r, i) => `hr/offer-letter-${i}.docx`, build: hrLetter },
  { kind: 'invoice', weight: 3, asset_type: 'document', name: (_r, i) => `finance/invoice-${i}.pdf`, build: invoice },
  { kind: 'payment-form', weight: 1.5, asset_type: 'document', name: (_r, i) => `finance/card-authorisation-${i}.pdf`, build: paymentForm },
  { kind: 'medical-note', weight: 2, asset_type: 'document', name: (_r, i) => `clinic/letter-${i}.docx`, build: medicalNote },
  { kind: 'newsletter', weight: 1.5, asset_type: 'document', name: (_r, i) => `public/newsletter-${i}.html`, build: newsletter },
  { kind: 'meeting-notes', weight: 2, asset_type: 'document', name: (_r, i) => `notes/meeting-${i}.md`, build: meetingNotes },
  { kind: 'foreign-memo', weight: 1.5, asset_type: 'document', name: (_r, i) => `memos/memo-${i}.docx`, build: foreignMemo },
  { kind: 'csv-export', weight: 1, asset_type: 'spreadsheet', name: (_r, i) => `exports/customers-${i}.csv`, build: csvExport },
];
