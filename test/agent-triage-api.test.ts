// GET /api/v1/triage (docs/triage.md, docs/api.md): the dismissals and pins of a workspace's agent
// assets, by asset name, narrowed to one host, with an ETag that follows every change; counted,
// not dropped, past its limit; refused without a valid key, with bad input, and never showing
// another workspace's. On both storage backends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TRIAGE_LIMIT, type AgentTriage } from '../shared/api/triage-schemas.ts';
import { BACKENDS, unavailable } from './helpers/storage-backends.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

const CARD = '4111 1111 1111 1111';

describe.each(BACKENDS)('GET /api/v1/triage (%s)', (backend) => {
  let t: TestServer;
  let key: string;
  let admin: string;
  let otherKey: string;
  let otherAdmin: string;
  const ids = new Map<string, number>();

  const classify = async (name: string, source: 'agent' | 'api') => {
    const res = await call(`${t.api}/classify`, { key, json: { name, content: `Card ${CARD}`, source } });
    expect(res.status, res.text).toBe(201);
    ids.set(`${source} ${name}`, (res.body as { id: number }).id);
  };
  const admin_ = (path: string, opts: { method?: string; json?: unknown }) => call(`${t.api}/admin${path}`, { key: admin, ...opts });
  const dismiss = (id: number) => admin_(`/assets/${id}/dismissals`, { json: { rule: 'Financial data', detector: 'payment-card', reason: 'test_data' } });
  const pin = (id: number, label: string) => admin_(`/assets/${id}/pin`, { method: 'PUT', json: { label, reason: 'reviewed' } });
  const triage = async (query = '', k = key, headers: Record<string, string> = {}) => call(`${t.api}/triage${query}`, { key: k, headers });

  beforeAll(async () => {
    if (unavailable(backend)) return;
    t = await startTestServer({ storage: backend });
    key = await t.workspaceWithKey('acme');
    admin = await t.adminKey('acme');
    otherKey = await t.workspaceWithKey('other');
    otherAdmin = await t.adminKey('other');
    for (const name of ['web-01:/srv/a.txt', 'web-01:/srv/b.txt', 'web-01:/srv/c.txt', 'web-02:/srv/a.txt']) await classify(name, 'agent');
    await classify('web-01:/srv/d.txt', 'api'); // the same kind of name from an ordinary client: not an agent's
    expect((await dismiss(ids.get('agent web-01:/srv/a.txt')!)).status).toBe(201);
    expect((await dismiss(ids.get('agent web-01:/srv/b.txt')!)).status).toBe(201);
    expect((await pin(ids.get('agent web-01:/srv/c.txt')!, 'restricted')).status).toBe(200);
    expect((await pin(ids.get('agent web-02:/srv/a.txt')!, 'Public')).status).toBe(200);
    expect((await dismiss(ids.get('api web-01:/srv/d.txt')!)).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(unavailable(backend))('serves one host’s dismissals and pins, by asset name, nothing of other sources or hosts', async () => {
    const res = await triage('?host=web-01');
    expect(res.status).toBe(200);
    const restricted = ((await call(`${t.api}/labels`, { key })).body as AgentTriage['pins'][number]['label'][]).find((l) => l.name === 'Restricted')!;
    expect(res.body).toEqual({
      source: 'agent',
      host: 'web-01',
      dismissals: [
        { name: 'web-01:/srv/a.txt', rule: 'Financial data', detector: 'payment-card' },
        { name: 'web-01:/srv/b.txt', rule: 'Financial data', detector: 'payment-card' },
      ],
      pins: [{ name: 'web-01:/srv/c.txt', label: restricted }],
      limit: AGENT_TRIAGE_LIMIT,
      omitted: { dismissals: 0, pins: 0 },
    } satisfies AgentTriage);
    // The host is a whole name part: web-0 is not web-01.
    expect((await triage('?host=web-0')).body).toMatchObject({ dismissals: [], pins: [] });
    // Without a host: every agent asset of the workspace.
    const all = (await triage()).body as AgentTriage;
    expect(all.host).toBeNull();
    expect(all.pins.map((p) => [p.name, p.label.name])).toEqual([
      ['web-01:/srv/c.txt', 'Restricted'],
      ['web-02:/srv/a.txt', 'Public'],
    ]);
    expect(all.dismissals.map((d) => d.name)).toEqual(['web-01:/srv/a.txt', 'web-01:/srv/b.txt']);
    // Any key of the workspace reads it, as GET /allowlist: the admin key sees the same.
    expect((await triage('?host=web-01', admin)).body).toEqual(res.body);
  });

  it.skipIf(unavailable(backend))('answers 304 while nothing changed, and a new ETag after a pin or a dismissal changes', async () => {
    const first = await triage('?host=web-02');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"/);
    expect((await triage('?host=web-02', key, { 'If-None-Match': etag })).status).toBe(304);
    const id = ids.get('agent web-02:/srv/a.txt')!;
    expect((await admin_(`/assets/${id}/pin`, { method: 'DELETE' })).status).toBe(204);
    const unpinned = await triage('?host=web-02', key, { 'If-None-Match': etag });
    expect(unpinned.status).toBe(200);
    expect(unpinned.body).toMatchObject({ pins: [], dismissals: [] });
    const made = await dismiss(id);
    expect(made.status).toBe(201);
    const dismissed = await triage('?host=web-02', key, { 'If-None-Match': unpinned.headers.get('etag')! });
    expect(dismissed.status).toBe(200);
    expect((dismissed.body as AgentTriage).dismissals).toEqual([{ name: 'web-02:/srv/a.txt', rule: 'Financial data', detector: 'payment-card' }]);
    // Undone: back to the ETag of the empty document.
    expect((await admin_(`/assets/${id}/dismissals/${(made.body as { id: number }).id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await triage('?host=web-02', key, { 'If-None-Match': unpinned.headers.get('etag')! })).status).toBe(304);
  });

  it.skipIf(unavailable(backend))('counts what is past the limit instead of dropping it silently', async () => {
    const ws = (await t.repo.getWorkspaceByName('acme'))!;
    const rows = await t.repo.agentTriage(ws.id, 'web-01:', 1);
    expect(rows.dismissals).toEqual([{ name: 'web-01:/srv/a.txt', rule: 'Financial data', detector: 'payment-card' }]);
    expect(rows.pins.map((p) => p.name)).toEqual(['web-01:/srv/c.txt']);
    expect(rows.totals).toEqual({ dismissals: 2, pins: 1 });
    expect((await t.repo.agentTriage(ws.id, null, 0)).totals).toEqual({ dismissals: 2, pins: 1 });
  });

  it.skipIf(unavailable(backend))('refuses a missing or unknown key and a bad host, and shows no other workspace’s triage', async () => {
    expect((await call(`${t.api}/triage`)).status).toBe(401);
    expect((await triage('', 'chk_not-a-real-key')).status).toBe(401);
    for (const host of ['', 'x'.repeat(254), 'web%0A01']) {
      const res = await triage(`?host=${host}`);
      expect(res.status, host).toBe(422);
      expect((res.body as { detail: { loc: unknown[] }[] }).detail[0]!.loc).toEqual(['query', 'host']);
    }
    // Another workspace's keys, either role, see only their own (empty) triage, even for acme's names.
    for (const k of [otherKey, otherAdmin]) {
      const res = await triage('?host=web-01', k);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dismissals: [], pins: [], omitted: { dismissals: 0, pins: 0 } });
    }
  });
});
