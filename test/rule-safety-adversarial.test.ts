// Issue #18's attacks, each against the real server with two workspaces: a hostile import is
// refused with a clear 422 (or classification is stopped at its budget), another workspace's
// request is served while the hostile one is in progress, and nothing answers 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTimestamp } from '../lib/clock.ts';
import type { RuleDefinition } from '../shared/engine/rule-definition.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

const REDOS = '^(?:(?:ab|abc)(?:cd|d)e){1,60}$';
/** Takes V8's backtracking engine far longer than any budget: twice as long for each extra 'abcde'. */
const REDOS_CONTENT = `${'abcde'.repeat(40)}!`;
const BUDGET_MS = 6000;
const IMPORT_BUDGET_S = 15;

let t: TestServer;
let admin: string;
let other: string;
beforeAll(async () => {
  t = await startTestServer({ server: { classification: { workers: 2, min_budget_ms: BUDGET_MS }, rule_import: { request_seconds: IMPORT_BUDGET_S } } });
  await t.workspaceWithKey('hostile');
  admin = await t.adminKey('hostile');
  other = await t.workspaceWithKey('bystander');
}, 60_000);
afterAll(() => t.close());

interface Settled<T> {
  readonly promise: Promise<T>;
  done: boolean;
}
const track = <T,>(promise: Promise<T>): Settled<T> => {
  const s: Settled<T> = { promise, done: false };
  void promise.finally(() => (s.done = true));
  return s;
};

/** The bystander classifies while `hostile` runs: it must be answered before the hostile request is. */
async function servedMeanwhile<T>(hostile: Settled<T>): Promise<void> {
  const res = await call(`${t.api}/classify`, { key: other, json: { name: 'meanwhile.txt', content: 'IBAN DE89 3704 0044 0532 0130 00' } });
  expect(res.status).toBe(201);
  expect(hostile.done).toBe(false);
}

const rule = (name: string, conditions: Record<string, unknown>) => ({ name, label: 'Restricted', priority: 1, conditions });
const putRule = (name: string, body: unknown) =>
  call(`${t.api}/admin/rules/${encodeURIComponent(name)}`, { key: admin, method: 'PUT', json: body });

describe('hostile rules', () => {
  it('refuses the bounded-repetition ReDoS pattern that the fuzz checker used to pass', async () => {
    const res = await putRule('Financial data', rule('Financial data', { patterns: [REDOS] }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'invalid_definition' });
    expect(JSON.stringify(res.body)).toMatch(/rule \\"Financial data\\" pattern 1: can backtrack catastrophically \(exponential time/);
  });

  it('refuses 1,000 keyword phrases of 190 characters at import, not at classification', async () => {
    const phrases = Array.from({ length: 1000 }, (_, i) => `a${String(i).padStart(4, '0')}${'x'.repeat(185)}`);
    const res = await putRule('Financial data', rule('Financial data', { keywords: phrases }));
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toMatch(/keywords: has 190000 characters in 1000 phrases \(at most 10000\)/);
    const after = await call(`${t.api}/classify`, { key: admin, json: { name: 'a.txt', content: 'a quick check' } });
    expect(after.status).toBe(201);
  });

  it('analyses a burst of new patterns off the main thread: another workspace is served meanwhile', async () => {
    const patterns = Array.from({ length: 50 }, (_, i) => `\\b(?:[A-Z]{2}${i}|[0-9]{3}x${i})[a-z]{2,${i + 3}}(?:-[a-f0-9]{4}){1,3}\\b`);
    const importing = track(putRule('Financial data', rule('Financial data', { patterns })));
    await servedMeanwhile(importing);
    const res = await importing.promise;
    // Proven in time, or refused: each pattern not proven within the request's budget is named.
    expect([200, 422]).toContain(res.status);
    if (res.status === 422) expect(res.text).toMatch(new RegExp(`pattern \\d+: not analysed within the request's budget of ${IMPORT_BUDGET_S} s`));
  }, 60_000);
});

describe('a rule that reaches classification anyway (defence in depth)', () => {
  beforeAll(async () => {
    // Stored directly, as if the import check had been wrong: the runtime budget must still hold.
    const ws = (await t.workspaces.require('hostile'))!;
    const slow: RuleDefinition = { ...(await t.repo.getPolicy(ws.id)).rules[0]!, name: 'Slow rule', priority: 0, conditions: { ...(await t.repo.getPolicy(ws.id)).rules[0]!.conditions, patterns: [{ regex: REDOS, flags: '' }], keywords: [] } };
    await t.repo.updatePolicy(ws.id, (p) => ({ ...p, rules: [slow, ...p.rules] }), apiTimestamp(new Date()));
  });

  it('stops the classification at its budget with a 422 naming the rule, and serves others meanwhile', async () => {
    const slow = track(call(`${t.api}/classify`, { key: admin, json: { name: 'hostile.txt', content: REDOS_CONTENT } }));
    await servedMeanwhile(slow);
    const res = await slow.promise;
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'classification_budget_exceeded' });
    expect((res.body as { detail: string }).detail).toBe(`Classification exceeded its time budget of ${BUDGET_MS} ms while evaluating rule "Slow rule"; nothing was stored`);
    expect(t.logs.some((l) => l.event === 'classification_stopped' && l.rule === 'Slow rule' && l.budget_ms === BUDGET_MS)).toBe(true);
    expect((await call(`${t.api}/assets?q=hostile`, { key: admin })).body).toEqual([]);
  }, 60_000);

  it('stops the preview too, and the replaced worker classifies the next request', async () => {
    const res = await call(`${t.api}/classify/preview`, { key: admin, json: { name: 'hostile.txt', content: REDOS_CONTENT } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'classification_budget_exceeded' });
    const next = await call(`${t.api}/classify`, { key: admin, json: { name: 'fine.txt', content: 'nothing to see' } });
    expect(next.status).toBe(201);
  }, 60_000);
});

describe('masked samples', () => {
  const sampleOf = async (content: string) => {
    const res = await call(`${t.api}/classify/preview`, { key: other, json: { name: 'config.env', content } });
    expect(res.status).toBe(200);
    return (res.body as { findings: { samples: { detector: string; value: string }[] }[] }).findings.flatMap((f) => f.samples);
  };

  it('reveals neither the characters nor the punctuation of a password', async () => {
    for (const secret of ['~!#$%&*^?!@#$%~', 'Zq-7.x-9@k!-3']) {
      const samples = await sampleOf(`password = ${secret}\n`);
      const password = samples.find((s) => s.value.length > 0 && /password/i.test(s.detector));
      expect(password, secret).toBeDefined();
      expect(password!.value).toMatch(/^\*+$/);
    }
  });
});

describe('q', () => {
  const controls = [...Array.from({ length: 0x20 }, (_, i) => i), 0x7f];

  it('refuses every control character with 422, in the API and in the console inventory', async () => {
    const signIn = await call(`${t.api}/admin/sessions`, { json: { key: admin } });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    for (const c of controls) {
      const q = encodeURIComponent(`ac${String.fromCharCode(c)}me`);
      const api = await call(`${t.api}/assets?q=${q}`, { key: other });
      expect(api.status, `0x${c.toString(16)}`).toBe(422);
      expect(JSON.stringify(api.body)).toContain('Must not contain control characters');
      const page = await call(`${t.url}/inventory?q=${q}`, { headers: { Cookie: cookie } });
      expect(page.status, `console 0x${c.toString(16)}`).toBe(422);
    }
    expect((await call(`${t.api}/assets?q=${encodeURIComponent('ac me')}`, { key: other })).status).toBe(200);
  });
});

describe('Link headers', () => {
  it('are never built from a hostile Host header', async () => {
    for (let i = 0; i < 3; i++) await call(`${t.api}/classify`, { key: other, json: { name: `page-${i}.txt`, content: 'x' } });
    const res = await call(`${t.api}/assets?limit=1`, { key: other, headers: { Host: 'evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('link')).toMatch(/^<\/api\/v1\/assets\?limit=1&cursor=[^>]+>; rel="next"$/);
  });

  it('use server.public_url when it is configured', async () => {
    const s = await startTestServer({ server: { public_url: 'https://assay.example.com/base' } });
    try {
      const key = await s.workspaceWithKey('acme');
      for (let i = 0; i < 2; i++) await call(`${s.api}/classify`, { key, json: { name: `p-${i}.txt`, content: 'x' } });
      const res = await call(`${s.api}/assets?limit=1`, { key, headers: { Host: 'evil.example' } });
      expect(res.headers.get('link')).toMatch(/^<https:\/\/assay\.example\.com\/base\/api\/v1\/assets\?limit=1&cursor=[^>]+>; rel="next"$/);
    } finally {
      await s.close();
    }
  }, 60_000);
});
