// Two workspaces: neither can see, count or fetch the other's assets, labels or rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

let t: TestServer;
let keyA: string;
let keyB: string;
let assetOfA: number;
beforeAll(async () => {
  t = await startTestServer();
  keyA = await t.workspaceWithKey('alpha');
  keyB = await t.workspaceWithKey('beta');
  await t.policies.setLabel((await t.workspaces.require('beta'))!, { name: 'Top Secret', level: 9, color: '#000000' });
  await t.policies.importRules(
    (await t.workspaces.require('beta'))!,
    'rules:\n  - name: Beta only\n    label: Top Secret\n    priority: 1\n    conditions:\n      keywords: [project-x]\n',
    { merge: false },
  );
  assetOfA = ((await call(`${t.api}/classify`, { key: keyA, json: { name: 'shared-name.txt', content: 'Confidential' } })).body as { id: number }).id;
  await call(`${t.api}/classify`, { key: keyB, json: { name: 'shared-name.txt', content: 'project-x' } });
});
afterAll(() => t.close());

describe('workspace isolation', () => {
  it('lists and searches only its own assets', async () => {
    const a = (await call(`${t.api}/assets?q=shared`, { key: keyA })).body as { id: number; label: { name: string } }[];
    const b = (await call(`${t.api}/assets?q=shared`, { key: keyB })).body as { id: number; label: { name: string } }[];
    expect(a.map((x) => x.label.name)).toEqual(['Confidential']);
    expect(b.map((x) => x.label.name)).toEqual(['Top Secret']);
    expect(a[0]!.id).not.toBe(b[0]!.id);
  });

  it('cannot fetch the other workspace asset by id: 404 as for a missing id', async () => {
    expect((await call(`${t.api}/assets/${assetOfA}`, { key: keyA })).status).toBe(200);
    const res = await call(`${t.api}/assets/${assetOfA}`, { key: keyB });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not found', code: 'not_found' });
  });

  it('sees only its own labels and rules', async () => {
    const labelsA = (await call(`${t.api}/labels`, { key: keyA })).body as { name: string }[];
    const labelsB = (await call(`${t.api}/labels`, { key: keyB })).body as { name: string }[];
    expect(labelsA.map((l) => l.name)).toEqual(['Public', 'Internal', 'Confidential', 'Restricted']);
    expect(labelsB.map((l) => l.name)).toContain('Top Secret');
    const rulesA = (await call(`${t.api}/rules`, { key: keyA })).body as { name: string }[];
    const rulesB = (await call(`${t.api}/rules`, { key: keyB })).body as { name: string }[];
    expect(rulesA.map((r) => r.name)).not.toContain('Beta only');
    expect(rulesB.map((r) => r.name)).toEqual(['Beta only']);
  });

  it('counts quota per workspace', async () => {
    expect((await t.repo.getWorkspaceByName('alpha'))!.asset_count).toBe(1);
    expect((await t.repo.getWorkspaceByName('beta'))!.asset_count).toBe(1);
  });
});
