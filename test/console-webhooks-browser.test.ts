// The console's Webhooks page in headless Chromium against the real server and a real receiver:
// add a webhook (secret shown once), see its deliveries after a classification, retry one,
// disable it, refuse a bad URL with the API's message, delete it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../lib/clock.ts';
import { launchChromium } from './helpers/browser.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';
import { type Receiver, startReceiver, verifyWithRecipes } from './helpers/webhook-receiver.ts';
import { waitFor } from './helpers/wait-for.ts';

let t: TestServer;
let browser: Browser;
let page: Page;
let receiver: Receiver;
let apiKey: string;
const consoleErrors: string[] = [];

beforeAll(async () => {
  t = await startTestServer({ clock: systemClock, server: { webhooks: { allow_private: true, poll_interval_ms: 50 } } });
  apiKey = await t.workspaceWithKey('acme');
  const adminKey = await t.adminKey('acme');
  receiver = await startReceiver();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: t.url });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto('/sign-in');
  await page.getByLabel('Admin key').fill(adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${t.url}/`);
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await t?.close();
});

describe('the Webhooks page', () => {
  it('adds a webhook, shows the secret once, lists deliveries and retries one', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Webhooks');
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByLabel('asset.classified').check();
    await page.getByLabel('asset.escalated').uncheck();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const shown = page.locator('#created-secret');
    await shown.waitFor({ state: 'visible' });
    const secret = await shown.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = page.locator('#webhook-rows tr').first();
    expect(await row.locator('td').nth(2).textContent()).toBe('asset.classified');
    // After a reload the secret is nowhere on the page.
    await page.reload();
    expect(await page.content()).not.toContain(secret);

    const res = await call(`${t.api}/classify`, { key: apiKey, json: { name: 'from-console.txt', content: 'hello' } });
    expect(res.status).toBe(201);
    await waitFor(() => receiver.requests.length === 1, 'the delivery');
    const got = receiver.requests[0]!;
    expect(await verifyWithRecipes(got.body, String(got.headers['assay-signature']), secret)).toEqual({ node: true, python: true });

    await page.getByRole('button', { name: 'Deliveries of webhook' }).click();
    const delivery = page.locator('#delivery-rows tr').first();
    await expect.poll(async () => (await delivery.locator('td').nth(3).textContent()) ?? '').toBe('delivered');
    expect(await delivery.locator('td').nth(1).textContent()).toBe('asset.classified');
    await delivery.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.locator('#webhooks-status').textContent()).toMatch(/queued to be sent again/);
    await waitFor(() => receiver.requests.length === 2, 'the retried delivery');
    expect(receiver.requests[1]!.headers['assay-event-id']).toBe(got.headers['assay-event-id']);
  });

  it('disables and deletes a webhook, and shows why a URL is refused', async () => {
    await page.getByRole('button', { name: /^Disable webhook/ }).click();
    await expect.poll(() => page.locator('#webhook-rows tr').first().locator('td').nth(4).textContent()).toBe('disabled');
    await page.getByLabel('URL').fill('ftp://files.example.com/in');
    await page.getByLabel('asset.classified').check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect.poll(() => page.locator('#webhooks-error').textContent()).toMatch(/Only http and https URLs are allowed/);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: /^Delete webhook/ }).click();
    await expect.poll(() => page.locator('#webhook-rows tr').count()).toBe(0);
    expect((await call(`${t.api}/admin/webhooks`, { key: await t.adminKey('acme', 'check') })).body).toEqual([]);
    expect(consoleErrors.filter((e) => !/422/.test(e))).toEqual([]);
  });
});
