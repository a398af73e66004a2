// Technical documents of the generated corpus: server configs with real secrets and with
// placeholders, chat logs, READMEs full of UUIDs, versions and documentation keys, and logs.
import { JWT_IO_SAMPLE } from '../../shared/engine/catalogue/credentials.ts';
import * as V from './corpus-values.ts';
import { type DocBuilder, emailAddress, isoDate, K, person, phoneNumber, type Template } from './corpus-kit.ts';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const pw = (b: DocBuilder) => `${V.tokenBody(b.rand, 6)}!${b.rand.int(10, 99)}${V.tokenBody(b.rand, 3)}`;
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

function jwt(b: DocBuilder): string {
  const payload = { sub: String(b.rand.int(1000, 9999)), name: person(b.rand), iat: 1_760_000_000 + b.rand.int(0, 9_999_999) };
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.${V.randomString(b.rand, 43, `${ALNUM}-_`)}`;
}

/** One real secret of each kind, as a config line, with its detector. */
const SECRETS: readonly [string, (b: DocBuilder) => string][] = [
  [K.password, (b) => `DB_PASSWORD=${pw(b)}`],
  [K.connString, (b) => `DATABASE_URL=postgres://app:${V.tokenBody(b.rand, 14)}@db.internal:5432/app`],
  [K.awsId, (b) => `AWS_ACCESS_KEY_ID=AKIA${V.randomString(b.rand, 16, B32)}`],
  [K.awsSecret, (b) => `aws_secret_access_key = ${V.randomString(b.rand, 40, `${ALNUM}/+`)}`],
  [K.github, (b) => `GITHUB_TOKEN=ghp_${V.tokenBody(b.rand, 36)}`],
  [K.githubPat, (b) => `GH_PAT=github_pat_${V.tokenBody(b.rand, 22)}_${V.tokenBody(b.rand, 59)}`],
  [K.gitlab, (b) => `GITLAB_TOKEN=glpat-${V.tokenBody(b.rand, 20)}`],
  [K.slack, (b) => `SLACK_BOT_TOKEN=xoxb-${b.rand.int(1e9, 9e9)}-${b.rand.int(1e12, 9e12)}-${V.tokenBody(b.rand, 24)}`],
  [K.slackHook, (b) => `SLACK_WEBHOOK=https://hooks.slack.com/services/T${V.randomString(b.rand, 9, B32)}/B${V.randomString(b.rand, 9, B32)}/${V.tokenBody(b.rand, 24)}`],
  [K.stripe, (b) => `STRIPE_SECRET_KEY=sk_live_${V.tokenBody(b.rand, 24)}`],
  [K.google, (b) => `MAPS_API_KEY=AIza${V.randomString(b.rand, 35, `${ALNUM}-_`)}`],
  [K.jwt, (b) => `SERVICE_TOKEN=${jwt(b)}`],
  [K.xmlSetting, (b) => `<add key="ClearTextPassword" value="${pw(b)}" />`],
  [K.xmlElement, (b) => `<server><id>nexus</id><password>${pw(b)}</password></server>`],
  [K.pem, (b) => `-----BEGIN ${b.rand.pick(['RSA ', 'EC ', 'OPENSSH ', ''])}PRIVATE KEY-----\nMIIEpAIBAAKCAQEA${V.tokenBody(b.rand, 48)}\n-----END PRIVATE KEY-----`],
];

/** Lines that look like secrets but are placeholders, references or documentation values. */
const PLACEHOLDERS = [
  'DB_PASSWORD=${DB_PASSWORD}',
  'password: changeme',
  'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
  'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'api_key: your_api_key_here',
  'STRIPE_KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'password: "{{ vault_db_password }}"',
  'db_password = os.environ["DB_PASSWORD"]',
  'REDIS_URL=redis://:${REDIS_PASSWORD}@cache:6379/0',
  'DATABASE_URL=postgres://user:password@localhost:5432/dev',
  `EXAMPLE_JWT=${JWT_IO_SAMPLE}`,
  '<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />',
  '<password>${env.NEXUS_PASSWORD}</password>',
  'password = var.db_password',
  'SLACK_TOKEN=xoxb-12345-abcd',
  'SLACK_USER_TOKEN=xoxp-1234567890',
];

function serverConfig(b: DocBuilder): void {
  const r = b.rand;
  b.add(`# service configuration, generated ${isoDate(r)}`, `APP_VERSION=${V.semver(r)}`, 'PORT=8080', 'LOG_LEVEL=info', `BUILD_SHA=${V.gitSha(r)}`, `INSTANCE_ID=${V.uuid(r)}`);
  // Three documents in four hold three real secrets, rotating through every kind; the fourth only placeholders.
  const picks = new Set<number>();
  if (b.seq % 4 !== 3) {
    const k = b.seq - Math.floor(b.seq / 4);
    for (const step of [0, 4, 8]) picks.add((k + step) % SECRETS.length);
  }
  for (let i = 0; i < SECRETS.length; i++) {
    if (picks.has(i)) b.hit(SECRETS[i]![0], SECRETS[i]![1](b));
  }
  for (let i = r.int(2, 5); i > 0; i--) b.add(r.pick(PLACEHOLDERS));
  b.add('FEATURE_FLAGS=search,export', `CACHE_TTL_SECONDS=${r.int(30, 3600)}`);
}

function chatLog(b: DocBuilder): void {
  const r = b.rand;
  const who = [person(r).split(' ')[0]!, person(r).split(' ')[0]!];
  const line = (text: string) => `[${isoDate(r)} ${String(r.int(8, 18)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}] ${r.pick(who)}: ${text}`;
  b.add(line('morning! is the deploy still on for today?'), line(`yes, v${V.semver(r)} goes out after lunch, build ${V.gitSha(r).slice(0, 8)}`));
  b.maybe(0.35, () => b.hit(K.phone, line(`if it breaks call me on ${phoneNumber(r)}`)));
  b.maybe(0.35, () => b.hit(K.email, line(`send the report to ${emailAddress(r)} please`)));
  b.maybe(0.2, () => b.hit(K.github, line(`here's my token for the CI, don't share: ghp_${V.tokenBody(r, 36)}`)));
  b.maybe(0.15, () => b.hit(K.password, line(`the staging password: ${pw(b)}`)));
  b.add(line(`request ${V.uuid(r)} failed at ${V.isoTimestamp(r)}, retrying`), line('ok, ping me when done'));
}

function readme(b: DocBuilder): void {
  const r = b.rand;
  const pkg = r.pick(['acme-sdk', 'globex-cli', 'hooli-ui']);
  b.add(`# ${pkg}`, '', `![logo](docs/logo@2x.png)`, `Version ${V.semver(r)} — public release notes are in CHANGELOG.md.`);
  b.add('## Install', `npm install ${pkg}@${V.semver(r).replace(/[-+].*/, '')}`, `git clone git@github.com:acme/${pkg}.git`);
  b.add('## Configure', 'Set your credentials in the environment, for example:', 'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');
  b.add('password: <your password>', `Example token: ${JWT_IO_SAMPLE}`);
  b.add(`Request IDs look like ${V.uuid(r)}; commits like ${V.gitSha(r)}; timestamps like ${V.isoTimestamp(r)}.`);
  b.maybe(0.3, () => b.hit(K.email, `Maintainers: ${emailAddress(r)}`));
}

function logFile(b: DocBuilder): void {
  const r = b.rand;
  for (let i = r.int(6, 14); i > 0; i--) {
    b.add(
      `${V.isoTimestamp(r)} ${r.pick(['INFO', 'WARN', 'DEBUG'])} request_id=${V.uuid(r)} order=${V.orderNumber(r)} trace=${r.next() < 0.5 ? V.luhnValidSixteen(r) : V.randomSixteen(r)} version=${V.semver(r)} duration_ms=${r.int(1, 900)}`,
    );
  }
}

export const TECHNICAL_TEMPLATES: readonly Template[] = [
  { kind: 'server-config', weight: 5, asset_type: 'config', name: (r, i) => `deploy/${r.pick(['app', 'worker', 'api'])}-${i}.env`, build: serverConfig },
  { kind: 'chat-log', weight: 2, asset_type: 'chat', name: (_r, i) => `chat/export-${i}.txt`, build: chatLog },
  { kind: 'readme', weight: 1.5, asset_type: 'document', name: (_r, i) => `repos/readme-${i}.md`, build: readme },
  { kind: 'log-file', weight: 1.5, asset_type: 'log', name: (_r, i) => `logs/app-${i}.log`, build: logFile },
];
