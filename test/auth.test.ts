// X-API-Key authentication and the workspace states: 401, 402, 403 with their SPEC §2 bodies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, manualClock, startTestServer, type TestServer } from './helpers/test-server.ts';

let t: TestServer;
let key: string;
const clock = manualClock();
beforeEach(async () => {
  t = await startTestServer({ clock });
  key = await t.workspaceWithKey('acme');
});
afterEach(() => t.close());

const classify = (k: string | undefined, name = 'doc.txt') => call(`${t.api}/classify`, { key: k, json: { name, content: 'hello' } });
const assetCount = async () => (await t.repo.getWorkspaceByName('acme'))!.asset_count;

describe('API key authentication', () => {
  it('401 Missing API key without the header, on every endpoint', async () => {
    for (const path of ['/classify', '/assets', '/assets/1', '/labels', '/rules']) {
      const res = await call(`${t.api}${path}`);
      expect(res.status, path).toBe(401);
      expect(res.body).toEqual({ detail: 'Missing API key', code: 'missing_api_key' });
    }
  });

  it('401 for a wrong key, a malformed key and a revoked key', async () => {
    expect((await classify(`chk_${'x'.repeat(43)}`)).body).toEqual({ detail: 'Invalid or revoked API key', code: 'invalid_api_key' });
    expect((await classify('not-a-key')).status).toBe(401);
    expect((await classify(key.slice(0, -1))).status).toBe(401);
    expect((await classify(key)).status).toBe(201);
    await t.workspaces.revokeKey('acme', 'acme-key');
    const res = await classify(key, 'after-revoke.txt');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'Invalid or revoked API key', code: 'invalid_api_key' });
  });

  it('records when a key was last used', async () => {
    expect((await t.workspaces.listKeys('acme'))[0]!.last_used_at).toBeNull();
    await call(`${t.api}/labels`, { key });
    expect((await t.workspaces.listKeys('acme'))[0]!.last_used_at).toBe('2026-06-12T08:30:00');
    clock.advance(120_000);
    await call(`${t.api}/labels`, { key });
    expect((await t.workspaces.listKeys('acme'))[0]!.last_used_at).toBe('2026-06-12T08:32:00');
  });

  it('403 Workspace suspended, and back after resume', async () => {
    await t.workspaces.update('acme', { suspended: true });
    for (const res of [await classify(key), await call(`${t.api}/assets`, { key })]) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ detail: 'Workspace suspended', code: 'workspace_suspended' });
    }
    expect(await assetCount()).toBe(0);
    await t.workspaces.update('acme', { suspended: false });
    expect((await classify(key)).status).toBe(201);
  });

  it('402 when the plan is inactive: nothing stored, reads still allowed', async () => {
    await t.workspaces.update('acme', { plan: 'inactive' });
    const res = await classify(key);
    expect(res.status).toBe(402);
    expect(res.body).toEqual({ detail: 'Workspace plan is not active', code: 'plan_inactive' });
    expect(await assetCount()).toBe(0);
    expect((await call(`${t.api}/assets`, { key })).body).toEqual([]);
  });

  it('402 when the asset quota is reached, with the numbers; updates of existing assets still pass', async () => {
    await t.workspaces.update('acme', { max_assets: 2 });
    expect((await classify(key, 'a.txt')).status).toBe(201);
    expect((await classify(key, 'b.txt')).status).toBe(201);
    const res = await classify(key, 'c.txt');
    expect(res.status).toBe(402);
    expect(res.body).toEqual({ detail: 'Asset quota reached: 2 of 2 assets used', code: 'asset_quota_exceeded' });
    expect(await assetCount()).toBe(2);
    const names = ((await call(`${t.api}/assets`, { key })).body as { name: string }[]).map((a) => a.name);
    expect(names.sort()).toEqual(['a.txt', 'b.txt']);
    expect((await classify(key, 'a.txt')).status).toBe(201);
  });

  it('never logs the key', async () => {
    await classify(key);
    await classify('chk_wrongwrongwrongwrongwrongwrongwrongwrong');
    expect(t.rawLogs.length).toBeGreaterThan(0);
    for (const line of t.rawLogs) {
      expect(line).not.toContain(key);
      expect(line).not.toContain(key.slice(12));
      expect(line).not.toContain('wrongwrong');
    }
  });
});
