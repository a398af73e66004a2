// Detector cases for the "Credentials" rule: real-looking tokens of each family, placeholders in
// the outside suites' style (too few groups, wrong length, spelled out, masked), references and
// template values that are not secrets.
import type { DetectorCase } from './detector-cases.ts';

/** Joins token parts: split in the source so that secret scanners do not flag the test data. */
const fake = (...parts: string[]): string => parts.join('');

export const CREDENTIAL_CASES: readonly DetectorCase[] = [
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
      // Routable runner authentication token: t<digit>_, the random part, a dot and nine base-36 characters.
      fake('glrt', '-t1_Vq8Lm3Zt9PfK2rXw7Yb4Nc6Hd1J', '.01k3x9a2m'),
    ],
    invalid: [
      'glpat-xxxxxxxxxxxxxxxxxxxx', 'glpat-aaaaaaaaaaaaaaaaaaaa', 'glxyz-Y2beueULvnAzorqzIZwJ',
      // Wrong length for the family: a truncated or padded sample.
      'glpat-Y2beueULvnAzorq', 'glpat-Y2beueULvnAzorqzIZwJabc', 'glimt-4kT9wQz2LmX7vR3pN8cY',
      // A routable runner token whose random part is too short, and one whose suffix is not nine base-36 characters.
      'glrt-t1_Vq8Lm3Zt9PfK2.01k3x9a2m', 'glrt-t1_Vq8Lm3Zt9PfK2rXw7Yb4Nc6Hd1J.01K3X9A2M',
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
      // Configuration refresh and access tokens are base64-like text in either case.
      fake('xox', 'e-1-', 'Mz0xLTQ4MjkxNzM2NTAxMi01MjgzOTE3NDYwMjgtNTkxODI3MzY0NTAxLTlmM2UxYTdjNWIyZDhlNGYwYTZjM2I5ZTFkN2Y1YTJjOGU0YjZkMGYyYTljN2UzYjVkMWY4YTBjNmQ4ZTJhNGM2'),
      fake('xox', 'e.xoxp-1-', 'Mi0yLTQ4MjkxNzM2NTAxMi0zNzY1OTQ2NDg4MTctNTE4MjA3NTQ5NjA4MC01NDEyOTYyODY5NzUxLTdhMTBjZmI1ZWIzMGIwNTg0ZDdmMDI5Y2UxNzVlZWVhYzU2ZWQyZTZiODNjNDZiMGUxMzRlNmNjNDEwYmQxMjQ'),
      // Legacy tokens with short digit groups, and workspace tokens with a version digit (xoxa-2-).
      fake('xox', 'p-523423-234243-234233-e039d02840a0b9379c'),
      fake('xox', 'a-2-511111111-31111111111-3111111111111-e039d02840a0b9379c'),
      // A bot token whose last part is longer than 24 characters.
      fake('xox', 'b-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1MBS'),
      // Stop words count as words only: "FaKe" in random mixed case is part of the secret (gitleaks' README sample).
      fake('xox', 'b-123456789012-Xw937qtWSXJss1lFaKe'),
      fake('xox', 'b-8351457236-9763844248681-hosU3mTeStqt4oKB45hdvtkPT'),
    ],
    invalid: [
      'xoxb-your_token_here', 'xoxb-0000000000', 'xoxz-8351457236-9763844248681-hosU3mUbvqt4oKB45hdvtkPT',
      // Placeholders in the outside suites' style: too few groups, too short, spelled out, masked.
      'xoxb-12345-abcd', 'xoxp-1234567890', 'xoxp-1234-1234-1234-4ddbc191d40ee098cbaae6f3523ada2d', 'xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere', 'xoxe-1-xxx', 'xoxb-1234567890-1234567890-YourBotTokenHere1234', 'xoxa-YourTokenHere', 'xoxb-##########-#############-########################',
      'xoxb-0000000000-0000000000-000000000000000000000000',
      // Stop words written as words (lower, upper, capitalised or camel case) inside a value the
      // pattern and validator accept: only the stop word keeps these quiet.
      'xoxb-8351457236-9763844248681-fakehosU3mUbvqt4oKB45hdv', 'xoxb-8351457236-9763844248681-FAKEhosU3mUbvqt4oKB45hdv', 'xoxb-8351457236-9763844248681-MyFakeTokenU3mUbvqt4oKB4',
      'xoxb-8351457236-9763844248681-ChangeMe7hosU3mUbvqt4oKB', 'xoxb-8351457236-9763844248681-hosU3mUbvqt4oKB4TokenHere', 'xoxb-8351457236-9763844248681-hosU3mUbvqt4oKB45hdvTEST',
    ],
    lineBreaks: [{ text: `SLACK_BOT_TOKEN=${fake('xox', 'b-')}\n8351457236-9763844248681-hosU3mUbvqt4oKB45hdvtkPT`, reported: false }],
  },
  {
    rule: 'Credentials',
    id: 'slack-webhook',
    lead: 'webhook: ',
    valid: [
      fake('https://hooks.slack.com/services/', 'TZPCXLOVLV/BJV7GFOAD4/FDlNGnzfOuov4K2OR6wlOK38'),
      // Workflow and trigger URLs, and the URL written without its scheme.
      fake('https://hooks.slack.com/workflows/', 'T016M3G1GHZ/A04J3BAF7AA/442660231806210747/F6Vm03reCkhPmwBtaqbN6OW9'),
      fake('https://hooks.slack.com/triggers/', 'T05KQ8VJ2LM/6251883427716/8f3c1e9d7b5f2a4c6e8d0b1f3a5c7e9d'),
      fake('hooks.slack.com/services/', 'T0DCUJB1Q/B0DD08H5G/bJtrpFi1fO1JMCcwLx8uZyAg'),
    ],
    invalid: ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'https://hooks.slack.com/services/', 'https://hooks.slack.com/services/T0DCUJB1Q/B0DD08H5G'],
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
    valid: ['Xk2!pq9zR7', 'Tr0ub4dor&3', 'S3cure-Pa55!', 'Wq8Lm3Zt9PfK2r==', 'Td3Ic=aXW8nEBZ_ftb5wo7mT', '6=.tohh1uAbrm5XShbxY'],
    // A value starting with '=' is a comparison (DB_PASSWORD==…), not an assignment.
    invalid: ['=Xk2!pq9zR7', '********', '${DB_PASSWORD}', 'changeme123', 'xxxxxxxx', 'abcabcabc', 'secret', '$DB_PASSWORD', '/run/secrets/db', 'os.environ["DB_PASSWORD"]', '{{ vault_db_password }}', '<your password>', 'required', 'var.db_password', 'local.admin_pw', 'process.env.DB_PASSWORD', 'secrets.DbPassword', '#{DbPassword}', '$(DB_PASSWORD)', '%(db_password)s'],
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
];
