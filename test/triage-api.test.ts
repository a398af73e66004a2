// Triage through the admin API (docs/triage.md): dismiss a finding, pin a label, allow-list a
// value; each listed and undone; corrections that hold on the next classification; bad input,
// the api-role key refused, and the allow-listed value nowhere in answers, the database or logs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, manualClock, startTestServer, type TestServer } from './helpers/test-server.ts';

const clock = manualClock();
let t: TestServer;
let apiKey: string;
let admin: string;

const CARD = '4111 1111 1111 1111';
const OTHER_CARD = '5555 5555 5555 4444';

beforeAll(async () => {
  t = await startTestServer({ clock });
  apiKey = await t.workspaceWithKey('acme');
  admin = await t.adminKey('acme');
});
afterAll(() => t.close());

interface AssetBody {
  id: number;
  label: { name: string };
  matched_rules: string;
  findings: { rule: string; detectors: { id: string }[] }[];
  history: { label: { name: string }; actor?: string; reason?: string }[];
}

async function classify(name: string, content: string) {
  const res = await call(`${t.api}/classify`, { key: apiKey, json: { name, content } });
  expect([200, 201]).toContain(res.status);
  return res.body as AssetBody;
}
const asset = async (id: number) => (await call(`${t.api}/assets/${id}`, { key: apiKey })).body as AssetBody;
const adminCall = (path: string, opts: { method?: string; json?: unknown } = {}) => call(`${t.api}/admin${path}`, { key: admin, ...opts });

describe('dismissals', () => {
  it('dismiss recomputes the label without the finding, records actor and reason, and holds on the next classification', async () => {
    const first = await classify('dismiss-me.txt', `Card ${CARD}`);
    expect(first.label.name).toBe('Confidential');
    expect(first).not.toHaveProperty('pinned_label');
    expect(first.matched_rules).toBe('Financial data');

    const made = await adminCall(`/assets/${first.id}/dismissals`, { json: { rule: 'Financial data', detector: 'payment-card', reason: 'test_data', note: 'QA fixture' } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ rule: 'Financial data', detector: 'payment-card', reason: 'test_data', note: 'QA fixture', actor: 'acme-admin' });
    const after = await asset(first.id);
    expect(after.label.name).toBe('Public');
    expect(after.findings).toEqual([]);
    expect(after.history[0]).toMatchObject({ label: { name: 'Public' }, actor: 'acme-admin', reason: 'dismissed Financial data / payment-card: test_data' });

    // Re-classified with the same finding (and one more card): still dismissed.
    const again = await classify('dismiss-me.txt', `Card ${CARD} and ${OTHER_CARD}`);
    expect(again.label.name).toBe('Public');
    expect(again.matched_rules).toBe('');
    expect((await adminCall(`/assets/${first.id}/dismissals`)).body).toHaveLength(1);

    // Undo: the label comes back from the latest findings, with a history entry.
    const dismissalId = (made.body as { id: number }).id;
    const undo = await adminCall(`/assets/${first.id}/dismissals/${dismissalId}`, { method: 'DELETE' });
    expect(undo.status).toBe(204);
    const restored = await asset(first.id);
    expect(restored.label.name).toBe('Confidential');
    expect(restored.findings[0]).toMatchObject({ rule: 'Financial data', count: 2 });
    expect(restored.history[0]).toMatchObject({ actor: 'acme-admin', reason: 'dismissal undone: Financial data / payment-card' });
    expect((await adminCall(`/assets/${first.id}/dismissals`)).body).toEqual([]);
    expect((await adminCall(`/assets/${first.id}/dismissals/${dismissalId}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('applies each asset its own dismissals when classifications arrive together (one write batch)', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `together-${i}.txt`);
    const firsts = await Promise.all(names.map((n) => classify(n, `Card ${CARD}`)));
    for (const i of [3, 7]) {
      const made = await adminCall(`/assets/${firsts[i]!.id}/dismissals`, { json: { rule: 'Financial data', detector: 'payment-card', reason: 'test_data' } });
      expect(made.status).toBe(201);
    }
    const again = await Promise.all(names.map((n) => classify(n, `Card ${CARD} and ${OTHER_CARD}`)));
    expect(again.map((a) => a.label.name)).toEqual(names.map((_, i) => (i === 3 || i === 7 ? 'Public' : 'Confidential')));
    expect(again.map((a) => a.matched_rules)).toEqual(names.map((_, i) => (i === 3 || i === 7 ? '' : 'Financial data')));
    // Stored as answered, and the engine's findings kept for undo: undoing restores both cards.
    expect((await asset(firsts[3]!.id)).label.name).toBe('Public');
    expect((await asset(firsts[4]!.id)).label.name).toBe('Confidential');
    const [dismissal] = (await adminCall(`/assets/${firsts[7]!.id}/dismissals`)).body as { id: number }[];
    expect((await adminCall(`/assets/${firsts[7]!.id}/dismissals/${dismissal!.id}`, { method: 'DELETE' })).status).toBe(204);
    const restored = await asset(firsts[7]!.id);
    expect(restored.label.name).toBe('Confidential');
    expect(restored.findings[0]).toMatchObject({ rule: 'Financial data', count: 2 });
  });

  it('keeps the rule while another of its detectors still finds something', async () => {
    const a = await classify('two-detectors.txt', `Card ${CARD} IBAN DE89 3704 0044 0532 0130 00`);
    expect(a.findings[0]!.detectors.map((d) => d.id).sort()).toEqual(['iban', 'payment-card']);
    await adminCall(`/assets/${a.id}/dismissals`, { json: { rule: 'Financial data', detector: 'payment-card', reason: 'false_positive' } });
    const after = await asset(a.id);
    expect(after.label.name).toBe('Confidential');
    expect(after.findings[0]!.detectors.map((d) => d.id)).toEqual(['iban']);
  });

  it('refuses bad input: unknown asset 404, unknown rule or detector 422, bad reason 422, twice 409', async () => {
    const a = await classify('bad-input.txt', `Card ${CARD}`);
    const ok = { rule: 'Financial data', detector: 'payment-card', reason: 'false_positive', note: '' };
    expect((await adminCall('/assets/999999/dismissals', { json: ok })).status).toBe(404);
    expect((await adminCall('/assets/999999/dismissals')).status).toBe(404);
    const noRule = await adminCall(`/assets/${a.id}/dismissals`, { json: { ...ok, rule: 'No such rule' } });
    expect(noRule.status).toBe(422);
    expect(noRule.body).toMatchObject({ code: 'validation_error', detail: [{ loc: ['body', 'rule'] }] });
    const noDetector = await adminCall(`/assets/${a.id}/dismissals`, { json: { ...ok, detector: 'nope' } });
    expect(noDetector.status).toBe(422);
    expect(noDetector.body).toMatchObject({ detail: [{ loc: ['body', 'detector'] }] });
    const badReason = await adminCall(`/assets/${a.id}/dismissals`, { json: { ...ok, reason: 'because' } });
    expect(badReason.status).toBe(422);
    expect(badReason.body).toMatchObject({ detail: [{ loc: ['body', 'reason'] }] });
    expect((await adminCall(`/assets/${a.id}/dismissals`, { json: { ...ok, extra: 1 } })).status).toBe(422);
    expect((await adminCall(`/assets/${a.id}/dismissals`, { json: { rule: 'Financial data' } })).status).toBe(422);
    expect((await adminCall('/assets/abc/dismissals', { json: ok })).status).toBe(422);
    expect((await adminCall(`/assets/${a.id}/dismissals`, { json: ok })).status).toBe(201);
    expect((await adminCall(`/assets/${a.id}/dismissals`, { json: ok })).status).toBe(409);
  });
});

describe('pins', () => {
  it('pins a label; later classifications go to history only; unpin recomputes from the latest findings', async () => {
    const a = await classify('pinned.txt', 'nothing sensitive');
    expect(a.label.name).toBe('Public');
    const pinned = await adminCall(`/assets/${a.id}/pin`, { method: 'PUT', json: { label: 'restricted', reason: 'board papers' } });
    expect(pinned.status).toBe(200);
    expect(pinned.body).toMatchObject({ label: { name: 'Restricted' }, reason: 'board papers', actor: 'acme-admin' });
    expect((await adminCall(`/assets/${a.id}/pin`)).body).toMatchObject({ label: { name: 'Restricted' } });
    expect((await asset(a.id)).history[0]).toMatchObject({ label: { name: 'Restricted' }, actor: 'acme-admin', reason: 'pinned Restricted: board papers' });

    // The answer keeps SPEC's label (the rules'); the inventory keeps the pinned one.
    const again = (await classify('pinned.txt', `Card ${CARD}`)) as AssetBody & { pinned_label?: { name: string } };
    expect(again.label.name).toBe('Confidential');
    expect(again.pinned_label).toMatchObject({ name: 'Restricted' });
    expect((await call(`${t.api}/assets?q=pinned.txt`, { key: apiKey })).body).toMatchObject([{ label: { name: 'Restricted' } }]);
    const detail = await asset(a.id);
    expect(detail.label.name).toBe('Restricted');
    expect(detail.history[0]).toMatchObject({ label: { name: 'Confidential' } });
    expect(detail.history[0]!.actor).toBeUndefined();

    expect((await adminCall(`/assets/${a.id}/pin`, { method: 'DELETE' })).status).toBe(204);
    const unpinned = await asset(a.id);
    expect(unpinned.label.name).toBe('Confidential');
    expect(unpinned.history[0]).toMatchObject({ label: { name: 'Confidential' }, reason: 'unpinned' });
    expect((await adminCall(`/assets/${a.id}/pin`)).status).toBe(404);
    expect((await adminCall(`/assets/${a.id}/pin`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses an unknown label, a missing reason and an unknown asset', async () => {
    const a = await classify('pin-bad.txt', 'x');
    const noLabel = await adminCall(`/assets/${a.id}/pin`, { method: 'PUT', json: { label: 'Secret', reason: 'r' } });
    expect(noLabel.status).toBe(422);
    expect(noLabel.body).toMatchObject({ detail: [{ loc: ['body', 'label'] }] });
    expect((await adminCall(`/assets/${a.id}/pin`, { method: 'PUT', json: { label: 'Public' } })).status).toBe(422);
    expect((await adminCall(`/assets/${a.id}/pin`, { method: 'PUT', json: { label: 'Public', reason: '  ' } })).status).toBe(422);
    expect((await adminCall('/assets/999999/pin', { method: 'PUT', json: { label: 'Public', reason: 'r' } })).status).toBe(404);
    expect((await adminCall('/assets/999999/pin', { method: 'DELETE' })).status).toBe(404);
  });
});

describe('allow-list', () => {
  const VALUE = '5105 1051 0510 5100';

  it('stops a value firing everywhere, never echoes it, serves only hashes, and undoes', async () => {
    const before = await classify('allow-1.txt', `Card ${VALUE}`);
    expect(before.label.name).toBe('Confidential');
    const etag = (await call(`${t.api}/allowlist`, { key: apiKey })).headers.get('etag');

    const added = await adminCall('/allowlist', { json: { value: '5105-1051-0510-5100', reason: 'test card' } });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(Number), reason: 'test card', actor: 'acme-admin', created_at: '2026-06-12T08:30:00' });
    expect(added.text).not.toMatch(/5105/);

    // Written with spaces, dashes or none, in any asset: allow-listed.
    expect((await classify('allow-1.txt', `Card ${VALUE}`)).label.name).toBe('Public');
    expect((await classify('allow-2.txt', 'Card 5105105105105100')).label.name).toBe('Public');
    // Another card still fires.
    expect((await classify('allow-3.txt', `Card ${VALUE} and ${OTHER_CARD}`)).findings[0]).toMatchObject({ count: 1 });

    const served = await call(`${t.api}/allowlist`, { key: apiKey });
    expect(served.status).toBe(200);
    expect(served.headers.get('etag')).not.toBe(etag);
    const def = served.body as { key: string; hashes: string[] };
    expect(def.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(def.hashes.length).toBeGreaterThan(0);
    expect(served.text).not.toMatch(/5105/);

    const list = await adminCall('/allowlist');
    expect(list.body).toEqual([added.body]);
    expect(list.text).not.toMatch(/5105/);

    const dup = await adminCall('/allowlist', { json: { value: '5105105105105100', reason: 'again' } });
    expect(dup.status).toBe(409);

    const id = (added.body as { id: number }).id;
    expect((await adminCall(`/allowlist/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await adminCall(`/allowlist/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await classify('allow-1.txt', `Card ${VALUE}`)).label.name).toBe('Confidential');
    expect((await adminCall('/allowlist')).body).toEqual([]);
  });

  it('refuses an empty, blank or too long value and a missing reason', async () => {
    expect((await adminCall('/allowlist', { json: { value: '', reason: 'r' } })).status).toBe(422);
    expect((await adminCall('/allowlist', { json: { value: ' - . ', reason: 'r' } })).status).toBe(422);
    const tooLong = await adminCall('/allowlist', { json: { value: `SECRETVALUE${'x'.repeat(490)}`, reason: 'r' } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toMatchObject({ detail: [{ loc: ['body', 'value'] }] });
    expect(tooLong.text).not.toContain('SECRETVALUE');
    expect((await adminCall('/allowlist', { json: { value: 'abc' } })).status).toBe(422);
    expect((await adminCall('/allowlist', { json: { value: 'abc', reason: 'r', extra: true } })).status).toBe(422);
    expect((await adminCall('/allowlist/0', { method: 'DELETE' })).status).toBe(422);
  });

  it('the value is in no stored byte and no log line', async () => {
    const secret = 'ZZ-ALLOW-7f3a9c';
    expect((await adminCall('/allowlist', { json: { value: secret, reason: 'a marker' } })).status).toBe(201);
    const needles = [secret, secret.replace(/-/g, ''), secret.toLowerCase()];
    for (const line of t.rawLogs) for (const n of needles) expect(line).not.toContain(n);
    const files = readdirSync(t.dataDir).filter((f) => f.startsWith('assay.db'));
    // On PostgreSQL (the api-on-postgres run) there is no database file here to read.
    if (process.env.ASSAY_TEST_STORAGE !== 'postgres') expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = readFileSync(join(t.dataDir, f)).toString('latin1');
      for (const n of needles) expect(bytes).not.toContain(n);
    }
  });
});

describe('workspace isolation', () => {
  it('another workspace’s admin sees none of it: 404 on its assets and entries, its own empty allow-list', async () => {
    await t.workspaceWithKey('other');
    const otherAdmin = await t.adminKey('other');
    const a = await classify('isolated.txt', `Card ${CARD}`);
    const entry = await adminCall('/allowlist', { json: { value: 'ISOLATED-VALUE-1', reason: 'acme only' } });
    expect(entry.status).toBe(201);
    const as = (path: string, opts: { method?: string; json?: unknown } = {}) => call(`${t.api}/admin${path}`, { key: otherAdmin, ...opts });
    expect((await as(`/assets/${a.id}/dismissals`, { json: { rule: 'Financial data', detector: 'payment-card', reason: 'test_data' } })).status).toBe(404);
    expect((await as(`/assets/${a.id}/dismissals`)).status).toBe(404);
    expect((await as(`/assets/${a.id}/pin`, { method: 'PUT', json: { label: 'Public', reason: 'r' } })).status).toBe(404);
    expect((await as(`/allowlist/${(entry.body as { id: number }).id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await as('/allowlist')).body).toEqual([]);
    expect((await adminCall('/allowlist')).body).toContainEqual(entry.body);
    expect((await asset(a.id)).label.name).toBe('Confidential');
  });
});

describe('roles', () => {
  it('refuses every triage endpoint to an api-role key (403)', async () => {
    const a = await classify('roles.txt', `Card ${CARD}`);
    const attempts: [string, string, unknown?][] = [
      ['GET', `/assets/${a.id}/dismissals`],
      ['POST', `/assets/${a.id}/dismissals`, { rule: 'Financial data', detector: 'payment-card', reason: 'test_data' }],
      ['DELETE', `/assets/${a.id}/dismissals/1`],
      ['GET', `/assets/${a.id}/pin`],
      ['PUT', `/assets/${a.id}/pin`, { label: 'Public', reason: 'r' }],
      ['DELETE', `/assets/${a.id}/pin`],
      ['GET', '/allowlist'],
      ['POST', '/allowlist', { value: 'v', reason: 'r' }],
      ['DELETE', '/allowlist/1'],
    ];
    for (const [method, path, json] of attempts) {
      const res = await call(`${t.api}/admin${path}`, { key: apiKey, method, json });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });
});
