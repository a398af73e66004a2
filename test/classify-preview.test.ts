// POST /classify/preview: same answer as /classify, masked findings, nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

let t: TestServer;
let key: string;
const BODY = { name: 'vendor-contract-2026.pdf', asset_type: 'document', content: 'Confidential — NDA. Payment to IBAN DE89370400440532013000' };
beforeAll(async () => {
  t = await startTestServer();
  key = await t.workspaceWithKey('acme');
});
afterAll(() => t.close());

describe('POST /api/v1/classify/preview', () => {
  it('answers like classify, stores nothing, and never returns a raw value', async () => {
    const preview = await call(`${t.api}/classify/preview`, { key, json: BODY });
    expect(preview.status).toBe(200);
    expect(preview.text).not.toContain('370400440532013000');
    expect((await t.repo.getWorkspaceByName('acme'))!.asset_count).toBe(0);
    expect((await call(`${t.api}/assets?status=all`, { key })).body).toEqual([]);
    const stored = (await call(`${t.api}/classify`, { key, json: BODY })).body as Record<string, unknown>;
    const p = preview.body as Record<string, unknown>;
    for (const field of ['name', 'asset_type', 'label', 'matched_rules', 'findings']) expect(p[field], field).toEqual(stored[field]);
    expect(p).not.toHaveProperty('id');
    const findings = p.findings as { rule: string; samples: { value: string }[] }[];
    expect(findings.find((f) => f.rule === 'Financial data')!.samples[0]!.value).toBe('DE89 **** **** **** **** 00');
    const detail = (await call(`${t.api}/assets/${stored.id as number}`, { key })).text;
    expect(detail).toContain('DE89 **** **** **** **** 00');
    expect(detail).not.toContain('370400440532013000');
  });

  it('validates like classify, and works while the plan is inactive', async () => {
    expect((await call(`${t.api}/classify/preview`, { key, json: { content: 'x' } })).status).toBe(422);
    await t.workspaces.update('acme', { plan: 'inactive' });
    expect((await call(`${t.api}/classify/preview`, { key, json: BODY })).status).toBe(200);
    expect((await call(`${t.api}/classify`, { key, json: BODY })).status).toBe(402);
    await t.workspaces.update('acme', { plan: 'active' });
  });
});
