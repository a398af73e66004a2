// One case per catalogue detector: valid values (published test values, or computed), lookalikes
// with a wrong checksum or shape, the text around a value (with and without its supporting word)
// and how a line break inside the text is handled. Used by the detector and DOCX tests.
import { ID_AND_PERSONAL_CASES } from './detector-cases-ids-personal.ts';

/** Joins token parts: split in the source so that secret scanners do not flag the test data. */
const fake = (...parts: string[]): string => parts.join('');

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
    valid: ['021000021', '011000015', '122105278', '026009593', '111000025', '322271627'],
    invalid: ['021000022', '123456789', '921000021', '02100002'],
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
    valid: ['536-90-4399', '432-11-7755', '001-01-0001', '536 90 4399', '536904399'],
    invalid: ['078-05-1120', '666-12-3456', '000-12-3456', '536-00-4399', '536-90-0000', '123-45-6789', '987-65-4321', '536-90 4399'],
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
    rule: 'Credentials',
    id: 'pem-private-key',
    lead: 'key.pem:\n',
    tail: '\nMIIEpAIBAAKCAQEA',
    valid: ['-----BEGIN RSA PRIVATE KEY-----', '-----BEGIN PRIVATE KEY-----', '-----BEGIN EC PRIVATE KEY-----', '-----BEGIN OPENSSH PRIVATE KEY-----', '-----BEGIN ENCRYPTED PRIVATE KEY-----', '-----BEGIN PGP PRIVATE KEY BLOCK-----'],
    invalid: ['-----BEGIN PUBLIC KEY-----', '-----BEGIN CERTIFICATE-----', '-----BEGIN RSA PUBLIC KEY-----', '----BEGIN PRIVATE KEY----'],
    lineBreaks: [{ text: '-----BEGIN RSA\nPRIVATE KEY-----', reported: false }],
  },
  {
    rule: 'Credentials',
    id: 'aws-access-key-id',
    lead: 'aws_access_key_id = ',
    valid: [fake('AKIA', 'XEHC6OLUK7BQGVKM'), fake('ASIA', 'H72W2DPCP5CSV3OL'), 'AKIAABCDEFGHIJKLMNOP'],
    invalid: ['AKIAIOSFODNN7EXAMPLE', 'AKIAAAAAAAAAAAAAAAAA', 'AKIAXEHC6OLUK7BQGVK', 'AKIAxehc6oluk7bqgvkm', 'AKIA1234567890123456789'],
    lineBreaks: [{ text: `aws_access_key_id = ${fake('AKIA', 'XEHC6OLU')}\nK7BQGVKM`, reported: false }],
  },
  {
    rule: 'Credentials',
    id: 'aws-secret-access-key',
    lead: 'aws_secret_access_key = ',
    valid: [fake('ooc1DmqBOtWjrXTN', 'JOfERN0JaZEisqNI8BhoJd/W'), fake('/QAUeTO5HATtvKYE', '9W0Bq36lfBhDo6RxAgDA5W8/')],
    invalid: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', fake('ooc1DmqBOtWjrXTN', 'JOfERN0JaZEisqNI8BhoJd/')],
    bareLead: 'secret = ',
    lineBreaks: [{ text: `aws_secret_access_key =\n${fake('ooc1DmqBOtWjrXTN', 'JOfERN0JaZEisqNI8BhoJd/W')}`, reported: false }],
    docxRow: ['Setting', `aws_secret_access_key = ${fake('ooc1DmqBOtWjrXTN', 'JOfERN0JaZEisqNI8BhoJd/W')}`],
  },
  {
    rule: 'Credentials',
    id: 'github-token',
    lead: 'GITHUB_TOKEN=',
    valid: [fake('ghp', '_sKLBiysn3Va4HBbKULmZKjpGLcp3AqAKpkXV'), fake('gho', '_HBbKULmZKjpGLcp3AqAKpkXVsKLBiysn3Va4'), fake('ghs', '_3AqAKpkXVsKLBiysn3Va4HBbKULmZKjpGLcp')],
    invalid: ['ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'ghp_sKLBiysn3Va4HBbKULmZ', 'ghx_sKLBiysn3Va4HBbKULmZKjpGLcp3AqAKpkXV', 'ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    lineBreaks: [{ text: `GITHUB_TOKEN=${fake('ghp', '_sKLBiysn3Va4HBbKULm')}\nZKjpGLcp3AqAKpkXV`, reported: false }],
  },
  {
    rule: 'Credentials',
    id: 'github-fine-grained-token',
    lead: 'token: ',
    valid: [fake('github', '_pat_', 'LQiLGkZhsRCcCb1PrqhOo1_tS7l0BSl4p7HtyPI1d4WqSmtGy9LZBcDQt2HDdFK34U2GBk65dEO29c6znt')],
    invalid: ['github_pat_11ABCDEFG0123456789_abcdefghij', `github_pat_${'a'.repeat(82)}`],
    lineBreaks: [{ text: `token: ${fake('github', '_pat_', 'LQiLGkZhsRCcCb1PrqhOo1_tS7l0BSl4p7HtyPI1d4\nWqSmtGy9LZBcDQt2HDdFK34U2GBk65dEO29c6znt')}`, reported: false }],
  },
  {
    rule: 'Credentials',
    id: 'gitlab-token',
    lead: 'CI_TOKEN=',
    valid: [
      fake('glpat', '-Y2beueULvnAzorqzIZwJ'),
      fake('gldt', '-Zk3Qp8Rt2Vw9Xy4Lm7Nq'),
      fake('glft', '-Hq8Xz2LpV9mKw3RtN7cY'),
      fake('glimt', '-4kT9wQz2LmX7vR3pN8cY5hJbW'),
      fake('glrt', '-Pz7Kq2Wm9Xv4Ln8Rt3Yc'),
      fake('GR1348941', 'aZ4kLm9QpX2vTn8Wr6Ys'),
      fake('glptt', '-8f3c1e9d7b5f2a4c6e8d0b1f3a5c7e9d2b4f6a8c'),
      fake('glagent', '-', 'Vq8Lm3Zt9PfK2rXw7Yb4Nc6Hd1Js5Gk0Ta8Ue3Wo9Ri2Mx7Qy4'),
      fake('glpat', '-4Hq8Xz2LpV9mKw3RtN7cYb5Jd6Fs1Ag', '.010w1k2c3'),
    ],
    invalid: [
      'glpat-xxxxxxxxxxxxxxxxxxxx', 'glpat-aaaaaaaaaaaaaaaaaaaa', 'glxyz-Y2beueULvnAzorqzIZwJ',
      // Wrong length for the family: a truncated or padded sample.
      'glpat-Y2beueULvnAzorq', 'glpat-Y2beueULvnAzorqzIZwJabc', 'glimt-4kT9wQz2LmX7vR3pN8cY',
    ],
    lineBreaks: [{ text: `CI_TOKEN=${fake('glpat', '-Y2beue')}\nULvnAzorqzIZwJ`, reported: false }],
  },
  {
    rule: 'Credentials',
    id: 'slack-token',
    lead: 'SLACK_BOT_TOKEN=',
    valid: [
      fake('xox', 'b-8351457236-9763844248681-hosU3mUbvqt4oKB45hdvtkPT'),
      fake('xox', 'p-1234567890-9763844248681-8351457236-hosU3mUbvqt4oKB45hdvtkPTq7Rz9W2'),
      // Digit-heavy legacy tokens.
      fake('xox', 'p-2830187462-7301983276-4918273645-a8f3c1e9d7b5f2a4c6e8d0b1f3a5c7e9'),
      fake('xox', 's-3817264912-4928173645-5019283746-8f2e4d6c8b0a1f3e5d7c9b1a3f5e7d9c'),
      fake('xa', 'pp-1-A04R9ST2M3K-6251883427716-', '6f1c2b9e0a7d4e8f3b5c1a9d2e7f4b6c8a0d3e5f7b9c1e2a4d6f8b0c3e5a7d9f1b'),
      fake('xox', 'e-1-', 'KY7QXR2M9W4ZP8LN3VT6JC5HB1DG0SF7AE2RK9XM4WQ8ZP3LN6VT1JC5HB7DG0SF2AE9RK4XM8WQ3ZP6LN1VT5JC7HB0DG2SF9AE4RK8XM3WQ6ZP1LN5VT7JC0HB2DG9SF4AE8RK3XM6WQ1ZP5LN7V'),
    ],
    invalid: [
      'xoxb-your_token_here', 'xoxb-0000000000', 'xoxz-8351457236-9763844248681-hosU3mUbvqt4oKB45hdvtkPT',
      // Placeholders in the outside suites' style: too few groups, too short, spelled out, masked.
      'xoxb-12345-abcd', 'xoxp-1234567890', 'xoxb-1234567890-1234567890-YourBotTokenHere1234', 'xoxa-YourTokenHere', 'xoxb-##########-#############-########################',
      'xoxb-0000000000-0000000000-000000000000000000000000',
    ],
    lineBreaks: [{ text: `SLACK_BOT_TOKEN=${fake('xox', 'b-')}\n8351457236-9763844248681-hosU3mUbvqt4oKB45hdvtkPT`, reported: false }],
  },
  {
    rule: 'Credentials',
    id: 'slack-webhook',
    lead: 'webhook: ',
    valid: [fake('https://hooks.slack.com/services/', 'TZPCXLOVLV/BJV7GFOAD4/FDlNGnzfOuov4K2OR6wlOK38')],
    invalid: ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'https://hooks.slack.com/services/'],
    lineBreaks: [{ text: `webhook: ${fake('https://hooks.slack.com/services/', 'TZPCXLOVLV/\nBJV7GFOAD4/FDlNGnzfOuov4K2OR6wlOK38')}`, reported: false }],
  },
  {
    rule: 'Credentials',
    id: 'stripe-key',
    lead: 'STRIPE_SECRET_KEY=',
    valid: [fake('sk', '_live_', 'ZbXqV3l7Ppk97JflFXX5hTut'), fake('rk', '_live_', '4eC39HqLyjWDarjtT1zdp7dcZbXqV3l7')],
    invalid: ['pk_live_ZbXqV3l7Ppk97JflFXX5hTut', 'sk_test_ZbXqV3l7Ppk97JflFXX5hTut', 'sk_live_short'],
    lineBreaks: [{ text: `STRIPE_SECRET_KEY=${fake('sk', '_live_', 'ZbXqV3l7Pp')}\nk97JflFXX5hTut`, reported: false }],
  },
  {
    rule: 'Credentials',
    id: 'google-api-key',
    lead: 'const key = "',
    tail: '";',
    valid: [fake('AIza', 'tNvBN_Jb5TEOa8dLusufNr0fa047TIR-70Z')],
    invalid: ['AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'AIzaSyShortKey', fake('AIza', 'tNvBN_Jb5TEOa8dLusufNr0fa047TIR-70Zq')],
    lineBreaks: [{ text: `key: ${fake('AIza', 'tNvBN_Jb5TEOa8dLu')}\nsufNr0fa047TIR-70Z`, reported: false }],
  },
  {
    rule: 'Credentials',
    id: 'jwt',
    lead: 'Authorization: Bearer ',
    valid: [fake('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.eyJzdWIiOiI0ODIxIiwibmFtZSI6IkFuYSBMaW1hIiwiaWF0IjoxNzY3MjI1NjAwfQ', '.TqRtzU1B9CjvsqTtW6X7QrAJvRhKyLTbkHdKkBGBJhk')],
    invalid: [
      fake('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ', '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'),
      'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
      'eyJhbGciOiJIUzI1NiJ9.notjson.c2lnbmF0dXJl',
      // Header not JSON (truncated), payload not JSON, header without an algorithm.
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ.eyJzdWIiOiI0ODIxIiwibmFtZSI6IkFuYSJ9.TqRtzU1B9CjvsqTtW6X7QrAJvRhKyLTbkHdKkBGBJhk',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0ODIxIiwibmFtZ.TqRtzU1B9CjvsqTtW6X7QrAJvRhKyLTbkHdKkBGBJhk',
      'eyJ0eXAiOiJKV1QiLCJraWQiOiI0MiJ9.eyJzdWIiOiI0ODIxIiwibmFtZSI6IkFuYSJ9.TqRtzU1B9CjvsqTtW6X7QrAJvRhKyLTbkHdKkBGBJhk',
    ],
    lineBreaks: [{ text: `Bearer ${fake('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.\neyJzdWIiOiI0ODIxIiwibmFtZSI6IkFuYSBMaW1hIiwiaWF0IjoxNzY3MjI1NjAwfQ', '.TqRtzU1B9CjvsqTtW6X7QrAJvRhKyLTbkHdKkBGBJhk')}`, reported: false }],
  },
  {
    rule: 'Credentials',
    id: 'password-assignment',
    lead: 'DB_PASSWORD=',
    valid: ['Xk2!pq9zR7', 'Tr0ub4dor&3', 'S3cure-Pa55!', 'Wq8Lm3Zt9PfK2r=='],
    invalid: ['********', '${DB_PASSWORD}', 'changeme123', 'xxxxxxxx', 'abcabcabc', 'secret', '$DB_PASSWORD', '/run/secrets/db', 'os.environ["DB_PASSWORD"]', '{{ vault_db_password }}', '<your password>', 'required', 'var.db_password', 'local.admin_pw', 'process.env.DB_PASSWORD', 'secrets.DbPassword', '#{DbPassword}', '$(DB_PASSWORD)', '%(db_password)s'],
    bareLead: 'DB_USER=',
    lineBreaks: [{ text: 'DB_PASSWORD=\nXk2!pq9zR7', reported: false }],
    docxRow: ['Setting', 'DB_PASSWORD=Xk2!pq9zR7'],
  },
  {
    rule: 'Credentials',
    id: 'xml-password-setting',
    lead: '<add key="ClearTextPassword" value="',
    tail: '" />',
    valid: ['k9#Vd2mQx7Lp', 'Rt5!wZq8Np'],
    invalid: ['%NUGET_PASSWORD%', '${NUGET_PASSWORD}', '********', 'changeme', 'password'],
    bareLead: '<add key="Username" value="',
    lineBreaks: [{ text: '<add key="Password"\nvalue="k9#Vd2mQx7Lp" />', reported: true }],
    docxRow: ['Setting', '<add key="Password" value="k9#Vd2mQx7Lp" />'],
  },
  {
    rule: 'Credentials',
    id: 'xml-password-element',
    lead: '<settings><server><password>',
    tail: '</password></server></settings>',
    valid: ['Gq7#pLw2Zk', 'Vn8$kq2Rt5'],
    invalid: ['${env.NEXUS_PASSWORD}', '********', 'secret', '{{ nexus_password }}'],
    bareLead: '<settings><server><username>',
    lineBreaks: [{ text: '<password>\nGq7#pLw2Zk</password>', reported: false }],
    docxRow: ['Setting', '<password>Gq7#pLw2Zk</password>'],
  },
  {
    rule: 'Credentials',
    id: 'connection-string-password',
    lead: 'DATABASE_URL=postgres://app:',
    tail: '@db.internal:5432/app',
    valid: ['Vq7zK2mPw9', 'h7Gq2LmZ'],
    invalid: ['password', '8080', 'changeme', '${DB_PASS}'],
    bareLead: 'DATABASE_URL=postgres://',
    lineBreaks: [{ text: 'DATABASE_URL=postgres://app:\nVq7zK2mPw9@db.internal:5432/app', reported: false }],
    docxRow: ['Setting', 'DATABASE_URL=postgres://app:Vq7zK2mPw9@db.internal:5432/app'],
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

/** Every catalogue detector's case; national identifiers, personal data and addresses are in detector-cases-ids-personal.ts. */
export const DETECTOR_CASES: readonly DetectorCase[] = [...BASE_CASES, ...ID_AND_PERSONAL_CASES];
