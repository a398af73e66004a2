// Two `assay server` processes on one PostgreSQL database behind Debian's nginx (round robin):
// an agent delivers 1,000 files through the balancer and each is stored once; a console session
// from node A works on node B; a key revoked through A is refused by B on its next request; a
// quota of 100 under 300 concurrent new assets across both nodes stores exactly 100; bad keys
// spread over both nodes are counted once.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../lib/clock.ts';
import { DATABASE_FILE } from '../server/server-process.ts';
import { createWorkspaceAdmin } from '../server/services/workspace-admin.ts';
import { openPgRepository } from '../server/storage/pg-repository.ts';
import type { Repository } from '../server/storage/repository.ts';
import { cleanupAfterEach, nameOf, startTestAgent, testSettings } from './helpers/agent-harness.ts';
import { type AssayProcess, freePort, spawnAssay } from './helpers/assay-process.ts';
import { type Balancer, NGINX, requestsLogged, startBalancer } from './helpers/nginx.ts';
import { freshPgDatabase, unavailable } from './helpers/storage-backends.ts';
import { call } from './helpers/test-server.ts';
import { waitFor } from './helpers/wait-for.ts';
import { systemOrigin } from '../server/services/audit-trail.ts';

const cleanup = cleanupAfterEach();
const skip = unavailable('postgres') || (NGINX === undefined && process.env.CI !== 'true');

describe.skipIf(skip)('several servers on one PostgreSQL database behind nginx', () => {
  let db: Awaited<ReturnType<typeof freshPgDatabase>>;
  let repo: Repository;
  const nodes: { proc: AssayProcess; url: string; dataDir: string }[] = [];
  let lb: Balancer;
  let adminKey: string;
  let agentKey: string;
  let tmp: string;

  beforeAll(async () => {
    db = await freshPgDatabase();
    repo = await openPgRepository({ url: db.url, poolSize: 4, statementTimeoutMs: 30_000, clock: systemClock, waitMs: 0 });
    const admin = createWorkspaceAdmin({ repo, clock: systemClock, origin: systemOrigin('test-setup') });
    await admin.create('acme', null);
    adminKey = (await admin.createKey('acme', 'ops', 'admin')).key;
    agentKey = (await admin.createKey('acme', 'agent')).key;
    tmp = mkdtempSync(join(tmpdir(), 'assay-multi-'));
    for (const name of ['a', 'b']) {
      const port = await freePort();
      const dataDir = join(tmp, name);
      mkdirSync(dataDir, { recursive: true });
      const proc = spawnAssay(['server', '--port', String(port)], { ASSAY_DATABASE_URL: db.url, ASSAY_DATA_DIR: dataDir, ASSAY_LOG_LEVEL: 'info' });
      const url = `http://127.0.0.1:${port}`;
      await waitFor(async () => (await fetch(`${url}/healthz`)).ok, `node ${name}; output: ${proc.output()}`, 30_000);
      nodes.push({ proc, url, dataDir });
    }
    lb = await startBalancer(nodes.map((n) => n.url));
  }, 90_000);

  afterAll(async () => {
    await lb?.close();
    for (const n of nodes) await n.proc.close();
    await repo?.close();
    await db?.drop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('stores every one of 1,000 files an agent delivers through the balancer exactly once, served by both nodes', async () => {
    const watchDir = cleanup.dir('watch');
    const stateDir = cleanup.dir('state');
    const expected: string[] = [];
    for (let d = 0; d < 10; d++) {
      mkdirSync(join(watchDir, `d${d}`));
      for (let f = 0; f < 100; f++) {
        const path = join(watchDir, `d${d}`, `file-${f}.txt`);
        writeFileSync(path, `document ${d}/${f}: quarterly figures, nothing secret`);
        expected.push(nameOf(path));
      }
    }
    const agent = cleanup.track(await startTestAgent(testSettings({ serverUrl: lb.url, key: agentKey, roots: [watchDir], stateDir })));
    const ws = (await repo.getWorkspaceByName('acme'))!;
    const stored = await waitFor(
      async () => {
        const assets = await repo.listAssets(ws.id, { source: 'agent', limit: 5000 });
        return assets.length >= 1000 && assets;
      },
      'the agent to deliver 1,000 files',
      120_000,
      250,
    );
    expect(stored.map((a) => a.name).sort()).toEqual([...expected].sort());
    for (const a of stored.slice(0, 50)) expect((await repo.getAsset(ws.id, a.id))!.history).toHaveLength(1);
    expect(requestsLogged(nodes[0]!.proc, '/api/v1/classify')).toBeGreaterThan(0);
    expect(requestsLogged(nodes[1]!.proc, '/api/v1/classify')).toBeGreaterThan(0);
    await agent.close();
  }, 180_000);

  it('accepts a console session signed in on node A on node B, CSRF token included', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const signIn = await call(`${a.url}/api/v1/admin/sessions`, { json: { key: adminKey } });
    expect(signIn.status).toBe(201);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = (signIn.body as { csrf_token: string }).csrf_token;
    const onB = await call(`${b.url}/api/v1/admin/workspace`, { headers: { Cookie: cookie } });
    expect(onB.status).toBe(200);
    const created = await call(`${b.url}/api/v1/admin/keys`, { json: { name: 'made-on-b' }, headers: { Cookie: cookie, 'X-CSRF-Token': csrf } });
    expect(created.status).toBe(201);
    const signOut = await call(`${b.url}/api/v1/admin/sessions/current`, { method: 'DELETE', headers: { Cookie: cookie, 'X-CSRF-Token': csrf } });
    expect(signOut.status).toBe(204);
    expect((await call(`${a.url}/api/v1/admin/workspace`, { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('refuses on node B, at its very next request, a key revoked through node A', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const made = await call(`${a.url}/api/v1/admin/keys`, { key: adminKey, json: { name: 'short-lived' } });
    expect(made.status).toBe(201);
    const key = (made.body as { key: string }).key;
    expect((await call(`${b.url}/api/v1/labels`, { key })).status).toBe(200);
    expect((await call(`${a.url}/api/v1/admin/keys/short-lived/revoke`, { key: adminKey, method: 'POST' })).status).toBe(200);
    // No cache between the database and a node: the first request after the revocation is refused.
    expect((await call(`${b.url}/api/v1/labels`, { key })).status).toBe(401);
  });

  it('stores exactly 100 of 300 concurrent new assets across both nodes against a quota of 100', async () => {
    const admin = createWorkspaceAdmin({ repo, clock: systemClock, origin: systemOrigin('test-setup') });
    await admin.create('capped', 100);
    const key = (await admin.createKey('capped', 'k')).key;
    const statuses = await Promise.all(Array.from({ length: 300 }, (_, i) => call(`${lb.url}/api/v1/classify`, { key, json: { name: `q-${i}.txt`, content: 'x' } }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    expect(statuses.filter((s) => s === 402)).toHaveLength(200);
    const ws = (await repo.getWorkspaceByName('capped'))!;
    expect(ws.asset_count).toBe(100);
    expect(await repo.listAssets(ws.id, { limit: 500 })).toHaveLength(100);
  });

  it('created no SQLite database on either node', () => {
    for (const n of nodes) expect(existsSync(join(n.dataDir, DATABASE_FILE))).toBe(false);
  });

  // Last: it blocks this client's address on both nodes.
  it('blocks an address spreading bad keys over both nodes after the same number of failures as on one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call(`${nodes[i % 2]!.url}/api/v1/labels`, { key: `chk_${'x'.repeat(40)}` })).status);
    // max_failures is 10: the 11th failure, wherever it lands, blocks the address everywhere.
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    for (const n of nodes) expect((await call(`${n.url}/api/v1/labels`, { key: agentKey })).status).toBe(429);
  });
});
