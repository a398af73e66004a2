// One case per catalogue detector: valid values (published test values, or computed), lookalikes
// with a wrong checksum or shape, the text around a value (with and without its supporting word)
// and how a line break inside the text is handled. Used by the detector and DOCX tests.
import { CREDENTIAL_CASES } from './detector-cases-credentials.ts';
import { ID_AND_PERSONAL_CASES } from './detector-cases-ids-personal.ts';

export interface LineBreakCase {
  readonly text: string;
  readonly reported: boolean;
}

export interface DetectorCase {
  readonly rule: string;
  readonly id: string;
  /** Text before the value; it holds the supporting word when the detector has one. */
  readonly lead: string;
  readonly tail?: string;
  /** Valid values: each one is reported as `lead + value + tail`. */
  readonly valid: readonly string[];
  /** Lookalikes (bad checksum, impossible prefix, placeholder, …): never reported, even with the lead. */
  readonly invalid: readonly string[];
  /** A lead without the supporting word, for detectors that require one: the valid values are then not reported. */
  readonly bareLead?: string;
  readonly lineBreaks: readonly LineBreakCase[];
  /** The DOCX table row holding the first valid value; default [lead, value + tail] (supporting word in the cell before). */
  readonly docxRow?: readonly [string, string];
}

const BASE_CASES: readonly DetectorCase[] = [
  {
    rule: 'Marked confidential',
    id: 'keywords',
    lead: 'Header: ',
    valid: ['Confidential', 'CONFIDENTIAL', 'NDA', 'Non-disclosure agreement', 'vertraulich', 'Geheimhaltungsvereinbarung', 'Confidentiel', 'Confidencial', 'Acuerdo de confidencialidad'],
    invalid: ['Confidentiality', 'confidentially', 'Vertraulichkeit', 'Geheimnis', 'Honda', 'agenda', 'Confidencialidad'],
    lineBreaks: [
      { text: 'Mutual non-disclosure\nagreement', reported: true },
      { text: 'Do not\r\ndistribute', reported: true },
    ],
  },
  {
    rule: 'Internal use only',
    id: 'keywords',
    lead: 'Classification: ',
    valid: ['Internal use only', 'For internal use', 'Not for external distribution', 'internen Gebrauch', 'Usage interne', 'Uso interno'],
    invalid: ['internal user', 'internally used', 'Internationale Nutzung', 'usages internes'],
    lineBreaks: [{ text: 'For internal\nuse only', reported: true }],
  },
  {
    rule: 'Financial data',
    id: 'payment-card',
    lead: 'Card: ',
    valid: [
      '4111 1111 1111 1111', '5555-5555-5555-4444', '2223 0031 2200 3222', '6011 1111 1111 1117', '3530 1113 3330 0000', '3782 822463 10005', '3056 930902 5904',
      // Maestro, Dankort, UATP (4-5-6), Mir, UnionPay
      '6761 3412 3456 7802', '5019 3412 3456 7804', '1100 12345 678900', '2200 0312 3456 7807', '6212 3456 7890 1208',
    ],
    invalid: ['4111 1111 1111 1112', '5555-5555-5555-4445', '4111 1111-1111 1111', '1234 5678 9012 3452', '4111-1111-1111-1111-0000', '1100 1234 5678 9003', '6761 3412 3456 7803'],
    lineBreaks: [{ text: 'Card: 4111 1111\n1111 1111', reported: false }],
  },
  {
    rule: 'Financial data',
    id: 'payment-card-unformatted',
    lead: 'Visa ',
    valid: ['4111111111111111', '4012888888881881', '5555555555554444', '5105105105105100', '378282246310005', '6011111111111117', '3530111333300000', '30569309025904', '6200000000000005', '6761341234567802', '110012345678900'],
    invalid: ['4111111111111112', '5105105105105101', '1234567890123452', '4444444444444444', '7000123456789012'],
    bareLead: 'Tracking ',
    lineBreaks: [
      { text: 'Visa\n4012888888881881', reported: true },
      { text: 'Visa 40128888\n88881881', reported: false },
    ],
  },
  {
    rule: 'Financial data',
    id: 'iban',
    lead: 'IBAN ',
    valid: [
      'DE89370400440532013000',
      'GB29NWBK60161331926819',
      'FR1420041010050500013M02606',
      'NL91ABNA0417164300',
      'ES9121000418450200051332',
      'IT60X0542811101000000123456',
      'CH9300762011623852957',
      'BE68539007547034',
      'PL61109010140000071219812874',
      'AT611904300234573201',
      'GB29 NWBK 6016 1331 9268 19',
      'DE89 3704 0044 0532 0130 00',
      'FR14 2004 1010 0505 0001 3M02 606',
      // BBANs ending in letters: the short last group of the print form holds them.
      'SC18 SSCB 1101 0000 0000 0000 1497 USD',
      'MU17 BOMM 0101 1010 3030 0200 000M UR',
    ],
    invalid: ['SC18 SSCB 1101 0000 0000 0000 1497 USE', 'DE89370400440532013001', 'GB29NWBK60161331926818', 'XX89370400440532013000', 'DE8937040044053201300', 'DE89 3704 0044 0532 0130 01', 'de89370400440532013000'],
    lineBreaks: [{ text: 'IBAN DE89 3704 0044\n0532 0130 00', reported: false }],
  },
  {
    rule: 'Financial data',
    id: 'aba-routing',
    lead: 'ABA routing number: ',
    valid: ['021000021', '011000015', '122105278', '026009593', '111000025', '322271627', '3222-7162-7', '0711-0130-7'],
    invalid: ['021000022', '123456789', '921000021', '02100002', '3222-7162-8', '322-271-627', '32227-1627'],
    bareLead: 'Invoice ',
    lineBreaks: [
      { text: 'Routing number:\n021000021', reported: true },
      { text: 'Routing number: 0210\n00021', reported: false },
    ],
  },
  {
    rule: 'Government identifiers',
    id: 'us-ssn',
    lead: 'SSN: ',
    valid: ['536-90-4399', '432-11-7755', '001-01-0001', '536 90 4399', '536904399', '536.90.4399'],
    invalid: ['078-05-1120', '666-12-3456', '000-12-3456', '536-00-4399', '536-90-0000', '123-45-6789', '987-65-4321', '536-90 4399', '536.90-4399', '078.05.1120'],
    bareLead: 'Part ',
    lineBreaks: [
      { text: 'Social Security Number:\n536-90-4399', reported: true },
      { text: 'SSN: 536-90-\n4399', reported: false },
    ],
  },
  {
    rule: 'Government identifiers',
    id: 'passport-number',
    lead: 'Passport No.: ',
    valid: ['533380006', 'C01X00T47', '18RF12345', 'AB1234567', 'XDA123456', 'ab1234567'],
    invalid: ['53338000', '5333800061', 'ABCD12345', 'C01X00T4'],
    bareLead: 'Order ',
    lineBreaks: [
      { text: 'Passport No.:\n533380006', reported: true },
      { text: 'Passport No.: 53338\n0006', reported: false },
    ],
  },
  {
    rule: 'Government identifiers',
    id: 'uk-nino',
    lead: 'National Insurance number: ',
    valid: ['AB123456C', 'AB 12 34 56 C', 'JG103755A', 'CE123456D', 'jg103755a', 'ab 12 34 56 c'],
    invalid: ['QQ123456C', 'AB123456E', 'BG123456A', 'DA123456A', 'AO123456A'],
    lineBreaks: [{ text: 'NINO AB 12 34\n56 C', reported: false }],
  },
  {
    rule: 'Government identifiers',
    id: 'uk-nhs',
    lead: 'NHS number: ',
    valid: ['943 476 5919', '9434765919', '401 023 2137', '450 557 7104', '943-476-5919'],
    invalid: ['943 476 5918', '9434765910', '943-476 5919'],
    bareLead: 'Call ',
    lineBreaks: [
      { text: 'NHS number:\n943 476 5919', reported: true },
      { text: 'NHS number: 943 476\n5919', reported: false },
    ],
  },
  {
    rule: 'Government identifiers',
    id: 'de-tax-id',
    lead: 'Steuer-ID: ',
    valid: ['86095742719', '65929970489', '47036892816', '57549285017', '26954371827', '65 929 970 489'],
    invalid: ['86095742718', '12345678903', '01234567890', '11111111111'],
    bareLead: 'Kundennummer ',
    lineBreaks: [
      { text: 'Steuerliche Identifikationsnummer:\n86095742719', reported: true },
      { text: 'Steuer-ID: 86095\n742719', reported: false },
    ],
  },
  {
    rule: 'Government identifiers',
    id: 'es-dni-nie',
    lead: 'DNI: ',
    valid: ['12345678Z', 'X1234567L', 'Y2345678Z', '12345678-Z', '00000000T', '1234567L', '12.345.678-Z', 'x1234567l', '12345678z', 'X-1234567-L'],
    invalid: ['12345678A', 'X1234567A', 'Z7654321A', '1234567A', '12.345.678-A'],
    bareLead: 'Lote ',
    lineBreaks: [
      { text: 'DNI/NIE:\nX1234567L', reported: true },
      { text: 'DNI: 12345678\nZ', reported: false },
    ],
  },
  {
    rule: 'Government identifiers',
    id: 'it-codice-fiscale',
    lead: 'Codice fiscale: ',
    valid: ['RSSMRA85T10A562S', 'MRTMTT25D09F205Z', 'SFFPTN41B08D028W', 'rssmra85t10a562s'],
    invalid: ['RSSMRA85T10A562T', 'BNCGVN70A41H501K', 'RSSMRA85X10A562S'],
    lineBreaks: [{ text: 'C.F. RSSMRA85\nT10A562S', reported: false }],
  },
  {
    rule: 'Government identifiers',
    id: 'pl-pesel',
    lead: 'PESEL: ',
    valid: ['44051401359', '02070803628', '90090515836', '46091470890'],
    invalid: ['44051401358', '44133101359', '80010112345'],
    bareLead: 'Zamówienie ',
    lineBreaks: [
      { text: 'Numer PESEL:\n44051401359', reported: true },
      { text: 'PESEL: 440514\n01359', reported: false },
    ],
  },
  {
    rule: 'Health data',
    id: 'icd10-code',
    lead: 'Diagnosis: ',
    valid: ['E11.9', 'J45.909', 'F32.1', 'I10', 'C50.911', 'S72.001A', 'U07.1'],
    invalid: ['B12', 'E1', '1E11', 'E111'],
    bareLead: 'Gate ',
    lineBreaks: [
      { text: 'Diagnosis:\nE11.9', reported: true },
      { text: 'Diagnosis: E11.\n9', reported: true },
    ],
  },
  {
    rule: 'Health data',
    id: 'medical-condition',
    lead: 'The patient was diagnosed with ',
    valid: ['diabetes', 'epilepsy', 'COPD', 'Bluthochdruck', 'leukaemia', 'multiple sclerosis', 'bipolar disorder'],
    invalid: ['diabetic', 'cancerous', 'epileptiform', 'multiple scleroses'],
    bareLead: 'Our charity supports research into ',
    lineBreaks: [
      { text: 'The patient was diagnosed with multiple\nsclerosis', reported: true },
      { text: 'Medical history:\nasthma', reported: true },
    ],
  },
  {
    rule: 'Contact data',
    id: 'email',
    lead: 'Contact ',
    valid: ['jane.doe@acme-corp.com', "o'brien+hr@mail.example.co.uk", 'a.b@x.io', 'JANE@ACME.DE'],
    invalid: ['user@localhost', 'logo@2x.png', 'lodash@4.17.21', 'jane.doe@acme', 'git@github.com', '@acme.com'],
    lineBreaks: [{ text: 'Contact jane.doe@\nacme-corp.com', reported: false }],
  },
  {
    rule: 'Contact data',
    id: 'phone-number',
    lead: 'Phone: ',
    valid: [
      '+44 20 7946 0958', '+1 212 555 0199', '+49 (0)30 1234567', '(212) 555-0199', '030 1234567', '0170 1234567', '+4930123456', '212-555-0199', '+33 1 42 68 53 00',
      // National notation without a country code, short area codes.
      '089 123456', '020 7946 0958', '06 12 34 56 78', '02 1234 5678', '0049 30 1234567', '612 345 678',
    ],
    invalid: ['2026-03-14', '10:30', '4.12.7', '12345', '192.168.1.10', '(555) 010-9999', '+1 555 010 9999', '+44 20 7946', '0000 000000', '14.03.2026'],
    bareLead: 'Order ',
    lineBreaks: [
      { text: 'Phone:\n+44 20 7946 0958', reported: true },
      { text: 'Phone: +44 20\n7946 0958', reported: false },
    ],
  },
];

/** Every catalogue detector's case; credentials are in detector-cases-credentials.ts, national identifiers, personal data and addresses in detector-cases-ids-personal.ts. */
export const DETECTOR_CASES: readonly DetectorCase[] = [...BASE_CASES, ...CREDENTIAL_CASES, ...ID_AND_PERSONAL_CASES];
