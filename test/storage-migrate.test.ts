// `assay storage migrate`: a SQLite inventory copied into an empty PostgreSQL database reads back
// the same through every contract, the printed counts agree, a second copy is refused, and the
// admin CLI then works on PostgreSQL (ASSAY_DATABASE_URL) without creating a SQLite file.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../server/server-process.ts';
import { openPgRepository } from '../server/storage/pg-repository.ts';
import type { Repository } from '../server/storage/repository.ts';
import { openSqliteRepository } from '../server/storage/sqlite-repository.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';
import { runCli } from './helpers/cli-runner.ts';
import { freshPgDatabase, unavailable } from './helpers/storage-backends.ts';
import { manualClock } from './helpers/test-server.ts';

const clock = manualClock();
const policy = { labels: DEFAULT_LABELS, rules: defaultRules(), exclusions: { ...EMPTY_EXCLUSIONS, values: ['ignore-me'] } };
const AT = '2026-06-12T08:30:00.000Z';
const hash = (s: string) => Buffer.from(s.padEnd(32, '.'));

/** Everything a client could read back for workspace `name`. */
async function snapshot(repo: Repository, name: string) {
  const ws = (await repo.getWorkspaceByName(name))!;
  const assets = await repo.listAssets(ws.id, { limit: 500, status: 'all' });
  return {
    ws,
    policy: await repo.getPolicy(ws.id),
    keys: await repo.listApiKeys(ws.id),
    assets,
    details: await Promise.all(assets.map((a) => repo.getAsset(ws.id, a.id))),
    search: await repo.listAssets(ws.id, { limit: 500, q: 'report' }),
    stats: await repo.assetStats(ws.id, '2026-01-01'),
    session: (await repo.findSession(hash(`token-${name}`), AT))?.session,
    audit: await repo.listAudit(ws.id, { limit: 500 }),
    webhooks: await repo.listWebhooks(ws.id),
    deliveries: await Promise.all((await repo.listWebhooks(ws.id)).map((h) => repo.listDeliveries(ws.id, h.id, 500))),
    triage: await Promise.all(assets.map((a) => repo.getTriage(ws.id, a.id))),
    allowList: [await repo.listAllowList(ws.id), await repo.allowListDefinition(ws.id)],
  };
}

describe.skipIf(unavailable('postgres'))('assay storage migrate', () => {
  let dir: string;
  let file: string;
  let db: Awaited<ReturnType<typeof freshPgDatabase>>;
  let before: Awaited<ReturnType<typeof snapshot>>[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'assay-migrate-'));
    file = join(dir, 'source.db');
    db = await freshPgDatabase();
    const repo = await openSqliteRepository(file, () => clock.now());
    for (const [w, name] of ['acme', 'beta'].entries()) {
      const ws = await repo.createWorkspace({ name, max_assets: w ? 50 : null, policy, created_at: AT });
      const key = await repo.insertApiKey({ workspace_id: ws.id, name: 'admin', prefix: 'chk_a', key_hash: hash(`key-${name}`), created_at: AT, role: 'admin' });
      await repo.insertApiKey({ workspace_id: ws.id, name: 'old', prefix: 'chk_o', key_hash: hash(`old-${name}`), created_at: AT });
      await repo.revokeApiKey(ws.id, 'old', AT);
      await repo.createSession({ token_hash: hash(`token-${name}`), workspace_id: ws.id, key_id: key.id, created_at: AT, expires_at: '2026-06-13T00:00:00.000Z' });
      await repo.insertWebhook({ workspace_id: ws.id, url: `https://hooks.example.com/${name}`, events: ['asset.classified', 'asset.removed'], min_level: 1, enabled: true, secret: `whsec_${name}`, created_at: AT });
      for (let i = 0; i < 30; i++) {
        const label = DEFAULT_LABELS[i % DEFAULT_LABELS.length]!;
        const c = { source: i % 2 ? ('agent' as const) : ('api' as const), name: `${i % 3 ? 'Report' : 'memo'}-${name}-${i % 20}.pdf`, asset_type: null, label, matched_rules: ['R'], findings: [], classified_at: `2026-06-${10 + (i % 5)}T08:00:00` };
        await repo.saveClassification(ws.id, c);
      }
      await repo.markAssetRemoved(ws.id, 'api', `memo-${name}-0.pdf`, AT);
      await repo.appendAudit({ workspace_id: ws.id, at: AT, action: 'key.revoked', actor: { kind: 'cli', name: 'cli', prefix: null, os_user: 'alice' }, address: null, target: 'old', changes: { prefix: 'chk_o' } });
      await repo.appendAudit({ workspace_id: ws.id, at: AT, action: 'console.signed_in', actor: { kind: 'key', name: 'admin', prefix: 'chk_a', os_user: null }, address: '10.0.0.7', target: null, changes: null });
      // Triage: a dismissal, a pin and an allow-list entry (with the workspace's key) copy too.
      const first = (await repo.listAssets(ws.id, { limit: 1 }))[0]!;
      const keep = (s: { asset: { label: (typeof DEFAULT_LABELS)[number]; matched_rules: string; findings: unknown[] } }) => ({ label: s.asset.label, matched_rules: [s.asset.matched_rules], findings: [] });
      const history = { actor: 'admin', reason: 'r', at: AT };
      await repo.changeTriage(ws.id, first.id, { kind: 'dismiss', dismissal: { rule: 'R', detector: 'd', reason: 'test_data', note: 'n', actor: 'admin', created_at: AT } }, keep, history);
      await repo.changeTriage(ws.id, first.id, { kind: 'pin', pin: { label: DEFAULT_LABELS[3]!, reason: 'p', actor: 'admin', pinned_at: AT } }, keep, history);
      await repo.addAllowListEntry(ws.id, `key-${name}`, () => ({ hashes: ['a'.repeat(64), 'b'.repeat(64)], reason: 'r', actor: 'admin', created_at: AT }));
    }
    // One attempt recorded, so the outbox carries history as well as pending rows.
    const [claim] = await repo.claimDeliveries(Date.parse('2026-07-01T00:00:00Z'), 60_000, 1, 'test');
    await repo.recordAttempt(claim!, { at: AT, status_code: 503, error: 'HTTP 503', duration_ms: 7 }, { state: 'retry', retry_at: 0 });
    before = [await snapshot(repo, 'acme'), await snapshot(repo, 'beta')];
    await repo.close();
  });

  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table, prints matching counts, and reads back the same through every contract', async () => {
    const res = await runCli(['storage', 'migrate', '--from', file, '--to', db.url, '--json'], { dataDir: dir, clock });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const counts = JSON.parse(res.stdout) as { what: string; sqlite: number; postgres: number }[];
    expect(counts.map((c) => c.what)).toEqual(expect.arrayContaining(['workspaces', 'api_keys', 'labels', 'rules', 'assets', 'asset_history', 'asset_dismissals', 'allowlist_entries', 'console_sessions', 'audit_log', 'webhooks', 'webhook_deliveries', 'webhook_attempts', 'asset_count (sum)']));
    for (const c of counts) expect(c.postgres, c.what).toBe(c.sqlite);
    expect(counts.find((c) => c.what === 'asset_history')!.sqlite).toBe(64);
    expect(counts.find((c) => c.what === 'asset_dismissals')!.sqlite).toBe(2);

    const pg = await openPgRepository({ url: db.url, poolSize: 2, statementTimeoutMs: 30_000, clock, waitMs: 0 });
    try {
      expect([await snapshot(pg, 'acme'), await snapshot(pg, 'beta')]).toEqual(before);
      expect((await pg.findApiKeyByHash(hash('key-acme')))!.key.name).toBe('admin');
      // Identities continue after the copied ids.
      const ws = (await pg.getWorkspaceByName('acme'))!;
      const fresh = await pg.saveClassification(ws.id, { source: 'api', name: 'after-migration', asset_type: null, label: DEFAULT_LABELS[0]!, matched_rules: [], findings: [], classified_at: AT });
      expect(fresh.asset.id).toBeGreaterThan(Math.max(...before.flatMap((b) => b.assets.map((a) => a.id))));
      await pg.appendAudit({ workspace_id: ws.id, at: AT, action: 'key.created', actor: { kind: 'system', name: 'test', prefix: null, os_user: null }, address: null, target: 'after', changes: null });
      expect((await pg.listAudit(ws.id, { limit: 1 }))[0]!.id).toBeGreaterThan(Math.max(...before.flatMap((b) => b.audit.map((e) => e.id))));
      expect((await pg.createWorkspace({ name: 'gamma', max_assets: null, policy, created_at: AT })).id).toBe(3);
    } finally {
      await pg.close();
    }
  });

  it('refuses to copy into a database that already holds workspaces, and bad arguments', async () => {
    const again = await runCli(['storage', 'migrate', '--from', file, '--to', db.url], { dataDir: dir, clock });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds workspaces/);
    expect((await runCli(['storage', 'migrate', '--from', join(dir, 'nope.db'), '--to', db.url], { dataDir: dir, clock })).code).toBe(2);
    expect((await runCli(['storage', 'migrate', '--from', file, '--to', 'mysql://x'], { dataDir: dir, clock })).code).toBe(2);
    expect((await runCli(['storage', 'copy', '--from', file, '--to', db.url], { dataDir: dir, clock })).code).toBe(2);
    expect((await runCli(['storage', 'migrate', '--to', db.url], { dataDir: dir, clock })).code).toBe(2);
  });

  it('runs the admin CLI on PostgreSQL when ASSAY_DATABASE_URL is set, creating no SQLite file', async () => {
    const dataDir = join(dir, 'cli-data');
    const env = { ASSAY_DATABASE_URL: db.url };
    const list = await runCli(['workspaces', 'list', '--json'], { dataDir, clock, env });
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((w) => w.name)).toEqual(['acme', 'beta', 'gamma']);
    expect((await runCli(['keys', 'create', '--workspace', 'beta', '--name', 'cli-key'], { dataDir, clock, env })).code).toBe(0);
    const keys = await runCli(['keys', 'list', '--workspace', 'beta'], { dataDir, clock, env });
    expect(keys.stdout).toMatch(/^cli-key\s/m);
    expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(false);
  });
});
