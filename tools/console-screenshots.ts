// Writes docs/images/console-dashboard.png and docs/images/console-inventory.png: starts a real
// server over a temp data directory, seeds a demo inventory over three weeks (API, agent, manual
// and CSV assets), signs in with an admin key in headless Chromium and takes 1280x800 shots.
// Run: npx tsx tools/console-screenshots.ts   (needs /usr/bin/chromium, or ASSAY_CHROMIUM)
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/helpers/browser.ts';
import { call, manualClock, startTestServer } from '../test/helpers/test-server.ts';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'images');

const DOCS: { name: string; type: string; content: string; source?: 'agent' }[] = [
  { name: 'fs01:/finance/payroll-2026-03.xlsx', type: 'spreadsheet', content: 'Payroll — strictly confidential. IBAN DE89370400440532013000', source: 'agent' },
  { name: 'fs01:/finance/vendor-payments.csv', type: 'spreadsheet', content: 'Card 4111 1111 1111 1111 exp 09/28, IBAN GB82WEST12345698765432', source: 'agent' },
  { name: 'fs01:/hr/onboarding-guide.pdf', type: 'document', content: 'Welcome to the team! For internal use only.', source: 'agent' },
  { name: 'fs01:/hr/employee-ssn-list.xlsx', type: 'spreadsheet', content: 'SSN 536-22-1234, SSN 078-05-1121', source: 'agent' },
  { name: 'fs01:/legal/nda-globex.docx', type: 'document', content: 'Mutual non-disclosure agreement between Acme and Globex', source: 'agent' },
  { name: 'fs01:/marketing/press-release.docx', type: 'document', content: 'Acme launches a new product line today.', source: 'agent' },
  { name: 'fs01:/it/deploy-keys.txt', type: 'text', content: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', source: 'agent' },
  { name: 'crm-export-contacts.json', type: 'database', content: 'jane.doe@example.com, +44 20 7946 0958, john.smith@example.org' },
  { name: 'quarterly-report-q1.pdf', type: 'document', content: 'Quarterly results — internal use only. Do not distribute.' },
  { name: 'website-copy.md', type: 'document', content: 'Our story and our values.' },
  { name: 'patient-intake-form.pdf', type: 'document', content: 'Diagnosis: type 2 diabetes. NHS number 943 476 5919' },
  { name: 'board-minutes-2026-02.docx', type: 'document', content: 'STRICTLY CONFIDENTIAL — board minutes' },
  { name: 'cafeteria-menu.pdf', type: 'document', content: 'Monday: soup of the day' },
  { name: 'fs01:/engineering/architecture.md', type: 'document', content: 'Internal only: service layout and ports', source: 'agent' },
  { name: 'fs01:/sales/price-list-2026.xlsx', type: 'spreadsheet', content: 'List prices for partners. Confidential.', source: 'agent' },
];

const clock = manualClock(new Date(Date.UTC(2026, 5, 12, 9, 0, 0) - 20 * 86_400_000));
const t = await startTestServer({ clock });
try {
  const apiKey = await t.workspaceWithKey('acme', { maxAssets: 5000 });
  const adminKey = await t.adminKey('acme', 'console-admin');
  // Three weeks of activity: a few classifications a day, each document re-checked now and then.
  for (let day = 0; day < 21; day++) {
    const n = 2 + ((day * 7) % 5) + (day > 14 ? 4 : 0);
    for (let i = 0; i < n; i++) {
      const d = DOCS[(day * 3 + i) % DOCS.length]!;
      const res = await call(`${t.api}/classify`, { key: apiKey, json: { name: d.name, asset_type: d.type, content: d.content, source: d.source ?? 'api' } });
      if (res.status !== 201) throw new Error(`seeding failed: ${res.status} ${res.text}`);
      clock.advance(37 * 60_000);
    }
    clock.advance(86_400_000 - n * 37 * 60_000);
  }
  await call(`${t.api}/admin/classifications`, { key: adminKey, json: { name: 'Whiteboard photo — strategy offsite', asset_type: 'image', content: 'Confidential roadmap' } });
  const csv = 'name,asset_type,content\nlegacy-archive/contracts-2019.zip,archive,Confidential contracts\nlegacy-archive/newsletter-2019.pdf,document,Spring newsletter\nlegacy-archive/customer-list.xlsx,spreadsheet,alice@example.com; bob@example.net\n';
  const imported = await fetch(`${t.api}/admin/csv-imports`, { method: 'POST', headers: { 'X-API-Key': adminKey, 'Content-Type': 'text/csv' }, body: csv });
  await imported.text();

  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: t.url });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Admin key').fill(adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.url}/`);
    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, 'console-dashboard.png') });
    await page.goto('/inventory');
    await page.screenshot({ path: join(OUT, 'console-inventory.png') });
    process.stdout.write(`wrote ${join(OUT, 'console-dashboard.png')} and console-inventory.png\n`);
  } finally {
    await browser.close();
  }
} finally {
  await t.close();
}
