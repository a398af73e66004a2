// "Credentials" (Restricted): private keys, cloud and SaaS tokens with a fixed prefix, JWTs, and
// passwords in assignments and connection strings. Token detectors demand a minimum Shannon
// entropy, and the rule drops values containing a stop word (example, test, changeme, …) or
// equal to a placeholder, so documentation samples and templates do not count.
import type { CatalogueRule } from './catalogue-types.ts';

/** Joins parts of an example token: split in the source so that secret scanners do not flag the catalogue's own examples. */
const fake = (...parts: string[]): string => parts.join('');

/** The token published on jwt.io, found in countless tutorials. */
export const JWT_IO_SAMPLE = fake(
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
  '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
  '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
);

/**
 * A password value: no blank, quote, separator, bracket, ':' or '=' inside (so code and templates
 * such as os.environ["X"], {{ x }} or <your password> never qualify), up to two '=' of padding at
 * the end, and then a blank, quote, separator, closing bracket or the end of the text.
 */
const PASSWORD_VALUE = '([^\\s"\'`,;()<>{}\\[\\]:=]+={0,2})(?:[\\s"\'`,;)\\]}>]|$)';

export const CREDENTIALS: CatalogueRule = {
  rule: {
    name: 'Credentials',
    description: 'Private keys, API tokens and passwords written into files.',
    label: 'Restricted',
    priority: 40,
    category: 'credentials',
    conditions: {
      exclusions: {
        values: [JWT_IO_SAMPLE, 'password', 'passwd', 'pass', 'secret', 'changeit', 'admin', 'root', 'required', 'optional', 'none', 'null', 'true', 'false', 'empty', 'hidden'],
        patterns: [
          // A reference to an environment variable ($DB_PASSWORD, %DB_PASSWORD%), not its value.
          '^\\$[A-Za-z_][A-Za-z0-9_]*$',
          '^%[A-Za-z_][A-Za-z0-9_]*%$',
          // A file path (PWD=/home/alice, a password file), not a password: lower-case segments, each may start with a capital.
          '^~?(?:/[A-Z]?[a-z0-9_.-]+)+/?$',
        ],
        stop_words: ['example', 'sample', 'test', 'dummy', 'changeme', 'change_me', 'xxxx', 'your_', 'placeholder', 'redacted', 'fake'],
      },
    },
  },
  detectors: [
    {
      pattern: { id: 'pem-private-key', regex: '-----BEGIN (?:[A-Z0-9]{1,10} ){0,2}PRIVATE KEY(?: BLOCK)?-----', confidence: 'high' },
      summary: 'PEM and OpenSSH/PGP private key blocks (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP …).',
      notes: 'The BEGIN line is enough; public keys and certificates do not match.',
      examples: {
        match: ['-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA', '-----BEGIN OPENSSH PRIVATE KEY-----', '-----BEGIN PGP PRIVATE KEY BLOCK-----'],
        no_match: [
          { text: '-----BEGIN PUBLIC KEY-----', why: 'a public key' },
          { text: '-----BEGIN CERTIFICATE-----', why: 'a certificate' },
        ],
      },
    },
    {
      pattern: { id: 'aws-access-key-id', regex: '\\bA[KS]IA[0-9A-Z]{16}\\b', min_entropy: 3, confidence: 'high' },
      summary: 'AWS access key IDs (AKIA… long-term, ASIA… temporary).',
      notes: 'Twenty upper-case letters and digits; at least 3 bits of entropy per character.',
      examples: {
        match: [`aws_access_key_id = ${fake('AKIA', 'XEHC6OLUK7BQGVKM')}`, `export AWS_ACCESS_KEY_ID=${fake('ASIA', 'H72W2DPCP5CSV3OL')}`],
        no_match: [
          { text: 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', why: 'the documentation key' },
          { text: 'AKIAAAAAAAAAAAAAAAAA', why: 'no entropy' },
        ],
      },
    },
    {
      pattern: {
        id: 'aws-secret-access-key',
        regex: 'aws_?secret_?(?:access_?)?key["\']?[ \\t]*[:=][ \\t]*["\']?((?:[A-Za-z0-9/+]{4}){10})(?![A-Za-z0-9/+])',
        flags: 'i',
        group: 1,
        min_entropy: 4,
        confidence: 'high',
      },
      summary: 'AWS secret access keys assigned to an aws_secret_access_key setting.',
      notes: 'Only the 40-character value after the setting name is reported.',
      examples: {
        match: [`aws_secret_access_key = ${fake('ooc1DmqBOtWjrXTN', 'JOfERN0JaZEisqNI8BhoJd/W')}`],
        no_match: [
          { text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', why: 'the documentation key' },
        ],
      },
    },
    {
      pattern: { id: 'github-token', regex: '\\bgh[pousr]_[A-Za-z0-9]{36}\\b', min_entropy: 3.5, confidence: 'high' },
      summary: 'GitHub classic personal access, OAuth, user-to-server, server-to-server and refresh tokens (ghp_, gho_, ghu_, ghs_, ghr_).',
      examples: {
        match: [`GITHUB_TOKEN=${fake('ghp', '_sKLBiysn3Va4HBbKULmZKjpGLcp3AqAKpkXV')}`, `"token": "${fake('ghs', '_HBbKULmZKjpGLcp3AqAKpkXVsKLBiysn3Va4')}"`],
        no_match: [
          { text: 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
          { text: 'ghp_sKLBiysn3Va4HBbKULmZ', why: 'too short' },
        ],
      },
    },
    {
      pattern: { id: 'github-fine-grained-token', regex: '\\bgithub_pat_[A-Za-z0-9_]{82}\\b', min_entropy: 3.5, confidence: 'high' },
      summary: 'GitHub fine-grained personal access tokens (github_pat_).',
      examples: {
        match: [`token: ${fake('github', '_pat_', 'LQiLGkZhsRCcCb1PrqhOo1_tS7l0BSl4p7HtyPI1d4WqSmtGy9LZBcDQt2HDdFK34U2GBk65dEO29c6znt')}`],
        no_match: [{ text: 'github_pat_11ABCDEFG0123456789_abcdefghij', why: 'too short' }],
      },
    },
    {
      pattern: { id: 'gitlab-token', regex: '(?<![A-Za-z0-9_-])gl(?:pat|dt|rt|ptt|cbt|soat|ffct|oas)-[A-Za-z0-9_-]+', min_entropy: 3.5, confidence: 'high' },
      summary: 'GitLab personal, deploy, runner, trigger and other tokens (glpat-, gldt-, glrt-, glptt-, …).',
      examples: {
        match: [`CI_TOKEN=${fake('glpat', '-Y2beueULvnAzorqzIZwJ')}`],
        no_match: [
          { text: 'glpat-xxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
          { text: 'glpat-aaaaaaaaaaaaaaaaaaaa', why: 'no entropy' },
        ],
      },
    },
    {
      pattern: { id: 'slack-token', regex: '(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]+', min_entropy: 3.5, confidence: 'high' },
      summary: 'Slack bot, user, app and refresh tokens (xoxb-, xoxp-, xoxa-, xoxs-, xoxr-, xoxo-).',
      examples: {
        match: [`SLACK_BOT_TOKEN=${fake('xox', 'b-8351457236-9763844248681-hosU3mUbvqt4oKB45hdvtkPT')}`],
        no_match: [
          { text: 'xoxb-your_token_here', why: 'placeholder' },
          { text: 'xoxb-0000000000', why: 'no entropy' },
        ],
      },
    },
    {
      pattern: { id: 'slack-webhook', regex: 'https://hooks\\.slack\\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+', confidence: 'high' },
      summary: 'Slack incoming-webhook URLs (anyone holding one can post to the channel).',
      examples: {
        match: [`webhook: ${fake('https://hooks.slack.com/services/', 'TZPCXLOVLV/BJV7GFOAD4/FDlNGnzfOuov4K2OR6wlOK38')}`],
        no_match: [
          { text: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', why: 'placeholder' },
        ],
      },
    },
    {
      pattern: { id: 'stripe-key', regex: '\\b[rs]k_live_[A-Za-z0-9]{24,99}\\b', min_entropy: 3.5, confidence: 'high' },
      summary: 'Stripe live secret and restricted keys (sk_live_, rk_live_).',
      notes: 'Test-mode keys (sk_test_) and publishable keys (pk_live_) are not secrets of a live account and do not match.',
      examples: {
        match: [`STRIPE_SECRET_KEY=${fake('sk', '_live_', 'ZbXqV3l7Ppk97JflFXX5hTut')}`],
        no_match: [
          { text: 'pk_live_ZbXqV3l7Ppk97JflFXX5hTut', why: 'publishable key' },
          { text: 'sk_test_ZbXqV3l7Ppk97JflFXX5hTut', why: 'test mode' },
        ],
      },
    },
    {
      pattern: { id: 'google-api-key', regex: '\\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])', min_entropy: 3.5, confidence: 'high' },
      summary: 'Google Cloud / Maps / Firebase API keys (AIza followed by 35 characters).',
      examples: {
        match: [`const key = "${fake('AIza', 'tNvBN_Jb5TEOa8dLusufNr0fa047TIR-70Z')}";`],
        no_match: [
          { text: 'AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', why: 'placeholder' },
          { text: 'AIzaSyShortKey', why: 'too short' },
        ],
      },
    },
    {
      pattern: { id: 'jwt', regex: '(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+', min_entropy: 4, confidence: 'medium' },
      summary: 'Signed JSON Web Tokens (three base64url parts, header and payload both JSON objects).',
      notes: 'Unsigned tokens (empty signature) do not match. The token published on jwt.io is allow-listed.',
      examples: {
        match: [
          `Authorization: Bearer ${fake('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.eyJzdWIiOiI0ODIxIiwibmFtZSI6IkFuYSBMaW1hIiwiaWF0IjoxNzY3MjI1NjAwfQ', '.TqRtzU1B9CjvsqTtW6X7QrAJvRhKyLTbkHdKkBGBJhk')}`,
        ],
        no_match: [
          { text: `Bearer ${JWT_IO_SAMPLE}`, why: 'the jwt.io sample' },
          { text: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', why: 'unsigned' },
        ],
      },
    },
    {
      pattern: {
        id: 'password-assignment',
        regex: `(?:passw(?:or[dt]|d)|pwd)["']?[ \\t]*[:=]>?[ \\t]*["']?${PASSWORD_VALUE}`,
        flags: 'i',
        group: 1,
        min_entropy: 2.5,
      },
      summary: 'Passwords assigned in configuration, code or prose: password=…, "password": "…", Passwort: …, PWD=… (the value is reported).',
      notes:
        'Keys password, passwort, passwd and pwd (any case, also inside DB_PASSWORD or userPassword), then `:`, `=` or `=>`. The value runs to the next blank, quote, comma, semicolon or closing bracket and needs at least 2.5 bits of entropy per character (so at least six different characters). Template and code values (${VAR}, {{ var }}, <your password>, os.environ[…], getenv(…)), environment variable references, file paths, placeholder words and values containing a stop word do not count; a value containing `:` or `=` is not reported.',
      examples: {
        match: ['DB_PASSWORD=Xk2!pq9zR7', '"password": "Tr0ub4dor&3"', 'Passwort: Sommer!2026x', 'Server=db01;User Id=sa;Password=Gx7#kq2Lw;'],
        no_match: [
          { text: 'password: ********', why: 'no entropy' },
          { text: 'password=${DB_PASSWORD}', why: 'a template reference' },
          { text: 'password: changeme123', why: 'stop word changeme' },
          { text: 'password = os.environ["DB_PASSWORD"]', why: 'code, not a value' },
          { text: 'password: <your password>', why: 'a placeholder' },
        ],
      },
    },
    {
      pattern: { id: 'connection-string-password', regex: '://[^\\s:/@"\'<>{}]+:([^\\s:/@"\'<>{}]+)@[A-Za-z0-9.\\[-]', group: 1, min_entropy: 2 },
      summary: 'Passwords embedded in connection strings and URLs (scheme://user:password@host).',
      notes: 'Only the password part is reported.',
      examples: {
        match: ['DATABASE_URL=postgres://app:Vq7zK2mPw9@db.internal:5432/app', 'mongodb+srv://svc:h7Gq2LmZ@cluster0.mongodb.net/prod'],
        no_match: [
          { text: 'postgres://user:password@localhost/db', why: 'the placeholder word password is allow-listed' },
          { text: 'redis://:${REDIS_PASSWORD}@cache:6379', why: 'a template reference' },
          { text: 'https://docs.example.org:8443/guide', why: 'a port, no credentials' },
        ],
      },
    },
  ],
};
