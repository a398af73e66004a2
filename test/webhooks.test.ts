// Workspace webhooks end to end: a real server (real clock, fast backoff from config), a real
// receiver on loopback, the documented verification recipes run in Node and Python. Signed
// asset.escalated after a label rises; 500 twice then 200 is one delivery with three attempts;
// a receiver that was down gets the events afterwards in creation order; 410 disables; a slow
// receiver never holds up classification; URLs are checked.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../lib/clock.ts';
import { freePort } from './helpers/assay-process.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';
import { type Receiver, startReceiver, verifyWithRecipes } from './helpers/webhook-receiver.ts';
import { waitFor } from './helpers/wait-for.ts';

const FAST = { allow_private: true, poll_interval_ms: 50, backoff_base_ms: 100, backoff_max_ms: 400, timeout_ms: 3000 };
const IBAN = 'Payment to IBAN DE89370400440532013000';

let t: TestServer;
let key: string;
let admin: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  t = await startTestServer({ clock: systemClock, server: { webhooks: FAST } });
  key = await t.workspaceWithKey('acme');
  admin = await t.adminKey('acme');
});
afterAll(() => t.close());
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
  for (const w of (await call(`${t.api}/admin/webhooks`, { key: admin })).body as { id: number }[]) await call(`${t.api}/admin/webhooks/${w.id}`, { key: admin, method: 'DELETE' });
});

async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

async function addWebhook(body: Record<string, unknown>) {
  const res = await call(`${t.api}/admin/webhooks`, { key: admin, json: body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: number; secret: string; enabled: boolean };
}

const classify = async (name: string, content: string) => {
  const res = await call(`${t.api}/classify`, { key, json: { name, content } });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: number; label: { name: string } };
};

type Delivery = { id: number; event_id: string; event_type: string; status: string; attempt_count: number; last_status: number | null; attempts: { status_code: number | null; error: string | null }[] };
const deliveries = async (id: number) => (await call(`${t.api}/admin/webhooks/${id}/deliveries`, { key: admin })).body as Delivery[];

describe('delivery', () => {
  it('sends a signed asset.escalated when a classification raises the label, which both documented recipes verify', async () => {
    const r = await receiver();
    const hook = await addWebhook({ url: r.url, events: ['asset.escalated'] });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const first = await classify('contract.txt', 'nothing to see here');
    expect(first.label.name).toBe('Public');
    const second = await classify('contract.txt', IBAN);
    expect(second.label.name).toBe('Confidential');
    // within 5 s of the classification (polling, not a timed assertion of speed)
    const [got] = await waitFor(() => r.requests.length === 1 && r.requests, 'the escalated event', 5000);
    const event = got!.event;
    expect(event).toMatchObject({ type: 'asset.escalated', workspace: 'acme', previous_label: { name: 'Public', level: 0 } });
    expect(event.asset).toMatchObject({ id: second.id, name: 'contract.txt', label: { name: 'Confidential', level: 2 } });
    expect(got!.headers['assay-event-id']).toBe(event.id);
    expect(got!.headers['content-type']).toBe('application/json');
    // Never the content nor a raw value: the IBAN is only there masked.
    expect(got!.body).not.toContain('DE89370400440532013000');
    expect(got!.body).not.toContain('Payment to');
    expect(got!.body).toContain('DE89 **** **** **** **** 00');

    const header = String(got!.headers['assay-signature']);
    expect(header).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    expect(await verifyWithRecipes(got!.body, header, hook.secret)).toEqual({ node: true, python: true });
    // The same recipes refuse a tampered body, another secret, and a replay after the window.
    expect(await verifyWithRecipes(got!.body.replace('contract', 'contrakt'), header, hook.secret)).toEqual({ node: false, python: false });
    expect(await verifyWithRecipes(got!.body, header, `${hook.secret}x`)).toEqual({ node: false, python: false });
    const t0 = Number(/t=(\d+)/.exec(header)![1]);
    expect(await verifyWithRecipes(got!.body, header, hook.secret, t0 + 301)).toEqual({ node: false, python: false });
    expect(await verifyWithRecipes(got!.body, header, hook.secret, t0 + 299)).toEqual({ node: true, python: true });

    const [d] = await waitFor(async () => {
      const list = await deliveries(hook.id);
      return list[0]?.status === 'delivered' && list;
    }, 'the delivery to be recorded');
    expect(d).toMatchObject({ event_id: event.id, event_type: 'asset.escalated', status: 'delivered', attempt_count: 1, last_status: 200 });
  });

  it('retries after 500 twice: the event is delivered once, with every attempt recorded', async () => {
    const r = await receiver((n) => (n < 2 ? 500 : 200));
    const hook = await addWebhook({ url: r.url, events: ['asset.classified'] });
    await classify('retry.txt', IBAN);
    const [d] = await waitFor(async () => {
      const list = await deliveries(hook.id);
      return list[0]?.status === 'delivered' && list;
    }, 'delivered after retries');
    expect(d!.attempt_count).toBe(3);
    expect(d!.attempts.map((a) => a.status_code)).toEqual([500, 500, 200]);
    expect(d!.attempts.map((a) => a.error)).toEqual(['HTTP 500', 'HTTP 500', null]);
    // Three requests, one event: the same id every time, so a receiver deduplicating on it acts once.
    expect(r.requests).toHaveLength(3);
    expect(new Set(r.requests.map((q) => q.headers['assay-event-id'])).size).toBe(1);
    const acted = new Map(r.requests.map((q) => [q.headers['assay-event-id'], q.event]));
    expect(acted.size).toBe(1);
  });

  it('sends the events a receiver missed while it was down, in the order they were created', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hooks/assay`;
    const hook = await addWebhook({ url, events: ['asset.classified'] });
    const names = ['a-1.txt', 'a-2.txt', 'a-3.txt', 'a-4.txt', 'a-5.txt'];
    for (const name of names) await classify(name, `note ${name}`);
    // Down: the first event has failed at least twice (connection refused) and nothing overtook it.
    await waitFor(async () => {
      const list = await deliveries(hook.id);
      const oldest = list[list.length - 1];
      return list.length === 5 && oldest!.attempt_count >= 2 && list.slice(0, 4).every((d) => d.attempt_count === 0);
    }, 'failed attempts while the receiver is down');
    const first = (await deliveries(hook.id)).at(-1)!;
    expect(first.status).toBe('pending');
    expect(first.attempts[0]!.status_code).toBeNull();
    expect(first.attempts[0]!.error).toMatch(/ECONNREFUSED/);
    const r = await receiver(() => 200, port);
    await waitFor(() => r.requests.length === 5, 'all five events after the receiver came back');
    expect(r.requests.map((q) => q.event.asset.name)).toEqual(names);
    await waitFor(async () => (await deliveries(hook.id)).every((d) => d.status === 'delivered'), 'all delivered');
  });

  it('a 410 answer disables the webhook; re-enabling it resumes', async () => {
    const r = await receiver((n) => (n === 0 ? 410 : 200));
    const hook = await addWebhook({ url: r.url, events: ['asset.classified'] });
    await classify('gone-1.txt', 'x');
    const disabled = await waitFor(async () => {
      const w = (await call(`${t.api}/admin/webhooks/${hook.id}`, { key: admin })).body as { enabled: boolean; disabled_reason: string | null };
      return !w.enabled && w;
    }, 'the webhook disabled');
    expect(disabled.disabled_reason).toMatch(/410 Gone/);
    expect((await deliveries(hook.id))[0]).toMatchObject({ status: 'failed', last_status: 410, attempt_count: 1 });
    // Disabled: new events are not queued for it.
    await classify('gone-2.txt', 'x');
    expect(await deliveries(hook.id)).toHaveLength(1);
    const on = await call(`${t.api}/admin/webhooks/${hook.id}`, { key: admin, method: 'PATCH', json: { enabled: true } });
    expect(on.body).toMatchObject({ enabled: true, disabled_reason: null });
    await classify('gone-3.txt', 'x');
    await waitFor(() => r.requests.length === 2, 'the event after re-enabling');
    expect(r.requests[1]!.event.asset.name).toBe('gone-3.txt');
    expect(r.requests).toHaveLength(2);
  });

  it('a receiver that never answers does not hold up classification, and times out as an attempt', async () => {
    const r = await receiver(() => 'hang');
    const hook = await addWebhook({ url: r.url, events: ['asset.classified'] });
    await classify('slow-1.txt', 'x');
    await waitFor(() => r.requests.length === 1, 'the receiver holding the first request');
    // While the receiver holds the request open, classifications are answered.
    for (let i = 2; i <= 6; i++) await classify(`slow-${i}.txt`, 'x');
    expect(r.requests).toHaveLength(1);
    const oldest = await waitFor(async () => {
      const d = (await deliveries(hook.id)).at(-1)!;
      return d.attempt_count >= 1 && d;
    }, 'the timed-out attempt', 10_000);
    expect(oldest.attempts[0]).toMatchObject({ status_code: null, error: expect.stringMatching(/^timeout/) });
  });

  it('sends asset.removed, and filters by min_level', async () => {
    const r = await receiver();
    await addWebhook({ url: r.url, events: ['asset.classified', 'asset.removed'], min_level: 2 });
    await classify('low.txt', 'nothing here');
    await classify('high.txt', IBAN);
    const removed = await call(`${t.api}/assets/removals`, { key, json: { name: 'high.txt' } });
    expect(removed.status).toBe(200);
    // Reported again: nothing changes, no second event.
    await call(`${t.api}/assets/removals`, { key, json: { name: 'high.txt' } });
    await waitFor(() => r.requests.length === 2, 'classified + removed');
    expect(r.requests.map((q) => [q.event.type, q.event.asset.name])).toEqual([
      ['asset.classified', 'high.txt'],
      ['asset.removed', 'high.txt'],
    ]);
    expect(r.requests[1]!.event.asset).toMatchObject({ removed_at: expect.stringMatching(/^\d{4}-/) });
    expect(r.requests[1]!.event.previous_label).toBeNull();
  });

  it('retries a delivery by hand', async () => {
    const r = await receiver();
    const hook = await addWebhook({ url: r.url, events: ['asset.classified'] });
    await classify('again.txt', 'x');
    const [d] = await waitFor(async () => {
      const list = await deliveries(hook.id);
      return list[0]?.status === 'delivered' && list;
    }, 'delivered');
    const retried = await call(`${t.api}/admin/webhooks/${hook.id}/deliveries/${d!.id}/retry`, { key: admin, method: 'POST' });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ id: d!.id, status: 'pending' });
    await waitFor(() => r.requests.length === 2, 'the second send');
    expect(r.requests[1]!.headers['assay-event-id']).toBe(r.requests[0]!.headers['assay-event-id']);
    await waitFor(async () => (await deliveries(hook.id))[0]!.attempt_count === 2, 'two attempts recorded');
    expect((await call(`${t.api}/admin/webhooks/${hook.id}/deliveries/999999/retry`, { key: admin, method: 'POST' })).status).toBe(404);
  });
});

describe('agent.stale', () => {
  it('is sent once per silence when an agent stops reporting, to a webhook whatever its min_level, and again after the agent came back and went quiet again', async () => {
    const r = await receiver();
    await addWebhook({ url: r.url, events: ['agent.stale'], min_level: 3 });
    const report = {
      hostname: 'fs-stale',
      version: '0.1.0',
      os: 'linux 6.1.0 x64',
      roots: ['/srv/share'],
      heartbeat_seconds: 0.2,
      files_tracked: 3,
      outbox: { depth: 0, oldest_at: null, oldest_age_seconds: null },
      last_scan: null,
      failures: [],
      skipped: [],
      rules_version: null,
      watcher: 'inotify',
    };
    const beat = async () => expect((await call(`${t.api}/agents/agent-stale-0001`, { key, method: 'PUT', json: report })).status).toBe(204);
    await beat();
    const [first] = await waitFor(() => r.requests.length >= 1 && r.requests, 'the first agent.stale');
    expect(first!.event).toMatchObject({ type: 'agent.stale', workspace: 'acme', agent: { agent_id: 'agent-stale-0001', hostname: 'fs-stale', heartbeat_seconds: 0.2 } });
    expect(first!.event.asset).toBeUndefined();
    // Back, then quiet again: a second event. Had the first silence been sent more than once, the
    // monitor (checking every 250 ms) would have sent it again by the time the second one arrives.
    await beat();
    await waitFor(() => r.requests.some((q) => q.event.id !== first!.event.id) && r.requests, 'the second agent.stale');
    expect(r.requests.map((q) => q.event.type)).toEqual(['agent.stale', 'agent.stale']);
    expect(new Set(r.requests.map((q) => q.event.id)).size).toBe(2);
  });
});

describe('the admin API', () => {
  it('creates, lists, patches and deletes; the secret is shown once', async () => {
    const created = await addWebhook({ url: 'http://127.0.0.1:9/x', events: ['asset.classified', 'asset.escalated'], min_level: 1 });
    const listed = (await call(`${t.api}/admin/webhooks`, { key: admin })).body as Record<string, unknown>[];
    expect(listed).toEqual([{ id: created.id, url: 'http://127.0.0.1:9/x', events: ['asset.classified', 'asset.escalated'], min_level: 1, enabled: true, disabled_reason: null, created_at: expect.any(String), updated_at: expect.any(String) }]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const patched = await call(`${t.api}/admin/webhooks/${created.id}`, { key: admin, method: 'PATCH', json: { min_level: null, enabled: false } });
    expect(patched.body).toMatchObject({ min_level: null, enabled: false, events: ['asset.classified', 'asset.escalated'] });
    expect((await call(`${t.api}/admin/webhooks/${created.id}`, { key: admin, method: 'DELETE' })).status).toBe(204);
    expect((await call(`${t.api}/admin/webhooks/${created.id}`, { key: admin })).status).toBe(404);
    expect((await call(`${t.api}/admin/webhooks/${created.id}`, { key: admin, method: 'DELETE' })).status).toBe(404);
  });

  it('refuses bad input with 422 and each problem located', async () => {
    const bad = async (json: unknown) => {
      const res = await call(`${t.api}/admin/webhooks`, { key: admin, json });
      expect(res.status, JSON.stringify(json)).toBe(422);
      return (res.body as { detail: { loc: string[] }[] }).detail.map((d) => d.loc.join('.'));
    };
    expect(await bad({ url: 'http://127.0.0.1:9/x', events: [] })).toEqual(['body.events']);
    expect(await bad({ url: 'http://127.0.0.1:9/x', events: ['asset.deleted'] })).toEqual(['body.events.0']);
    expect(await bad({ url: 'http://127.0.0.1:9/x', events: ['asset.classified', 'asset.classified'] })).toEqual(['body.events']);
    expect(await bad({ url: 'http://127.0.0.1:9/x', events: ['asset.classified'], min_level: -1 })).toEqual(['body.min_level']);
    expect(await bad({ url: 'http://127.0.0.1:9/x', events: ['asset.classified'], secret: 'mine' })).toEqual(['body']);
    expect(await bad({ events: ['asset.classified'] })).toEqual(['body.url']);
    expect(await bad({ url: 'ftp://example.com/x', events: ['asset.classified'] })).toEqual(['body.url']);
    expect(await bad({ url: 'http://user:pw@127.0.0.1/x', events: ['asset.classified'] })).toEqual(['body.url']);
    expect(await bad({ url: 'not a url', events: ['asset.classified'] })).toEqual(['body.url']);
    expect((await call(`${t.api}/admin/webhooks/abc`, { key: admin })).status).toBe(422);
    expect((await call(`${t.api}/admin/webhooks/1/deliveries?limit=0`, { key: admin })).status).toBe(422);
  });

  it('is for admin keys only, and one workspace never sees another’s webhooks', async () => {
    expect((await call(`${t.api}/admin/webhooks`, { key })).status).toBe(403);
    const hook = await addWebhook({ url: 'http://127.0.0.1:9/x', events: ['asset.classified'] });
    await t.workspaceWithKey('other');
    const otherAdmin = await t.adminKey('other');
    expect((await call(`${t.api}/admin/webhooks`, { key: otherAdmin })).body).toEqual([]);
    expect((await call(`${t.api}/admin/webhooks/${hook.id}`, { key: otherAdmin })).status).toBe(404);
    expect((await call(`${t.api}/admin/webhooks/${hook.id}`, { key: otherAdmin, method: 'DELETE' })).status).toBe(404);
    expect((await call(`${t.api}/admin/webhooks/${hook.id}/deliveries`, { key: otherAdmin })).status).toBe(404);
  });
});

describe('without server.webhooks.allow_private', () => {
  let strict: TestServer;
  let strictAdmin: string;
  beforeAll(async () => {
    strict = await startTestServer({ clock: systemClock });
    await strict.workspaceWithKey('acme');
    strictAdmin = await strict.adminKey('acme');
  });
  afterAll(() => strict.close());

  it('refuses private, loopback and link-local receivers, by literal and after DNS', async () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://10.1.2.3/x', 'http://192.168.1.1/x', 'http://172.16.0.1/x', 'http://169.254.169.254/latest', 'http://[::1]/x', 'http://[fe80::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://0.0.0.0/x']) {
      const res = await call(`${strict.api}/admin/webhooks`, { key: strictAdmin, json: { url, events: ['asset.classified'] } });
      expect(res.status, url).toBe(422);
      expect(res.text, url).toMatch(/Private, loopback and link-local addresses are refused/);
    }
    const ok = await call(`${strict.api}/admin/webhooks`, { key: strictAdmin, json: { url: 'https://93.184.215.14/hooks', events: ['asset.classified'] } });
    expect(ok.status).toBe(201);
    const moved = await call(`${strict.api}/admin/webhooks/${(ok.body as { id: number }).id}`, { key: strictAdmin, method: 'PATCH', json: { url: 'http://127.0.0.1/x' } });
    expect(moved.status).toBe(422);
    expect((await call(`${strict.api}/admin/webhooks/${(ok.body as { id: number }).id}`, { key: strictAdmin, method: 'DELETE' })).status).toBe(204);
  });

  it('checks the address again when sending: a stored URL that now points inside is not connected to', async () => {
    // As if the name had resolved to a public address when set and was re-pointed since: stored
    // directly, past the check on set. The receiver must never see a request.
    const r = await receiver();
    const ws = (await strict.repo.getWorkspaceByName('acme'))!;
    const at = '2026-06-12T08:30:00';
    const byName = await strict.repo.insertWebhook({ workspace_id: ws.id, url: `http://localhost:${r.port}/x`, events: ['asset.classified'], min_level: null, enabled: true, secret: 's', created_at: at });
    const byLiteral = await strict.repo.insertWebhook({ workspace_id: ws.id, url: `http://127.0.0.1:${r.port}/x`, events: ['asset.classified'], min_level: null, enabled: true, secret: 's', created_at: at });
    const strictKey = (await strict.workspaces.createKey('acme', 'sender')).key;
    expect((await call(`${strict.api}/classify`, { key: strictKey, json: { name: 'inside.txt', content: 'x' } })).status).toBe(201);
    const attempted = async (id: number) => {
      const [d] = (await call(`${strict.api}/admin/webhooks/${id}/deliveries`, { key: strictAdmin })).body as Delivery[];
      return d && d.attempt_count >= 1 && d;
    };
    const named = await waitFor(() => attempted(byName.id), 'the attempt to the name');
    const literal = await waitFor(() => attempted(byLiteral.id), 'the attempt to the literal');
    expect(named.attempts[0]).toMatchObject({ status_code: null, error: expect.stringMatching(/EADDRNOTPUBLIC: localhost resolves to a non-public address/) });
    expect(literal.attempts[0]).toMatchObject({ status_code: null, error: 'refused: the address is not public' });
    expect(r.requests).toHaveLength(0);
  });
});
