// The storage contracts, run against SQLite and PostgreSQL alike: workspaces and keys, policy,
// asset writes and queries, sessions, stats. Search is compared across the backends on the same
// data, and the quota is checked with two repositories (two "nodes") on one PostgreSQL database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewClassification, Repository } from '../server/storage/repository.ts';
import { openPgRepository } from '../server/storage/pg-repository.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';
import { AssetQuotaError, ConflictError, NotFoundError } from '../shared/errors.ts';
import { BACKENDS, openTestStorage, type TestStorage, unavailable } from './helpers/storage-backends.ts';
import { manualClock } from './helpers/test-server.ts';

const policy = { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: EMPTY_EXCLUSIONS };
const [PUBLIC, INTERNAL] = [DEFAULT_LABELS[0]!, DEFAULT_LABELS[1]!];
const AT = '2026-06-12T08:30:00.000Z';
const hash = (s: string) => Buffer.from(s.padEnd(32, '.'));

function classification(name: string, i = 0, source: NewClassification['source'] = 'api'): NewClassification {
  const at = new Date(Date.UTC(2026, 5, 12, 8, 30, Math.floor(i / 3))).toISOString();
  return { source, name, asset_type: 'document', label: i % 2 ? INTERNAL : PUBLIC, matched_rules: i % 2 ? ['Rule'] : [], findings: [], classified_at: at };
}

/** Names that exercise the search: case, LIKE wildcards, quotes, non-ASCII, short needles. */
const SEARCH_NAMES = [
  'Report_Q1.pdf', 'report%q2.pdf', "o'brien.docx", 'REPORTQ3.PDF', 'Überweisung-Müller.xlsx', 'a_b.txt', 'ab.txt',
  'naïve "quoted" name.md', 'back\\slash.txt', 'ÅSA-lönelista.xlsx', 'Straße.doc', '日本語のファイル.txt', 'report 2026 final.pdf',
];
const NEEDLES = ['report', 'REPORT', '%', '_', 'a_b', "o'b", '"quoted"', 'üBERWEISUNG-mÜLLER', 'ü', 'Ü', 'b', 'ab', 'q', '\\', 'back\\', 'ÅSA', 'åsa', 'LÖNE', 'straße', '日本語', 'ファイル', 'zzz', 'rt 2', '.pdf'];

const openRepos: TestStorage[] = [];
afterAll(async () => {
  for (const s of openRepos) await s.close();
});

describe.each(BACKENDS)('storage contract (%s)', (backend) => {
  let repo: Repository;
  let storage: TestStorage;
  beforeAll(async () => {
    if (unavailable(backend)) return;
    storage = await openTestStorage(backend, manualClock());
    openRepos.push(storage);
    repo = storage.repo;
  });
  const test = it.skipIf(unavailable(backend));

  test('workspaces: create, conflict, list by name, patch', async () => {
    const b = await repo.createWorkspace({ name: 'ws-b', max_assets: 5, policy, created_at: AT });
    const a = await repo.createWorkspace({ name: 'ws-a', max_assets: null, policy, created_at: AT });
    expect(b).toMatchObject({ name: 'ws-b', plan: 'active', max_assets: 5, suspended: false, asset_count: 0, policy_revision: 1, created_at: AT });
    await expect(repo.createWorkspace({ name: 'ws-a', max_assets: null, policy, created_at: AT })).rejects.toBeInstanceOf(ConflictError);
    expect((await repo.listWorkspaces()).map((w) => w.name).filter((n) => n.startsWith('ws-'))).toEqual(['ws-a', 'ws-b']);
    expect(await repo.updateWorkspace(a.id, { plan: 'inactive', suspended: true, max_assets: 7 })).toMatchObject({ plan: 'inactive', suspended: true, max_assets: 7 });
    expect(await repo.updateWorkspace(a.id, {})).toMatchObject({ plan: 'inactive' });
    expect(await repo.getWorkspaceByName('nope')).toBeUndefined();
    await expect(repo.updateWorkspace(999_999, { plan: 'active' })).rejects.toBeInstanceOf(NotFoundError);
  });

  test('keys: insert, conflict, find by hash, touch, list, revoke once', async () => {
    const ws = await repo.createWorkspace({ name: 'keys', max_assets: null, policy, created_at: AT });
    const k = await repo.insertApiKey({ workspace_id: ws.id, name: 'k1', prefix: 'chk_k1', key_hash: hash('k1'), created_at: AT, role: 'admin' });
    expect(k).toEqual({ id: k.id, workspace_id: ws.id, name: 'k1', prefix: 'chk_k1', role: 'admin', created_at: AT, last_used_at: null, revoked_at: null });
    await expect(repo.insertApiKey({ workspace_id: ws.id, name: 'k1', prefix: 'x', key_hash: hash('other'), created_at: AT })).rejects.toBeInstanceOf(ConflictError);
    await repo.insertApiKey({ workspace_id: ws.id, name: 'k2', prefix: 'chk_k2', key_hash: hash('k2'), created_at: AT });
    await repo.touchApiKey(k.id, '2026-06-12T09:00:00.000Z');
    const found = await repo.findApiKeyByHash(hash('k1'));
    expect(found!.key).toEqual({ ...k, last_used_at: '2026-06-12T09:00:00.000Z', key_hash: hash('k1') });
    expect(found!.workspace).toEqual(await repo.getWorkspaceByName('keys'));
    expect(await repo.findApiKeyByHash(hash('missing'))).toBeUndefined();
    expect((await repo.listApiKeys(ws.id)).map((x) => [x.name, x.role])).toEqual([['k1', 'admin'], ['k2', 'api']]);
    expect(await repo.revokeApiKey(ws.id, 'k2', AT)).toMatchObject({ name: 'k2', revoked_at: AT });
    expect(await repo.revokeApiKey(ws.id, 'k2', AT)).toBeUndefined();
    expect((await repo.findApiKeyByHash(hash('k2')))!.key.revoked_at).toBe(AT);
  });

  test('policy: read-modify-write bumps the revision; a throwing change writes nothing', async () => {
    const ws = await repo.createWorkspace({ name: 'pol', max_assets: null, policy, created_at: AT });
    const before = await repo.getPolicy(ws.id);
    expect(before.labels).toEqual([...DEFAULT_LABELS]);
    expect(before.rules.map((r) => r.name)).toEqual(policy.rules.map((r) => r.name));
    const after = await repo.updatePolicy(ws.id, (p) => ({ ...p, rules: p.rules.slice(1), exclusions: { ...p.exclusions, values: ['x'] } }), AT);
    expect(after.rules).toEqual(before.rules.slice(1));
    expect(after.exclusions.values).toEqual(['x']);
    expect((await repo.getWorkspaceByName('pol'))!.policy_revision).toBe(2);
    await expect(repo.updatePolicy(ws.id, () => { throw new ConflictError('no'); }, AT)).rejects.toBeInstanceOf(ConflictError);
    expect(await repo.getPolicy(ws.id)).toEqual(after);
    expect((await repo.getWorkspaceByName('pol'))!.policy_revision).toBe(2);
    await expect(repo.updatePolicy(999_999, (p) => p, AT)).rejects.toBeInstanceOf(NotFoundError);
  });

  test('assets: upsert keeps the id, removal and return, detail with history, keyset pages', async () => {
    const ws = await repo.createWorkspace({ name: 'assets', max_assets: null, policy, created_at: AT });
    const first = await repo.saveClassification(ws.id, classification('x.txt', 0));
    const again = await repo.saveClassification(ws.id, classification('x.txt', 1));
    expect(again.asset.id).toBe(first.asset.id);
    expect(await repo.markAssetRemoved(ws.id, 'api', 'x.txt', AT)).toMatchObject({ id: first.asset.id, removed_at: AT });
    expect(await repo.markAssetRemoved(ws.id, 'api', 'none.txt', AT)).toBeUndefined();
    expect(await repo.listAssets(ws.id, { limit: 10 })).toEqual([]);
    expect((await repo.listAssets(ws.id, { limit: 10, status: 'removed' })).map((a) => a.name)).toEqual(['x.txt']);
    await repo.saveClassification(ws.id, classification('x.txt', 2));
    const detail = await repo.getAsset(ws.id, first.asset.id);
    expect(detail!.removed_at).toBeNull();
    expect(detail!.history.map((h) => h.label.name)).toEqual(['Public', 'Internal', 'Public']);
    expect(await repo.getAsset(ws.id + 1000, first.asset.id)).toBeUndefined();

    for (let i = 0; i < 20; i++) await repo.saveClassification(ws.id, classification(`page-${i}.txt`, i, i % 2 ? 'agent' : 'api'));
    const all = await repo.listAssets(ws.id, { limit: 100 });
    const pages: string[] = [];
    let after: { classified_at: string; id: number } | undefined;
    for (;;) {
      const page = await repo.listAssets(ws.id, { limit: 3, after });
      if (page.length === 0) break;
      pages.push(...page.map((a) => a.name));
      const last = page[page.length - 1]!;
      after = { classified_at: last.classified_at, id: last.id };
    }
    expect(pages).toEqual(all.map((a) => a.name));
    expect((await repo.listAssets(ws.id, { limit: 100, source: 'agent' })).every((a) => a.source === 'agent')).toBe(true);
    expect((await repo.listAssets(ws.id, { limit: 100, label: 'iNTERNAL' })).every((a) => a.label.name === 'Internal')).toBe(true);
    expect((await repo.getWorkspaceByName('assets'))!.asset_count).toBe(21);
  });

  test('quota: 300 concurrent new assets against a quota of 100 store exactly 100', async () => {
    const ws = await repo.createWorkspace({ name: 'quota', max_assets: 100, policy, created_at: AT });
    const results = await Promise.allSettled(Array.from({ length: 300 }, (_, i) => repo.saveClassification(ws.id, classification(`q-${i}`, i))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(100);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(AssetQuotaError);
    expect((await repo.getWorkspaceByName('quota'))!.asset_count).toBe(100);
    expect(await repo.listAssets(ws.id, { limit: 500 })).toHaveLength(100);
  });

  test('sessions: found while unexpired with an unrevoked admin key; deleted; expired ones purged', async () => {
    const ws = await repo.createWorkspace({ name: 'sess', max_assets: null, policy, created_at: AT });
    const admin = await repo.insertApiKey({ workspace_id: ws.id, name: 'adm', prefix: 'p', key_hash: hash('sess-adm'), created_at: AT, role: 'admin' });
    const plain = await repo.insertApiKey({ workspace_id: ws.id, name: 'api', prefix: 'p', key_hash: hash('sess-api'), created_at: AT });
    const s = await repo.createSession({ token_hash: hash('t1'), workspace_id: ws.id, key_id: admin.id, created_at: AT, expires_at: '2026-06-12T20:00:00.000Z' });
    await repo.createSession({ token_hash: hash('t2'), workspace_id: ws.id, key_id: plain.id, created_at: AT, expires_at: '2026-06-12T20:00:00.000Z' });
    const found = await repo.findSession(hash('t1'), '2026-06-12T10:00:00.000Z');
    expect(found!.session).toEqual(s);
    expect(found!.key).toEqual(admin);
    expect(found!.workspace).toEqual(await repo.getWorkspaceByName('sess'));
    expect(await repo.findSession(hash('t2'), '2026-06-12T10:00:00.000Z')).toBeUndefined();
    expect(await repo.findSession(hash('t1'), '2026-06-12T20:00:00.000Z')).toBeUndefined();
    await repo.revokeApiKey(ws.id, 'adm', AT);
    expect(await repo.findSession(hash('t1'), '2026-06-12T10:00:00.000Z')).toBeUndefined();
    await repo.deleteSession(hash('t1'));
  });

  test('stats: counts per label, source and day', async () => {
    const ws = await repo.createWorkspace({ name: 'stats', max_assets: null, policy, created_at: AT });
    for (let i = 0; i < 6; i++) await repo.saveClassification(ws.id, classification(`s-${i}`, i, i < 2 ? 'agent' : 'api'));
    await repo.markAssetRemoved(ws.id, 'api', 's-5', AT);
    expect(await repo.assetStats(ws.id, '2026-06-01')).toEqual({
      by_label: [
        { name: 'Public', level: PUBLIC.level, color: PUBLIC.color, count: 3 },
        { name: 'Internal', level: INTERNAL.level, color: INTERNAL.color, count: 2 },
      ],
      by_source: [{ source: 'agent', count: 2 }, { source: 'api', count: 3 }],
      per_day: [{ day: '2026-06-12', count: 6 }],
    });
  });

  test('agents: a report per workspace and agent id, replaced by the next, listed by host; pulses of every workspace; the database size', async () => {
    const ws = await repo.createWorkspace({ name: 'fleet', max_assets: null, policy, created_at: AT });
    const other = await repo.createWorkspace({ name: 'fleet-2', max_assets: null, policy, created_at: AT });
    const report = (hostname: string, files: number) => ({
      hostname,
      version: '1.0.0',
      os: 'linux 6 x64',
      roots: ['/srv/ü "quoted"'],
      heartbeat_seconds: 0.5,
      files_tracked: files,
      outbox: { depth: 2, oldest_at: AT, oldest_age_seconds: 7 },
      last_scan: { state: 'finished' as const, trigger: 'start-up', started_at: AT, finished_at: AT, rate: 12.5 },
      failures: [{ code: 'encrypted', count: 1 }],
      skipped: [{ type: 'exe', count: 3 }],
      rules_version: 'v1',
      watcher: 'inotify',
    });
    expect(await repo.saveAgentReport(ws.id, 'agent-b-0001', report('zeta', 1), 1000, 2)).toBe(true);
    expect(await repo.saveAgentReport(ws.id, 'agent-a-0001', report('alpha', 2), 2000, 2)).toBe(true);
    // At the limit: a new agent is refused, a known one still updated; the limit is per workspace.
    expect(await repo.saveAgentReport(ws.id, 'agent-c-0001', report('gamma', 9), 2500, 2)).toBe(false);
    expect(await repo.saveAgentReport(ws.id, 'agent-b-0001', report('Beta', 3), 3000.5, 2)).toBe(true);
    expect(await repo.saveAgentReport(other.id, 'agent-b-0001', report('other', 4), 4000, 2)).toBe(true);
    const listed = await repo.listAgents(ws.id);
    expect(listed.map((a) => [a.agent_id, a.report.hostname, a.first_seen_ms, a.last_seen_ms])).toEqual([
      ['agent-b-0001', 'Beta', 1000, 3000.5],
      ['agent-a-0001', 'alpha', 2000, 2000],
    ]);
    expect(listed[0]!.report).toEqual(report('Beta', 3));
    expect(listed[0]!.workspace_id).toBe(ws.id);
    const pulses = (await repo.agentPulses()).filter((p) => p.workspace_id === ws.id || p.workspace_id === other.id);
    expect(pulses.sort((a, b) => a.last_seen_ms - b.last_seen_ms)).toEqual([
      { workspace_id: ws.id, agent_id: 'agent-a-0001', hostname: 'alpha', heartbeat_seconds: 0.5, last_seen_ms: 2000 },
      { workspace_id: ws.id, agent_id: 'agent-b-0001', hostname: 'Beta', heartbeat_seconds: 0.5, last_seen_ms: 3000.5 },
      { workspace_id: other.id, agent_id: 'agent-b-0001', hostname: 'other', heartbeat_seconds: 0.5, last_seen_ms: 4000 },
    ]);
    expect(await repo.databaseBytes()).toBeGreaterThan(0);
  });
});

describe.skipIf(unavailable('postgres'))('PostgreSQL against SQLite on the same data', () => {
  const stores: Partial<Record<'sqlite' | 'postgres', { storage: TestStorage; ws: number }>> = {};
  beforeAll(async () => {
    for (const backend of BACKENDS) {
      const storage = await openTestStorage(backend, manualClock());
      openRepos.push(storage);
      const ws = await storage.repo.createWorkspace({ name: 'search', max_assets: null, policy, created_at: AT });
      const other = await storage.repo.createWorkspace({ name: 'other', max_assets: null, policy, created_at: AT });
      for (const [i, name] of SEARCH_NAMES.entries()) {
        await storage.repo.saveClassification(ws.id, classification(name, i, i % 3 ? 'agent' : 'api'));
        await storage.repo.saveClassification(other.id, classification(`other ${name}`, i));
      }
      stores[backend] = { storage, ws: ws.id };
    }
  });

  it.each(NEEDLES)('q=%s finds the same assets in the same order', async (q) => {
    const list = async (b: 'sqlite' | 'postgres', extra = {}) => (await stores[b]!.storage.repo.listAssets(stores[b]!.ws, { q, limit: 100, ...extra })).map((a) => a.name);
    const expected = await list('sqlite');
    expect(await list('postgres')).toEqual(expected);
    expect(await list('postgres', { source: 'agent' })).toEqual(await list('sqlite', { source: 'agent' }));
  });

  it('two repositories (two nodes) on one database keep a quota of 100 exact under 300 concurrent new assets', async () => {
    const { storage } = stores.postgres!;
    const nodeA = storage.repo;
    const nodeB = await openPgRepository({ url: storage.location, poolSize: 5, statementTimeoutMs: 30_000, clock: manualClock(), waitMs: 0 });
    try {
      const ws = await nodeA.createWorkspace({ name: 'two-nodes', max_assets: 100, policy, created_at: AT });
      const results = await Promise.allSettled(Array.from({ length: 300 }, (_, i) => (i % 2 ? nodeA : nodeB).saveClassification(ws.id, classification(`n-${i}`, i))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(100);
      expect((await nodeB.getWorkspaceByName('two-nodes'))!.asset_count).toBe(100);
      expect(await nodeA.listAssets(ws.id, { limit: 500 })).toHaveLength(100);
    } finally {
      await nodeB.close();
    }
  });
});
