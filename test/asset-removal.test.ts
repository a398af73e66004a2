// POST /assets/removals marks an asset removed; listing hides it by default; classifying it
// again brings it back with the same id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

let t: TestServer;
let key: string;
beforeAll(async () => {
  t = await startTestServer();
  key = await t.workspaceWithKey('acme');
});
afterAll(() => t.close());

const names = async (qs: string) => ((await call(`${t.api}/assets?${qs}`, { key })).body as { name: string }[]).map((a) => a.name);

describe('asset removal', () => {
  it('marks removed, filters by status, and revives on re-classification', async () => {
    const created = (await call(`${t.api}/classify`, { key, json: { name: 'fs01:/srv/a.txt', source: 'agent', content: 'Confidential' } })).body as { id: number };
    await call(`${t.api}/classify`, { key, json: { name: 'fs01:/srv/b.txt', source: 'agent' } });
    const removed = await call(`${t.api}/assets/removals`, { key, json: { name: 'fs01:/srv/a.txt', source: 'agent' } });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id: created.id, removed_at: '2026-06-12T08:30:00', label: { name: 'Confidential' } });
    expect((await call(`${t.api}/assets/removals`, { key, json: { name: 'fs01:/srv/a.txt', source: 'agent' } })).status).toBe(200);

    expect(await names('')).toEqual(['fs01:/srv/b.txt']);
    expect(await names('status=removed')).toEqual(['fs01:/srv/a.txt']);
    expect((await names('status=all')).sort()).toEqual(['fs01:/srv/a.txt', 'fs01:/srv/b.txt']);
    expect((await call(`${t.api}/assets/${created.id}`, { key })).body).toMatchObject({ removed_at: '2026-06-12T08:30:00' });

    const back = (await call(`${t.api}/classify`, { key, json: { name: 'fs01:/srv/a.txt', source: 'agent' } })).body as { id: number; removed_at: unknown };
    expect(back).toMatchObject({ id: created.id, removed_at: null });
    expect((await names('')).sort()).toEqual(['fs01:/srv/a.txt', 'fs01:/srv/b.txt']);
  });

  it('404 for an unknown asset or the wrong source, 422 for a bad body', async () => {
    expect((await call(`${t.api}/assets/removals`, { key, json: { name: 'nope' } })).status).toBe(404);
    expect((await call(`${t.api}/assets/removals`, { key, json: { name: 'fs01:/srv/b.txt', source: 'api' } })).status).toBe(404);
    const bad = await call(`${t.api}/assets/removals`, { key, json: { source: 'csv' } });
    expect(bad.status).toBe(422);
    expect((bad.body as { detail: { loc: string[] }[] }).detail.map((d) => d.loc.join('.')).sort()).toEqual(['body.name', 'body.source']);
    expect((await call(`${t.api}/assets?status=gone`, { key })).status).toBe(422);
  });
});
