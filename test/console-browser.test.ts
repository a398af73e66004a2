// The web console end to end in headless Chromium against the real server: sign in with an
// admin key; create an API key and use it from the test; see the asset it classified in the
// inventory with its label's colour and name; revoke the key and see it refused; edit a rule and
// see the preview change; upload a CSV and see the rows; export the filtered inventory; an
// api-role key cannot sign in; a request without the CSRF token is refused; the audit log shows
// the revocation and pages; the Agents page lists the fleet, stale agents first, and the dashboard
// counts them. One browser for the whole file.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, rgb } from './helpers/browser.ts';
import { call, manualClock, startTestServer, type TestServer } from './helpers/test-server.ts';

// Browser globals used inside page.evaluate callbacks (the project's tsconfig has no DOM lib).
declare const document: {
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  activeElement: { textContent: string | null } | null;
  documentElement: { scrollWidth: number; clientWidth: number };
};
declare function getComputedStyle(element: unknown): { backgroundColor: string };

let t: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let adminKey: string;
let apiKey: string;
const consoleErrors: string[] = [];

const clock = manualClock();

beforeAll(async () => {
  t = await startTestServer({ clock });
  apiKey = await t.workspaceWithKey('acme');
  adminKey = await t.adminKey('acme');
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: t.url });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('web console in Chromium', () => {
  it('signs in with an admin key', async () => {
    await page.goto('/inventory');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByLabel('Admin key').fill(adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.url}/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    expect(await page.locator('.who').textContent()).toContain('acme');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'assay_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  it('creates an API key that works for a real request, shows its asset in the inventory in the label colour, and revokes it', async () => {
    await page.getByRole('link', { name: 'Keys' }).click();
    await page.getByLabel('Name').fill('ui-made');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.locator('#created-key-value');
    await shown.waitFor({ state: 'visible' });
    const key = await shown.inputValue();
    expect(key).toMatch(/^chk_[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => page.locator('#copy-status').textContent()).toContain('Copied');
    expect(await page.locator('tr[data-key="ui-made"] td').nth(2).textContent()).toBe('api');

    const res = await call(`${t.api}/classify`, { key, json: { name: 'payroll-2026.xlsx', asset_type: 'spreadsheet', content: 'Gehaltsliste — streng vertraulich' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ label: { name: 'Confidential', color: '#f59e0b' } });

    await page.getByRole('link', { name: 'Inventory' }).click();
    const row = page.locator('tr', { has: page.getByRole('link', { name: 'payroll-2026.xlsx' }) });
    const chip = row.locator('.chip');
    expect(await chip.textContent()).toBe('Confidential');
    expect(await chip.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(rgb('#f59e0b'));
    // the label filter keeps it; another label does not
    await page.getByLabel('Label').selectOption('Confidential');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.getByRole('link', { name: 'payroll-2026.xlsx' }).count()).toBe(1);
    await page.getByLabel('Label').selectOption('Public');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.getByRole('link', { name: 'payroll-2026.xlsx' }).count()).toBe(0);
    // detail: masked findings and history
    await page.goto('/inventory');
    await page.getByRole('link', { name: 'payroll-2026.xlsx' }).click();
    expect(await page.locator('#findings + .table-wrap').textContent()).toContain('Marked confidential');
    expect(await page.locator('#history + .table-wrap .chip').first().textContent()).toBe('Confidential');

    await page.getByRole('link', { name: 'Keys' }).click();
    page.once('dialog', (d) => void d.accept());
    await page.locator('tr[data-key="ui-made"]').getByRole('button', { name: /Revoke/ }).click();
    await expect.poll(() => page.locator('tr[data-key="ui-made"]').textContent()).toContain('revoked');
    const refused = await call(`${t.api}/classify`, { key, json: { name: 'after-revoke.txt' } });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ detail: 'Invalid or revoked API key', code: 'invalid_api_key' });
  });

  it('changes a label’s colour, and its chips follow', async () => {
    await page.getByRole('link', { name: 'Labels & rules' }).click();
    await page.locator('tr[data-label="Internal"]').getByRole('button', { name: /Edit/ }).click();
    await expect.poll(() => page.getByLabel('Level (higher is more sensitive)').inputValue()).toBe('1');
    await page.getByLabel('Colour').fill('#0e7490');
    await page.getByRole('button', { name: 'Save label' }).click();
    await expect.poll(() => page.locator('#labels-status').textContent()).toBe('Label Internal saved.');
    const chip = page.locator('tr[data-label="Internal"] .chip');
    await expect.poll(() => chip.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(rgb('#0e7490'));
    expect(await chip.textContent()).toBe('Internal');
    await page.getByRole('link', { name: 'Labels & rules' }).click(); // still so after a reload
    expect(await page.locator('tr[data-label="Internal"] code').textContent()).toBe('#0e7490');
  });

  it('edits a rule and the preview changes', async () => {
    await page.getByRole('link', { name: 'Labels & rules' }).click();
    const text = 'Minutes of the board. CONFIDENTIAL. Contact: jane.doe@example.com';
    await page.getByLabel('Text to test (not stored)').fill(text);
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    const label = page.locator('#preview-result .preview-label .chip');
    await expect.poll(() => label.textContent()).toBe('Confidential');
    expect(await page.locator('#preview-result mark').count()).toBeGreaterThan(0);
    expect(await page.locator('#preview-result pre').textContent()).not.toContain('jane.doe@example.com');

    await page.locator('tr[data-rule="Marked confidential"]').getByRole('button', { name: /Edit/ }).click();
    const editor = page.getByLabel(/Definition/);
    await editor.waitFor({ state: 'visible' });
    const definition = JSON.parse(await editor.inputValue()) as { label: string };
    await editor.fill(JSON.stringify({ ...definition, label: 'Restricted' }, null, 2));
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.locator('#editor').waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('tr[data-rule="Marked confidential"] .chip').textContent()).toBe('Restricted');

    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await expect.poll(() => label.textContent()).toBe('Restricted');
    expect(await label.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(rgb('#ef4444'));

    // disable it: the marking no longer counts
    await page.locator('tr[data-rule="Marked confidential"]').getByRole('button', { name: /Disable/ }).click();
    await expect.poll(() => page.locator('tr[data-rule="Marked confidential"]').textContent()).toContain('disabled');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await expect.poll(() => page.locator('#preview-result .preview-rules').textContent()).not.toContain('Marked confidential');
  });

  it('uploads a CSV and shows the rows and the per-row errors', async () => {
    await page.getByRole('link', { name: 'Classify' }).click();
    const csv = 'name,asset_type,content\niban-list.csv,spreadsheet,Pay to DE89370400440532013000\n,document,row without a name\nwelcome.txt,document,Hello and welcome\n';
    await page.getByLabel('CSV file').setInputFiles({ name: 'upload.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload and classify' }).click();
    await expect.poll(() => page.locator('.csv-summary').textContent()).toBe('2 rows classified, 1 failed.');
    expect(await page.locator('table.csv-errors tbody tr').textContent()).toBe('3name is empty');
    await page.getByRole('link', { name: 'See the CSV assets in the inventory' }).click();
    const names = await page.locator('table.inventory td.name a').allTextContents();
    expect(names.sort()).toEqual(['iban-list.csv', 'welcome.txt']);

    await page.getByRole('link', { name: 'Classify' }).click();
    await page.getByLabel('Asset name').fill('Handwritten note');
    await page.getByLabel('Content to inspect (not stored)').fill('For internal use only');
    await page.getByRole('button', { name: 'Classify and store' }).click();
    await expect.poll(() => page.locator('#manual-result .chip').textContent()).toBe('Internal');
    const manual = (await call(`${t.api}/assets?source=manual`, { key: apiKey })).body as { name: string }[];
    expect(manual.map((a) => a.name)).toEqual(['Handwritten note']);
  });

  it('exports the inventory with its current filters', async () => {
    await page.goto('/inventory');
    await page.getByLabel('Source').selectOption('csv');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/source=csv/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^assets-\d{8}T\d{6}Z\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^id,name,/);
    expect(lines.slice(1, -1).map((l) => l.split(',')[1]).sort()).toEqual(['iban-list.csv', 'welcome.txt']);
    // The same bytes as the API's export with the same filter.
    expect(text).toBe((await call(`${t.api}/assets/export?format=csv&source=csv`, { key: apiKey })).text);
    const [nd] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export NDJSON' }).click()]);
    expect(readFileSync((await nd.path())!, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { source: string }).source)).toEqual(['csv', 'csv']);
  });

  it('refuses a request without the CSRF token, from the signed-in page', async () => {
    const statuses = await page.evaluate(async () => {
      const token = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
      const post = (headers: Record<string, string>) =>
        fetch('/api/v1/admin/keys', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ name: `k${Object.keys(headers).length}` }) });
      const without = await post({});
      const withToken = await post({ 'X-CSRF-Token': token });
      return [without.status, ((await without.json()) as { code: string }).code, withToken.status];
    });
    expect(statuses).toEqual([403, 'csrf_failed', 201]);
    consoleErrors.length = 0; // the refused request is logged by the browser, as it should be
  });

  it('shows the workspace status and works in a narrow window, by keyboard', async () => {
    await page.getByRole('link', { name: 'Workspace' }).click();
    expect(await page.locator('.facts').textContent()).toContain('no limit');
    await page.setViewportSize({ width: 400, height: 800 });
    for (const path of ['/', '/inventory', '/keys', '/rules', '/classify', '/audit']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.goto('/inventory');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Dashboard');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(consoleErrors).toEqual([]);
  });

  it('an api-role key cannot sign in, nor call an admin endpoint', async () => {
    const other = await browser.newContext({ baseURL: t.url });
    const p = await other.newPage();
    await p.goto('/sign-in');
    await p.getByLabel('Admin key').fill(apiKey);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => p.locator('#sign-in-error').textContent()).toBe('Only keys with the admin role can sign in to the console');
    expect(new URL(p.url()).pathname).toBe('/sign-in');
    expect((await other.cookies()).length).toBe(0);
    await other.close();
    const res = await call(`${t.api}/admin/keys`, { key: apiKey });
    expect(res.status).toBe(403);
    expect((res.body as { code: string }).code).toBe('forbidden');
  });

  it('shows the audit log: the key revoked in the console with its actor, filters, paging', async () => {
    await page.getByRole('link', { name: 'Audit' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit log');
    await page.getByLabel('Action').selectOption('key.revoked');
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.locator('table.audit tbody tr');
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells[1]).toBe('key.revoked');
    expect(cells[2]).toMatch(/^console: acme-admin \(chk_[A-Za-z0-9_-]{8}…\)$/);
    expect(cells[3]).toMatch(/127\.0\.0\.1/);
    expect(cells[4]).toBe('ui-made');
    expect(cells[5]).toMatch(/^\{"prefix":"chk_[A-Za-z0-9_-]{8}","role":"api"\}$/);

    // 60 entries by one actor: 50 on the first page, the other 10 behind "Next page".
    const ws = await t.workspaces.require('acme');
    for (let i = 0; i < 60; i++) {
      await t.repo.appendAudit({ workspace_id: ws.id, at: '2026-06-12T08:30:00', action: 'csv.imported', actor: { kind: 'system', name: 'seed', prefix: null, os_user: null }, address: null, target: `batch-${i}`, changes: null });
    }
    await page.goto('/audit');
    await page.getByLabel(/^Actor/).fill('seed');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await rows.count()).toBe(50);
    expect(await rows.first().locator('td').nth(4).textContent()).toBe('batch-59');
    await page.getByRole('link', { name: 'Next page' }).click();
    expect(await rows.count()).toBe(10);
    expect(await rows.last().locator('td').nth(4).textContent()).toBe('batch-0');
    expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(0);
    await page.getByRole('link', { name: 'First page' }).click();
    expect(await rows.count()).toBe(50);
    await page.goto('/audit?actor=nobody');
    expect(await page.getByRole('status').textContent()).toBe('No audit entries match.');
    const bad = await page.request.get('/audit?action=key.stolen', { headers: { Accept: 'text/html' } });
    expect(bad.status()).toBe(422);
    expect(await bad.text()).toContain('query.action');
    expect(consoleErrors).toEqual([]);
  });

  it('lists the agents with the stale ones first, and counts them on the dashboard', async () => {
    const report = (hostname: string) => ({
      hostname,
      version: '0.1.0',
      os: 'linux 6.1.0 x64',
      roots: [`/srv/${hostname}`],
      heartbeat_seconds: 60,
      files_tracked: 12,
      outbox: { depth: 0, oldest_at: null, oldest_age_seconds: null },
      last_scan: null,
      failures: [],
      skipped: [],
      rules_version: 'not-the-current-one',
      watcher: 'inotify',
    });
    expect((await call(`${t.api}/agents/agent-quiet-0001`, { key: apiKey, method: 'PUT', json: report('zz-quiet') })).status).toBe(204);
    clock.advance(181_000); // three intervals and a second
    expect((await call(`${t.api}/agents/agent-live-00001`, { key: apiKey, method: 'PUT', json: report('aa-live') })).status).toBe(204);

    await page.getByRole('link', { name: 'Agents' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Agents');
    const rows = page.locator('#agent-rows tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('data-agent')).toBe('agent-quiet-0001');
    expect(await rows.nth(0).locator('.badge').first().textContent()).toBe('stale');
    expect(await rows.nth(1).locator('.badge').first().textContent()).toBe('live');
    expect(await rows.nth(1).textContent()).toContain('/srv/aa-live');
    expect(await rows.nth(1).textContent()).toContain('outdated');
    expect(await page.locator('#stale-count').textContent()).toBe('1');

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect.poll(() => page.locator('#stale-agents').textContent()).toBe('1');
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${t.url}/sign-in`);
    await page.goto('/keys');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});
