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
 * A password value: no blank, quote, separator, bracket or ':' inside (so code and templates such
 * as os.environ["X"], {{ x }} or <your password> never qualify), not starting with '=' (a
 * comparison, password == x), up to two single '=' inside (generated passwords use them) and two
 * of padding at the end, and then a blank, quote, separator, closing bracket or the end of the
 * text. The inner '=' are two optional groups, not a loop, so that a value cannot run across a line
 * of key=value pairs from every key (the ReDoS proof rejects that as quadratic).
 */
const PASSWORD_VALUE = '([^\\s"\'`,;()<>{}\\[\\]:=]+(?:=[^\\s"\'`,;()<>{}\\[\\]:=]+)?(?:=[^\\s"\'`,;()<>{}\\[\\]:=]+)?={0,2})(?:[\\s"\'`,;)\\]}>]|$)';

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
          // A reference to a variable, input or secret store (Terraform var.x, process.env.X, secrets.X), not its value.
          '^(?:var|vars|local|locals|module|data|env|process\\.env|secrets|inputs|params|parameters|settings|config|self|this)\\.[A-Za-z_][A-Za-z0-9_.]*$',
          // A template placeholder: ${X}, $(X), #{X}, {{ x }}, %(x)s.
          '^(?:\\$\\{[^{}]*\\}|\\$\\([^()]*\\)|#\\{[^{}]*\\}|\\{\\{[^{}]*\\}\\}|%\\([A-Za-z_]+\\)s)$',
        ],
        stop_words: ['example', 'sample', 'test', 'dummy', 'changeme', 'change_me', 'xxxx', 'your_', 'placeholder', 'redacted', 'fake', 'tokenhere', 'yourtoken', 'insert_'],
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
      pattern: {
        id: 'gitlab-token',
        regex: '\\b(?:gl(?:pat|dt|rt|ft|soat|ffct|imt|agent|oas|ptt|cbt)-|GR1348941)[A-Za-z0-9_-]+(?:\\.[0-9a-z]+)?',
        validator: 'gitlab_token',
        min_entropy: 3,
        confidence: 'high',
      },
      summary:
        'GitLab tokens by family, each with its own length: personal (glpat-, also the routable form), deploy (gldt-), runner authentication (glrt-) and registration (GR1348941…), feed (glft-), incoming-mail (glimt-), agent (glagent-), OAuth application (gloas-), pipeline trigger (glptt-), CI job (glcbt-), SCIM (glsoat-) and feature-flag (glffct-) tokens.',
      notes: 'The gitlab_token validator checks each family’s length and alphabet: a truncated or padded sample does not count.',
      examples: {
        match: [`CI_TOKEN=${fake('glpat', '-Y2beueULvnAzorqzIZwJ')}`, `feed: ${fake('glft', '-Hq8Xz2LpV9mKw3RtN7cY')}`, `registration_token = "${fake('GR1348941', 'aZ4kLm9QpX2vTn8Wr6Ys')}"`],
        no_match: [
          { text: 'glpat-xxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
          { text: 'glpat-aaaaaaaaaaaaaaaaaaaa', why: 'no entropy' },
          { text: 'glpat-Y2beueULvnAzorq', why: 'too short for a personal token' },
        ],
      },
    },
    {
      pattern: {
        id: 'slack-token',
        regex: '\\b(?:xox[abposre]|xapp|xoxe\\.xox[bp])-[A-Za-z0-9-]+',
        validator: 'slack_token',
        min_entropy: 2.8,
        confidence: 'high',
      },
      summary:
        'Slack tokens by family and structure: bot (xoxb-), user and enterprise (xoxp-, xoxe-), legacy (xoxo-, xoxs-, xoxa-, xoxr-), app-level (xapp-), configuration (xoxe.xoxb-) and refresh (xoxe-1-) tokens.',
      notes:
        'The slack_token validator checks each family’s digit groups and lengths, so digit-heavy real tokens count while placeholders with too few groups or wrong lengths (xoxb-12345-abcd, xoxp-1234567890, masked ####) do not; at least 2.8 bits of entropy per character.',
      examples: {
        match: [
          `SLACK_BOT_TOKEN=${fake('xox', 'b-8351457236-9763844248681-hosU3mUbvqt4oKB45hdvtkPT')}`,
          `SLACK_APP_TOKEN=${fake('xa', 'pp-1-A04R9ST2M3K-6251883427716-', '6f1c2b9e0a7d4e8f3b5c1a9d2e7f4b6c8a0d3e5f7b9c1e2a4d6f8b0c3e5a7d9f1b')}`,
          `legacy: ${fake('xox', 'p-2830187462-7301983276-4918273645-a8f3c1e9d7b5f2a4c6e8d0b1f3a5c7e9')}`,
        ],
        no_match: [
          { text: 'xoxb-your_token_here', why: 'placeholder' },
          { text: 'xoxb-12345-abcd', why: 'too short for any family' },
          { text: 'xoxp-1234567890', why: 'one group where a user token has four' },
          { text: 'xoxb-##########-#############-########################', why: 'masked' },
        ],
      },
    },
    {
      pattern: {
        id: 'slack-webhook',
        regex: '(?:\\bhttps?://)?\\bhooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,120}',
        min_entropy: 3,
        confidence: 'high',
      },
      summary: 'Slack incoming-webhook, workflow and trigger URLs (anyone holding one can post to the channel or start the workflow).',
      notes:
        'services/T…/B…/…, workflows/T…/A…/…/… and triggers/… paths of 43 characters or more, with or without the scheme; placeholders of x (a stop word) and paths too short for a webhook do not count.',
      examples: {
        match: [
          `webhook: ${fake('https://hooks.slack.com/services/', 'TZPCXLOVLV/BJV7GFOAD4/FDlNGnzfOuov4K2OR6wlOK38')}`,
          `trigger: ${fake('hooks.slack.com/workflows/', 'T05KQ8VJ2LM/A06B7RX4N3P/503318826452190611/kQ7vZp2XcW9LmT4yRb8NdF3s')}`,
        ],
        no_match: [
          { text: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', why: 'placeholder' },
          { text: 'https://hooks.slack.com/services/T0DCUJB1Q/B0DD08H5G', why: 'no secret part' },
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
      pattern: { id: 'jwt', regex: '(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+', validator: 'jwt', min_entropy: 4, confidence: 'medium' },
      summary: 'Signed JSON Web Tokens (three base64url parts, header and payload both JSON objects).',
      notes:
        'Header and payload are decoded: both must be JSON objects and the header must name an algorithm other than "none". Unsigned tokens (empty signature) do not match. The token published on jwt.io is allow-listed.',
      examples: {
        match: [
          `Authorization: Bearer ${fake('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.eyJzdWIiOiI0ODIxIiwibmFtZSI6IkFuYSBMaW1hIiwiaWF0IjoxNzY3MjI1NjAwfQ', '.TqRtzU1B9CjvsqTtW6X7QrAJvRhKyLTbkHdKkBGBJhk')}`,
        ],
        no_match: [
          { text: `Bearer ${JWT_IO_SAMPLE}`, why: 'the jwt.io sample' },
          { text: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', why: 'unsigned' },
          { text: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ.eyJzdWIiOiI0ODIxIiwibmFtZSI6IkFuYSJ9.TqRtzU1B9CjvsqTtW6X7QrAJvRhKyLTbkHdKkBGBJhk', why: 'the header is not JSON (truncated)' },
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
        'Keys password, passwort, passwd and pwd (any case, also inside DB_PASSWORD or userPassword), then `:`, `=` or `=>`. The value runs to the next blank, quote, comma, semicolon or closing bracket and needs at least 2.5 bits of entropy per character (so at least six different characters). Template and code values (${VAR}, {{ var }}, <your password>, os.environ[…], getenv(…)), environment variable references, file paths, placeholder words and values containing a stop word do not count; a value containing `:`, starting with `=` or holding more than two `=` inside is not reported.',
      examples: {
        match: ['DB_PASSWORD=Xk2!pq9zR7', '"password": "Tr0ub4dor&3"', 'Passwort: Sommer!2026x', 'Server=db01;User Id=sa;Password=Gx7#kq2Lw;', 'passwd = Td3Ic=aXW8nEBZ_ftb5wo7mT'],
        no_match: [
          { text: 'password: ********', why: 'no entropy' },
          { text: 'password=${DB_PASSWORD}', why: 'a template reference' },
          { text: 'password: changeme123', why: 'stop word changeme' },
          { text: 'password = os.environ["DB_PASSWORD"]', why: 'code, not a value' },
          { text: 'password: <your password>', why: 'a placeholder' },
          { text: 'password = var.db_password', why: 'a Terraform variable reference' },
          { text: 'password: "#{DB_PASSWORD}"', why: 'a template placeholder' },
          { text: 'if (password == expected) return', why: 'a comparison, not an assignment' },
        ],
      },
    },
    {
      pattern: {
        id: 'xml-password-setting',
        // Long runs are counted groups, `(?:[…]){1,200}`: the ReDoS proof checks a counted group as a
        // loop (each run here ends at a character outside its class), where a counted run of one
        // character counts each of its lengths as a way to split the match (200 × 41 × 5 × … here).
        regex: '<add\\s{1,5}key\\s?=\\s?"(?:[A-Za-z0-9_.:-]){0,40}(?:passw(?:or[dt]|d)|pwd)"(?:\\s){1,5}value\\s?=\\s?"((?:[^"<>\\s]){1,200})"',
        flags: 'i',
        group: 1,
        min_entropy: 2.5,
      },
      summary: 'Passwords in .NET and NuGet XML settings: <add key="Password" value="…"/> (web.config, app.config, nuget.config ClearTextPassword).',
      notes: 'The key must end in password, passwort, passwd or pwd; only the value is reported. Values follow the same rules as password assignments (entropy, references, placeholders).',
      examples: {
        match: ['<add key="ClearTextPassword" value="k9#Vd2mQx7Lp" />', '<add key="SmtpPassword" value="Rt5!wZq8Np"/>'],
        no_match: [
          { text: '<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />', why: 'an environment variable reference' },
          { text: '<add key="PasswordPolicy" value="Strict9Long"/>', why: 'not a password key' },
        ],
      },
    },
    {
      pattern: {
        id: 'xml-password-element',
        // Counted groups, proven as loops (see xml-password-setting).
        regex: '<(?:[A-Za-z](?:[A-Za-z0-9_.-]){0,40})?(?:passw(?:or[dt]|d)|pwd)>((?:[^<>\\s]){1,200})</',
        flags: 'i',
        group: 1,
        min_entropy: 2.5,
      },
      summary: 'Passwords as XML element text: <password>…</password>, <dbPassword>…</dbPassword> (Maven settings.xml, Tomcat, Spring XML).',
      notes: 'Only the element text is reported; it follows the same rules as password assignments.',
      examples: {
        match: ['<password>Gq7#pLw2Zk</password>', '<server><id>nexus</id><dbPassword>Vn8$kq2Rt5</dbPassword></server>'],
        no_match: [
          { text: '<password>${env.NEXUS_PASSWORD}</password>', why: 'a template placeholder' },
          { text: '<password></password>', why: 'empty' },
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
