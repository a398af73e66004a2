// GET /rules and /labels carry an ETag; If-None-Match gets 304; a change gives a new ETag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

let t: TestServer;
let key: string;
beforeAll(async () => {
  t = await startTestServer();
  key = await t.workspaceWithKey('acme');
});
afterAll(() => t.close());

describe('GET /api/v1/rules', () => {
  it('serves enabled rules in priority order with everything needed to evaluate them', async () => {
    const res = await call(`${t.api}/rules`, { key });
    expect(res.status).toBe(200);
    const rules = res.body as { name: string; priority: number; label: unknown; format: number; conditions: { patterns: { validator?: string }[]; keywords: string[] } }[];
    expect(rules.length).toBe(defaultRules().length);
    expect(rules.map((r) => r.priority)).toEqual([...rules.map((r) => r.priority)].sort((a, b) => a - b));
    const marked = rules.find((r) => r.name === 'Marked confidential')!;
    const financial = rules.find((r) => r.name === 'Financial data')!;
    expect(rules.indexOf(marked)).toBeLessThan(rules.indexOf(financial));
    expect(marked).toMatchObject({ label: { name: 'Confidential', level: 2, color: '#f59e0b' }, enabled: true });
    expect(marked.conditions.keywords).toContain('NDA');
    expect(financial.conditions.patterns.some((p) => p.validator === 'iban')).toBe(true);
  });

  it('answers If-None-Match with 304, and a rule change changes the ETag', async () => {
    const first = await call(`${t.api}/rules`, { key });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await call(`${t.api}/rules`, { key, headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect((await call(`${t.api}/rules`, { key, headers: { 'If-None-Match': `W/${etag}` } })).status).toBe(304);
    expect((await call(`${t.api}/rules`, { key, headers: { 'If-None-Match': '"other"' } })).status).toBe(200);

    await t.policies.setRuleEnabled((await t.workspaces.require('acme'))!, 'Financial data', false);
    const changed = await call(`${t.api}/rules`, { key, headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((changed.body as { name: string }[]).map((r) => r.name)).not.toContain('Financial data');
  });

  it('changes the rules ETag when a label a rule uses changes colour', async () => {
    const before = (await call(`${t.api}/rules`, { key })).headers.get('etag');
    await t.policies.setLabel((await t.workspaces.require('acme'))!, { name: 'Confidential', level: 2, color: '#ff8800' });
    const after = await call(`${t.api}/rules`, { key });
    expect(after.headers.get('etag')).not.toBe(before);
    const labels = await call(`${t.api}/labels`, { key });
    expect(labels.headers.get('etag')).toBeTruthy();
    expect((await call(`${t.api}/labels`, { key, headers: { 'If-None-Match': labels.headers.get('etag')! } })).status).toBe(304);
  });
});

describe('GET /api/v1/labels', () => {
  it('serves the default scheme ordered by level for a new workspace', async () => {
    await t.workspaceWithKey('fresh');
    const k = (await t.workspaces.createKey('fresh', 'k2')).key;
    expect((await call(`${t.api}/labels`, { key: k })).body).toEqual([
      { name: 'Public', level: 0, color: '#22c55e' },
      { name: 'Internal', level: 1, color: '#3b82f6' },
      { name: 'Confidential', level: 2, color: '#f59e0b' },
      { name: 'Restricted', level: 3, color: '#ef4444' },
    ]);
  });
});
