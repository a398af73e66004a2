// Triage in the web console, in headless Chromium against the real server: dismiss a finding on
// the asset page and undo it, pin and unpin the label, allow-list a value on the Allow-list page
// (never shown again) and remove it; the label follows each time.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

let t: TestServer;
let browser: Browser;
let page: Page;
let apiKey: string;
let assetId: number;
const consoleErrors: string[] = [];
const VALUE = '4111 1111 1111 1111';

beforeAll(async () => {
  t = await startTestServer();
  apiKey = await t.workspaceWithKey('acme');
  const adminKey = await t.adminKey('acme');
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: t.url });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('dialog', (d) => void d.accept());
  await page.goto('/sign-in');
  await page.getByLabel('Admin key').fill(adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${t.url}/`);
  const res = await call(`${t.api}/classify`, { key: apiKey, json: { name: 'cards.txt', content: `Card ${VALUE}` } });
  assetId = (res.body as { id: number }).id;
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const labelChip = () => page.locator('dl.facts .chip').textContent();

describe('triage in the console', () => {
  it('dismisses a finding from the asset page, then undoes it', async () => {
    await page.goto(`/assets/${assetId}`);
    expect(await labelChip()).toBe('Confidential');
    const form = page.locator('form.dismiss-form[data-detector="payment-card"]');
    await form.locator('select').selectOption('test_data');
    await form.locator('input[name="note"]').fill('QA fixture');
    await form.getByRole('button', { name: /Dismiss/ }).click();
    await expect.poll(labelChip).toBe('Public');
    const dismissed = page.locator('section[aria-labelledby="dismissed"] tbody tr');
    expect(await dismissed.count()).toBe(1);
    expect(await dismissed.textContent()).toContain('test data');
    expect(await dismissed.textContent()).toContain('QA fixture');
    expect(await page.locator('section[aria-labelledby="history"] tbody tr').first().textContent()).toContain('acme-admin: dismissed Financial data / payment-card: test_data');

    await page.getByRole('button', { name: /Undo/ }).click();
    await expect.poll(labelChip).toBe('Confidential');
    expect(await page.locator('section[aria-labelledby="dismissed"] .empty').textContent()).toBe('Nothing dismissed.');
  });

  it('pins a label and unpins it', async () => {
    await page.goto(`/assets/${assetId}`);
    await page.locator('#pin-label').selectOption('Restricted');
    await page.locator('#pin-reason').fill('board papers');
    await page.getByRole('button', { name: 'Pin label' }).click();
    await expect.poll(labelChip).toBe('Restricted');
    expect(await page.locator('section[aria-labelledby="pin"]').textContent()).toContain('board papers');
    // A later classification goes to the history only.
    await call(`${t.api}/classify`, { key: apiKey, json: { name: 'cards.txt', content: 'nothing now' } });
    await page.reload();
    expect(await labelChip()).toBe('Restricted');
    await page.getByRole('button', { name: 'Unpin' }).click();
    await expect.poll(labelChip).toBe('Public');
  });

  it('allow-lists a value on the Allow-list page without showing it again, and removes it', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Allow-list' }).click();
    await page.locator('#allow-value').fill(VALUE);
    await page.locator('#allow-reason').fill('the QA test card');
    await page.getByRole('button', { name: 'Allow-list', exact: true }).click();
    await expect.poll(() => page.locator('section[aria-labelledby="allow-list"] tbody tr').count()).toBe(1);
    expect(await page.locator('section[aria-labelledby="allow-list"]').textContent()).toContain('the QA test card');
    expect(await page.content()).not.toContain('4111');
    const res = await call(`${t.api}/classify`, { key: apiKey, json: { name: 'other.txt', content: `Card ${VALUE}` } });
    expect(res.body).toMatchObject({ label: { name: 'Public' } });

    await page.getByRole('button', { name: /Remove/ }).click();
    await expect.poll(() => page.locator('section[aria-labelledby="allow-list"] .empty').count()).toBe(1);
    const again = await call(`${t.api}/classify`, { key: apiKey, json: { name: 'other.txt', content: `Card ${VALUE}` } });
    expect(again.body).toMatchObject({ label: { name: 'Confidential' } });
    expect(consoleErrors).toEqual([]);
  });
});
