// Detector cases for the national identifiers of national-ids.ts, the "Personal data" rule and
// postal addresses: valid values (published samples or computed with the check digit), wrong
// check digits, placeholders, and the same values without their supporting word.
import type { DetectorCase } from './detector-cases.ts';

export const ID_AND_PERSONAL_CASES: readonly DetectorCase[] = [
  {
    rule: 'Government identifiers',
    id: 'fr-nir',
    lead: 'Numéro de sécurité sociale : ',
    valid: ['2 55 08 14 168 025 38', '255081416802538', '1 89 05 75 112 093 85', '292029910203535'],
    invalid: ['2 55 08 14 168 025 39', '255081416802537', '5 55 08 14 168 025 38', '2 55 13 14 168 025 38'],
    bareLead: 'Référence ',
    lineBreaks: [
      { text: 'NIR :\n2 55 08 14 168 025 38', reported: true },
      { text: 'NIR : 2 55 08 14\n168 025 38', reported: false },
    ],
  },
  {
    rule: 'Government identifiers',
    id: 'nl-bsn',
    lead: 'BSN: ',
    valid: ['111222333', '123456782', '237401204', '2374.01.216'],
    invalid: ['111222334', '123456789', '000000000', '2374.01.205'],
    bareLead: 'Factuur ',
    lineBreaks: [
      { text: 'Burgerservicenummer:\n111222333', reported: true },
      { text: 'BSN: 1112\n22333', reported: false },
    ],
  },
  {
    rule: 'Government identifiers',
    id: 'se-personnummer',
    lead: 'Personnummer: ',
    valid: ['811228-9874', '19811228-9874', '8112289874', '900315-2304', '200507040004'],
    invalid: ['811228-9873', '811328-9874', '810230-9874', '18811228-9874'],
    bareLead: 'Order ',
    lineBreaks: [
      { text: 'Personnummer:\n811228-9874', reported: true },
      { text: 'Personnummer: 811228-\n9874', reported: false },
    ],
  },
  {
    rule: 'Government identifiers',
    id: 'in-aadhaar',
    lead: 'Aadhaar: ',
    valid: ['4987 1234 0004', '498712340015', '4987-1234-0027'],
    invalid: ['4987 1234 0005', '1987 1234 0004', '2222 2222 2222', '4987 1234-0004'],
    bareLead: 'Invoice ',
    lineBreaks: [
      { text: 'Aadhaar number:\n4987 1234 0004', reported: true },
      { text: 'Aadhaar: 4987 1234\n0004', reported: false },
    ],
  },
  {
    rule: 'Government identifiers',
    id: 'in-pan',
    lead: 'PAN: ',
    valid: ['ABCPE1234F', 'AAFCB9876K', 'abcpe1234f'],
    invalid: ['ABCDE1234F', 'ABCPE0000F', 'ABCP1234F', 'ABCPE12345'],
    bareLead: 'Part ',
    lineBreaks: [
      { text: 'PAN:\nABCPE1234F', reported: true },
      { text: 'PAN: ABCPE\n1234F', reported: false },
    ],
  },
  {
    rule: 'Government identifiers',
    id: 'ca-sin',
    lead: 'SIN: ',
    valid: ['130 692 502', '130-692-510', '130692528'],
    invalid: ['130 692 503', '046 454 286', '830 692 502', '130 692-502'],
    bareLead: 'Ticket ',
    lineBreaks: [
      { text: 'Social insurance number:\n130 692 502', reported: true },
      { text: 'SIN: 130 692\n502', reported: false },
    ],
  },
  {
    rule: 'Government identifiers',
    id: 'au-tfn',
    lead: 'Tax file number: ',
    valid: ['123 456 782', '876 543 210', '459381105', '459-381-113'],
    invalid: ['123 456 789', '111 111 111', '459381106'],
    bareLead: 'Ticket ',
    lineBreaks: [
      { text: 'TFN:\n123 456 782', reported: true },
      { text: 'TFN: 123 456\n782', reported: false },
    ],
  },
  {
    rule: 'Government identifiers',
    id: 'br-cpf',
    lead: 'CPF: ',
    valid: ['529.982.247-25', '52998224725', '384.721.900-64'],
    invalid: ['529.982.247-26', '111.111.111-11', '529.982.24725', '52998224726'],
    bareLead: 'Pedido ',
    lineBreaks: [
      { text: 'CPF:\n529.982.247-25', reported: true },
      { text: 'CPF: 529.982.\n247-25', reported: false },
    ],
  },
  {
    rule: 'Personal data',
    id: 'person-name',
    lead: 'Mrs. ',
    tail: ', date of birth 1985-03-12',
    valid: ['Ada Lovelace', 'Jonas Becker', 'Chloé Martin', 'Mary-Jane Watson', 'Sofía García'],
    invalid: ['the project', 'ada lovelace'],
    bareLead: 'Report by ',
    lineBreaks: [
      { text: 'Dr Ada Lovelace\nDate of birth: 1985-03-12', reported: true },
      { text: 'Dr\nAda Lovelace, DOB 1985-03-12', reported: false },
    ],
    docxRow: ['Patient', 'Mrs. Ada Lovelace, date of birth 1985-03-12'],
  },
  {
    rule: 'Personal data',
    id: 'person-name-labelled',
    lead: 'Patient: ',
    tail: ', date of birth 1985-03-12',
    valid: ['Ada Lovelace', 'Jonas Becker', 'Chloé Martin', 'Mary-Jane Watson', 'Ólafur Arnalds'],
    invalid: ['the project', 'ada lovelace'],
    bareLead: 'Report by ',
    lineBreaks: [
      { text: 'Patient: Ada Lovelace\nDate of birth: 1985-03-12', reported: true },
      { text: 'Patient:\nAda Lovelace, DOB 1985-03-12', reported: false },
    ],
    docxRow: ['Record', 'Patient: Ada Lovelace, date of birth 1985-03-12'],
  },
  {
    rule: 'Personal data',
    id: 'date-of-birth',
    lead: 'Date of birth: ',
    valid: ['1985-03-12', '12.03.1985', '12/31/1979', '3 May 1990', 'March 12, 1985', '12. März 1985', '12 de marzo de 1985', '29.02.2000'],
    invalid: ['1985-02-30', '31.31.1985', '29.02.1900', '12.03.85', '1850-01-01'],
    bareLead: 'Invoice date: ',
    lineBreaks: [
      { text: 'DOB:\n1985-03-12', reported: true },
      { text: 'DOB: 12 March\n1985', reported: false },
    ],
  },
  {
    rule: 'Contact data',
    id: 'postal-address-us',
    lead: 'Ship to: ',
    valid: ['1600 Pennsylvania Avenue, Washington, DC 20500', '742 Evergreen Terrace\nSpringfield, OR 97477', '350 Fifth Ave, Suite 3400, New York, NY 10118-0110'],
    invalid: ['Pennsylvania Avenue, Washington, DC 20500', '12 Main Street, Springfield, XX 12345', '12 Main Street, Springfield, IL 1234'],
    lineBreaks: [
      { text: '742 Evergreen Terrace\nSpringfield, OR 97477', reported: true },
      { text: '742 Evergreen\n\nTerrace, Springfield, OR 97477', reported: false },
    ],
  },
  {
    rule: 'Contact data',
    id: 'postal-address-uk',
    lead: 'Address: ',
    valid: ['10 Downing Street, London SW1A 2AA', '221B Baker Street\nLondon\nNW1 6XE', '3 Abbey Road, St Johns Wood, London NW8 9AY'],
    invalid: ['Baker Street, London NW1 6XE', '10 Downing Street, London SW1A 2CI', '10 Downing Street'],
    lineBreaks: [
      { text: '221B Baker Street\nLondon\nNW1 6XE', reported: true },
      { text: '221B Baker\n\nStreet, London NW1 6XE', reported: false },
    ],
  },
  {
    rule: 'Contact data',
    id: 'postal-address-de',
    lead: 'Anschrift: ',
    valid: ['Hauptstraße 12a, 10115 Berlin', 'Am Alten Weg 3\n80331 München', 'Berliner Allee 7, 40212 Düsseldorf', 'Lindenstr. 5, 50674 Köln'],
    invalid: ['Hauptstraße, 10115 Berlin', 'Hauptstraße 12a, 1011 Berlin', 'Hauptstraße 12a'],
    lineBreaks: [
      { text: 'Hauptstraße 12a\n10115 Berlin', reported: true },
      { text: 'Hauptstraße\n\n12a, 10115 Berlin', reported: false },
    ],
  },
];
