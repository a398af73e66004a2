// The audit log end to end: changes made through the console (session), the admin API (admin
// X-API-Key) and the admin CLI (OS user) appear in GET /api/v1/admin/audit with their actor,
// address and diff; every action in AUDIT_ACTIONS is recorded by some test below; filters and
// keyset paging; bad queries; no key or document content in any entry; `assay audit` output.
// Runs on SQLite and, in the api-on-postgres project, on PostgreSQL (the CLI then uses the URL).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type AuditEntryView } from '../shared/api/audit-schemas.ts';
import { runCli } from './helpers/cli-runner.ts';
import { call, manualClock, startTestServer, type TestServer } from './helpers/test-server.ts';
import { waitFor } from './helpers/wait-for.ts';

const clock = manualClock();
let t: TestServer;
let dir: string;
let adminKey: string;
let apiKey: string;
/** Every key made in this file: none may ever appear in the log. */
const keys: string[] = [];
const OS_USER = userInfo().username;
const LOCAL = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

const cli = (...argv: string[]) => runCli(argv, { dataDir: t.dataDir, clock, env: t.cliEnv });

beforeAll(async () => {
  t = await startTestServer({ clock, server: { webhooks: { allow_private: true } } });
  dir = mkdtempSync(join(tmpdir(), 'assay-audit-'));
  apiKey = await t.workspaceWithKey('acme');
  adminKey = await t.adminKey('acme');
  keys.push(apiKey, adminKey);
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function audit(query = '', key = adminKey): Promise<AuditEntryView[]> {
  const res = await call(`${t.api}/admin/audit${query}`, { key });
  expect(res.status, res.text).toBe(200);
  return res.body as AuditEntryView[];
}

async function signIn(key: string) {
  const res = await call(`${t.api}/admin/sessions`, { json: { key } });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = (res.body as { csrf_token?: string } | undefined)?.csrf_token ?? '';
  const session = (path: string, opts: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {}) =>
    call(`${t.api}${path}`, { ...opts, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, Origin: t.url, ...opts.headers } });
  return { status: res.status, cookie, csrf, session };
}

const prefixOf = (key: string) => key.slice(0, 12);

describe('the acceptance case', () => {
  it('a key revoked in the console appears with the session as actor; a rule changed through the CLI with the OS user', async () => {
    const created = await call(`${t.api}/admin/keys`, { key: adminKey, json: { name: 'doomed' } });
    expect(created.status).toBe(201);
    const doomed = (created.body as { key: string; prefix: string }).key;
    keys.push(doomed);
    const s = await signIn(adminKey);
    expect((await s.session('/admin/keys/doomed/revoke', { method: 'POST' })).status).toBe(200);

    const [revoked] = await audit('?action=key.revoked');
    expect(revoked).toMatchObject({
      action: 'key.revoked',
      actor: { kind: 'session', name: 'acme-admin', prefix: prefixOf(adminKey), os_user: null },
      target: 'doomed',
      changes: { prefix: prefixOf(doomed), role: 'api' },
      at: '2026-06-12T08:30:00',
    });
    expect(revoked!.address).toMatch(LOCAL);
    const [made] = await audit('?action=key.created&actor=acme-admin');
    expect(made).toMatchObject({ actor: { kind: 'key', name: 'acme-admin', prefix: prefixOf(adminKey) }, target: 'doomed', changes: { role: 'api' } });

    const r = await cli('rules', 'disable', '--workspace', 'acme', 'Marked confidential');
    expect(r.code, r.stderr).toBe(0);
    const [changed] = await audit('?action=rule.changed');
    expect(changed).toEqual({
      id: expect.any(Number),
      at: '2026-06-12T08:30:00',
      action: 'rule.changed',
      actor: { kind: 'cli', name: 'cli', prefix: null, os_user: OS_USER },
      address: null,
      target: 'Marked confidential',
      changes: { rules: { changed: [{ name: 'Marked confidential', before: { enabled: true }, after: { enabled: false } }] } },
    });
    expect((await cli('rules', 'enable', '--workspace', 'acme', 'Marked confidential')).code).toBe(0);
  });
});

describe('labels and rules from the console and the admin API', () => {
  it('records the before and after of the changed fields, and nothing for a refused change', async () => {
    const s = await signIn(adminKey);
    expect((await s.session('/admin/labels/Secret', { method: 'PUT', json: { level: 9, color: '#111111' } })).status).toBe(200);
    expect((await s.session('/admin/labels/Secret', { method: 'PUT', json: { level: 9, color: '#222222' } })).status).toBe(200);
    const [recolored, added] = await audit('?action=label.set');
    expect(added).toMatchObject({ actor: { kind: 'session' }, target: 'Secret', changes: { labels: { added: ['Secret'] } } });
    expect(recolored!.changes).toEqual({ labels: { changed: [{ name: 'Secret', before: { color: '#111111' }, after: { color: '#222222' } }] } });

    const before = (await audit()).length;
    const clash = await s.session('/admin/labels/Other', { method: 'PUT', json: { level: 9, color: '#333333' } });
    expect(clash.status).toBe(422);
    expect((await audit()).length).toBe(before);

    expect((await s.session('/admin/labels/Secret', { method: 'DELETE' })).status).toBe(200);
    expect((await audit('?action=label.removed'))[0]).toMatchObject({ target: 'Secret', changes: { labels: { removed: ['Secret'] } } });

    expect((await call(`${t.api}/admin/rules/Financial%20data`, { key: adminKey, method: 'PATCH', json: { priority: 7 } })).status).toBe(200);
    const [patched] = await audit('?action=rule.changed');
    expect(patched).toMatchObject({ actor: { kind: 'key', name: 'acme-admin' }, target: 'Financial data' });
    expect(patched!.changes).toEqual({ rules: { changed: [{ name: 'Financial data', before: { priority: expect.any(Number) }, after: { priority: 7 } }] } });

    const rule = { name: 'Project X', label: 'Restricted', priority: 3, conditions: { keywords: ['project x'], exclusions: { values: ['DE89370400440532013000'] } } };
    const replaced = await s.session('/admin/rules/Financial%20data', { method: 'PUT', json: rule });
    expect(replaced.status, replaced.text).toBe(200);
    const [renamed] = await audit('?action=rule.changed');
    expect(renamed!.changes).toEqual({ rules: { added: ['Project X'], removed: ['Financial data'] } });
  });
});

describe('the admin CLI', () => {
  it('records workspace, key, label, rule, CSV and manual changes with the OS user', async () => {
    const run = async (...argv: string[]) => {
      const r = await cli(...argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    await run('workspaces', 'create', 'beta', '--max-assets', '10');
    await run('workspaces', 'plan', 'beta', 'inactive');
    await run('workspaces', 'plan', 'beta', 'active');
    await run('workspaces', 'quota', 'beta', '--max-assets', '20');
    await run('workspaces', 'suspend', 'beta');
    await run('workspaces', 'resume', 'beta');
    await run('workspaces', 'unreadable-label', 'beta', 'restricted');
    const made = await run('keys', 'create', '--workspace', 'beta', '--name', 'beta-admin', '--role', 'admin');
    const betaAdmin = made.stdout.trim();
    keys.push(betaAdmin);
    const other = (await run('keys', 'create', '--workspace', 'beta', '--name', 'short-lived')).stdout.trim();
    keys.push(other);
    await run('keys', 'revoke', '--workspace', 'beta', 'short-lived');
    await run('labels', 'set', '--workspace', 'beta', 'Secret', '--level', '7', '--color', '#123456');
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, 'rules:\n  - name: Payroll\n    label: Secret\n    conditions:\n      keywords: [payroll]\nexclusions:\n  values: [DE89370400440532013000]\n');
    await run('rules', 'import', rules, '--workspace', 'beta', '--merge');
    const csv = join(dir, 'rows.csv');
    writeFileSync(csv, 'name,content\nfirst.txt,payroll for March\n,no name\n');
    const imported = await cli('import-csv', csv, '--workspace', 'beta');
    expect(imported.code).toBe(1); // one row failed
    const content = join(dir, 'content.txt');
    writeFileSync(content, 'Card 4111 1111 1111 1111, strictly confidential');
    await run('add', '--workspace', 'beta', '--name', 'board-minutes.docx', '--content-file', content);

    const entries = await audit('?limit=500', betaAdmin);
    const cliActor = { kind: 'cli', name: 'cli', prefix: null, os_user: OS_USER };
    for (const e of entries) {
      expect(e.actor).toEqual(cliActor);
      expect(e.address).toBeNull();
    }
    const byAction = (a: string) => entries.filter((e) => e.action === a).map((e) => ({ target: e.target, changes: e.changes }));
    expect(byAction('workspace.created')).toEqual([{ target: 'beta', changes: { max_assets: 10 } }]);
    expect(byAction('workspace.plan_changed')).toEqual([
      { target: 'beta', changes: { plan: { before: 'inactive', after: 'active' } } },
      { target: 'beta', changes: { plan: { before: 'active', after: 'inactive' } } },
    ]);
    expect(byAction('workspace.quota_changed')).toEqual([{ target: 'beta', changes: { max_assets: { before: 10, after: 20 } } }]);
    expect(byAction('workspace.suspended')).toEqual([{ target: 'beta', changes: { suspended: { before: false, after: true } } }]);
    expect(byAction('workspace.resumed')).toEqual([{ target: 'beta', changes: { suspended: { before: true, after: false } } }]);
    expect(byAction('workspace.unreadable_label_changed')).toEqual([{ target: 'beta', changes: { unreadable_label: { before: null, after: 'Restricted' } } }]);
    expect(byAction('key.created')).toEqual([
      { target: 'short-lived', changes: { prefix: prefixOf(other), role: 'api' } },
      { target: 'beta-admin', changes: { prefix: prefixOf(betaAdmin), role: 'admin' } },
    ]);
    expect(byAction('key.revoked')).toEqual([{ target: 'short-lived', changes: { prefix: prefixOf(other), role: 'api' } }]);
    expect(byAction('label.set')).toEqual([{ target: 'Secret', changes: { labels: { added: ['Secret'] } } }]);
    // The allow-listed value is data: only how many there are is recorded.
    expect(byAction('rules.imported')).toEqual([
      { target: null, changes: { merge: true, rules: { added: ['Payroll'] }, exclusions: { before: { values: 0 }, after: { values: 1 } } } },
    ]);
    expect(byAction('csv.imported')).toEqual([{ target: 'rows.csv', changes: { rows_classified: 1, rows_failed: 1 } }]);
    expect(byAction('asset.classified_manually')).toEqual([{ target: 'board-minutes.docx', changes: { asset_id: expect.any(Number), label: 'Confidential', matched_rules: expect.any(String) } }]);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('4111');
    expect(text).not.toContain('DE89370400440532013000');
    // Another workspace's admin sees none of beta's entries, and beta's none of acme's.
    expect((await audit('?limit=500')).some((e) => e.target === 'beta' || e.target === 'board-minutes.docx')).toBe(false);
    expect(entries.some((e) => e.target === 'doomed')).toBe(false);
  });

  it('prints the log with `assay audit`, as a table or JSON, filtered; bad arguments are usage errors', async () => {
    const table = await cli('audit', '--workspace', 'beta', '--limit', '3');
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+ACTION\s+ACTOR\s+ADDRESS\s+TARGET\s+CHANGES$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(new RegExp(`^2026-06-12T08:30:00\\s+asset\\.classified_manually\\s+cli \\(${OS_USER}\\)\\s+-\\s+board-minutes\\.docx\\s+\\{"asset_id":`));

    const json = await cli('audit', '--workspace', 'beta', '--action', 'key.created', '--json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as AuditEntryView[];
    expect(parsed.map((e) => e.target)).toEqual(['short-lived', 'beta-admin']);
    expect(parsed.every((e) => e.action === 'key.created' && e.actor.os_user === OS_USER)).toBe(true);

    const byActor = JSON.parse((await cli('audit', '--workspace', 'acme', '--actor', 'acme-admin', '--json')).stdout) as AuditEntryView[];
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e) => e.actor.name === 'acme-admin')).toBe(true);

    for (const [args, message] of [
      [['--workspace', 'beta', '--action', 'key.stolen'], /--action: Invalid option/],
      [['--workspace', 'beta', '--limit', '0'], /--limit: Too small/],
      [['--workspace', 'beta', '--limit', 'ten'], /--limit: Input should be a valid integer/],
      [['--action', 'key.created'], /--workspace is required/],
      [['--workspace', 'beta', 'extra'], /expected audit --workspace NAME/],
    ] as const) {
      const r = await cli('audit', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const unknown = await cli('audit', '--workspace', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/nope/);
  });
});

describe('console sign-in, sign-out and refused sign-ins', () => {
  it('records each with the key that tried, and nothing for a key that is no workspace’s', async () => {
    const s = await signIn(adminKey);
    expect(s.status).toBe(201);
    const [inEntry] = await audit('?action=console.signed_in');
    expect(inEntry).toMatchObject({ actor: { kind: 'key', name: 'acme-admin', prefix: prefixOf(adminKey) }, changes: { expires_at: '2026-06-12T20:30:00' } });
    expect(inEntry!.address).toMatch(LOCAL);
    expect((await s.session('/admin/sessions/current', { method: 'DELETE' })).status).toBe(204);
    expect((await audit('?action=console.signed_out'))[0]).toMatchObject({ actor: { kind: 'session', name: 'acme-admin' } });
    // The console's sign-out form records the same.
    const form = await signIn(adminKey);
    const out = await fetch(`${t.url}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: form.cookie, Origin: t.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(form.csrf)}`,
    });
    expect(out.status).toBe(303);
    const signedOut = await audit('?action=console.signed_out');
    expect(signedOut).toHaveLength(2);
    expect(signedOut[0]).toMatchObject({ actor: { kind: 'session', name: 'acme-admin' } });
    // Signing out with an X-API-Key (no session) ends nothing and records nothing.
    const outs = (await audit('?action=console.signed_out')).length;
    expect((await call(`${t.api}/admin/sessions/current`, { key: adminKey, method: 'DELETE' })).status).toBe(204);
    expect((await audit('?action=console.signed_out')).length).toBe(outs);

    expect((await signIn(apiKey)).status).toBe(403);
    expect((await audit('?action=console.sign_in_failed'))[0]).toMatchObject({ actor: { kind: 'key', name: 'acme-key', prefix: prefixOf(apiKey) }, changes: { reason: 'not an admin key' } });

    const gone = (await t.workspaces.createKey('acme', 'gone-admin', 'admin')).key;
    keys.push(gone);
    await t.workspaces.revokeKey('acme', 'gone-admin');
    expect((await signIn(gone)).status).toBe(401);
    expect((await audit('?action=console.sign_in_failed'))[0]).toMatchObject({ actor: { name: 'gone-admin' }, changes: { reason: 'revoked key' } });

    await t.workspaces.create('frozen', null);
    const frozen = (await t.workspaces.createKey('frozen', 'frozen-admin', 'admin')).key;
    keys.push(frozen);
    await t.workspaces.update('frozen', { suspended: true });
    expect((await signIn(frozen)).status).toBe(403);
    const frozenLog = await t.repo.listAudit((await t.workspaces.require('frozen')).id, { action: 'console.sign_in_failed', limit: 10 });
    expect(frozenLog.map((e) => e.changes)).toEqual([{ reason: 'workspace suspended' }]);

    const failures = (await audit('?action=console.sign_in_failed')).length;
    expect((await signIn('chk_notarealkeynotarealkeynotarealkeynotarealk')).status).toBe(401);
    expect((await audit('?action=console.sign_in_failed')).length).toBe(failures);
  });
});

describe('CSV upload and manual classification in the console', () => {
  it('records the counts and the asset, never the content', async () => {
    const s = await signIn(adminKey);
    const csv = 'name,content\nledger.csv,IBAN DE89370400440532013000\nnotes.txt,nothing here\n';
    const up = await s.session('/admin/csv-imports', { body: csv, headers: { 'Content-Type': 'text/csv' }, method: 'POST' });
    expect(up.status).toBe(200);
    expect((await audit('?action=csv.imported'))[0]).toMatchObject({ actor: { kind: 'session' }, target: null, changes: { rows_classified: 2, rows_failed: 0, bytes: Buffer.byteLength(csv) } });

    const manual = await s.session('/admin/classifications', { method: 'POST', json: { name: 'hr/salaries.xlsx', content: 'Card 4111 1111 1111 1111' } });
    expect(manual.status).toBe(201);
    const asset = manual.body as { id: number; label: { name: string }; matched_rules: string };
    expect((await audit('?action=asset.classified_manually'))[0]).toMatchObject({
      actor: { kind: 'session', name: 'acme-admin' },
      target: 'hr/salaries.xlsx',
      changes: { asset_id: asset.id, label: asset.label.name, matched_rules: asset.matched_rules },
    });
    const text = JSON.stringify(await audit('?limit=500'));
    expect(text).not.toContain('4111');
    expect(text).not.toContain('DE89370400440532013000');
  });
});

describe('GET /api/v1/admin/audit', () => {
  it('pages newest first with a Link header: no gaps, no duplicates', async () => {
    const all = await audit('?limit=500');
    expect(all.length).toBeGreaterThan(10);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    const walked: number[] = [];
    let url: string | undefined = `${t.api}/admin/audit?limit=4`;
    while (url) {
      const res = await call(url, { key: adminKey });
      expect(res.status).toBe(200);
      walked.push(...(res.body as AuditEntryView[]).map((e) => e.id));
      const link = res.headers.get('link');
      url = link ? `${t.url}${/^<([^>]+)>; rel="next"$/.exec(link)![1]}` : undefined;
    }
    expect(walked).toEqual(all.map((e) => e.id));
    const filtered = await call(`${t.api}/admin/audit?action=key.created&actor=test-setup&limit=1`, { key: adminKey });
    expect(filtered.headers.get('link')).toMatch(/^<\/api\/v1\/admin\/audit\?action=key\.created&actor=test-setup&limit=1&cursor=[A-Za-z0-9_-]+>; rel="next"$/);
  });

  it('filters by actor name, key prefix or OS user, and by action', async () => {
    const byPrefix = await audit(`?actor=${prefixOf(adminKey)}`);
    expect(byPrefix.length).toBeGreaterThan(0);
    expect(byPrefix.every((e) => e.actor.prefix === prefixOf(adminKey))).toBe(true);
    const byUser = await audit(`?actor=${encodeURIComponent(OS_USER)}`);
    expect(byUser.map((e) => e.action)).toEqual(['rule.changed', 'rule.changed']);
    expect(await audit('?actor=nobody-at-all')).toEqual([]);
    expect((await audit('?action=label.removed')).every((e) => e.action === 'label.removed')).toBe(true);
  });

  it('refuses bad queries with 422, api keys with 403, no credentials with 401', async () => {
    for (const [query, loc] of [
      ['?action=key.stolen', 'action'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?limit=abc', 'limit'],
      ['?cursor=not-a-cursor', 'cursor'],
      [`?cursor=${Buffer.from('[0]').toString('base64url')}`, 'cursor'],
      ['?actor=a%0Ab', 'actor'],
      ['?actor=', 'actor'],
      ['?action=key.created&action=key.revoked', 'action'],
    ] as const) {
      const res = await call(`${t.api}/admin/audit${query}`, { key: adminKey });
      expect(res.status, query).toBe(422);
      expect(res.body, query).toMatchObject({ code: 'validation_error', detail: [{ loc: ['query', loc] }] });
    }
    expect((await call(`${t.api}/admin/audit`, { key: apiKey })).status).toBe(403);
    expect((await call(`${t.api}/admin/audit`)).status).toBe(401);
  });
});

describe('OpenAPI', () => {
  it('documents GET /api/v1/admin/audit with its query and the entry schema', async () => {
    const doc = (await call(`${t.url}/openapi.json`)).body as { paths: Record<string, Record<string, { parameters: { name: string }[] }>>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    expect(doc.paths['/api/v1/admin/audit']!.get!.parameters.map((p) => p.name)).toEqual(['action', 'actor', 'limit', 'cursor']);
    expect(Object.keys(doc.components.schemas.AdminAuditEntry!.properties)).toEqual(['id', 'at', 'action', 'actor', 'address', 'target', 'changes']);
  });
});

describe('secrets', () => {
  it('no entry of any workspace holds a key, even one passed where a name goes', async () => {
    // A key pasted as a key name is replaced before it is written.
    const pasted = await call(`${t.api}/admin/keys`, { key: adminKey, json: { name: apiKey } });
    expect(pasted.status).toBe(201);
    keys.push((pasted.body as { key: string }).key);
    expect((await audit('?action=key.created'))[0]!.target).toBe('[redacted]');
    for (const ws of await t.repo.listWorkspaces()) {
      const text = JSON.stringify(await t.repo.listAudit(ws.id, { limit: 10_000 }));
      for (const k of keys) {
        expect(text).not.toContain(k);
        expect(text).not.toContain(k.slice(12));
      }
    }
  });
});

describe('webhooks', () => {
  it('records a webhook added, changed, retried and removed with the admin key that did it, never its secret', async () => {
    const made = await call(`${t.api}/admin/webhooks`, { key: adminKey, json: { url: 'http://127.0.0.1:9/hook', events: ['asset.classified'] } });
    expect(made.status, made.text).toBe(201);
    const { id, secret } = made.body as { id: number; secret: string };
    const actor = { kind: 'key', name: 'acme-admin', prefix: prefixOf(adminKey) };
    expect((await audit('?action=webhook.created'))[0]).toMatchObject({ actor, target: `webhook ${id}`, changes: { url: 'http://127.0.0.1:9/hook', events: ['asset.classified'] } });
    expect((await call(`${t.api}/admin/webhooks/${id}`, { key: adminKey, method: 'PATCH', json: { enabled: false } })).status).toBe(200);
    expect((await audit('?action=webhook.changed'))[0]).toMatchObject({ actor, changes: { enabled: { before: true, after: false } } });
    expect((await call(`${t.api}/admin/webhooks/${id}`, { key: adminKey, method: 'PATCH', json: { enabled: true } })).status).toBe(200);
    expect((await call(`${t.api}/classify`, { key: apiKey, json: { name: 'hooked.txt', asset_type: 'document', content: 'nothing here' } })).status).toBe(201);
    let deliveries: { id: number }[] = [];
    await waitFor(async () => {
      deliveries = (await call(`${t.api}/admin/webhooks/${id}/deliveries`, { key: adminKey })).body as { id: number }[];
      return deliveries.length > 0;
    }, 'a delivery in the outbox');
    expect((await call(`${t.api}/admin/webhooks/${id}/deliveries/${deliveries[0]!.id}/retry`, { key: adminKey, method: 'POST' })).status).toBe(202);
    expect((await audit('?action=webhook.delivery_retried'))[0]).toMatchObject({ actor, changes: { delivery_id: deliveries[0]!.id, event_type: 'asset.classified' } });
    expect((await call(`${t.api}/admin/webhooks/${id}`, { key: adminKey, method: 'DELETE' })).status).toBe(204);
    expect((await audit('?action=webhook.removed'))[0]).toMatchObject({ actor, target: `webhook ${id}` });
    expect(JSON.stringify(await audit('?limit=500'))).not.toContain(secret);
  });
});

describe('triage', () => {
  it('records dismissals, pins and allow-list changes with their actor, never the allow-listed value', async () => {
    const card = '4111 1111 1111 1111';
    // A workspace of its own: the tests above changed acme's rules.
    const triageKey = await t.workspaceWithKey('triaged');
    const triageAdmin = await t.adminKey('triaged');
    keys.push(triageKey, triageAdmin);
    const audit = async (query: string) => {
      const res = await call(`${t.api}/admin/audit${query}`, { key: triageAdmin });
      expect(res.status, res.text).toBe(200);
      return res.body as AuditEntryView[];
    };
    const made = await call(`${t.api}/classify`, { key: triageKey, json: { name: 'triaged.txt', asset_type: 'document', content: `card ${card}` } });
    expect(made.status, made.text).toBe(201);
    const id = (made.body as { id: number }).id;
    const actor = { kind: 'key', name: 'triaged-admin', prefix: prefixOf(triageAdmin) };
    const admin = (path: string, opts: { method?: string; json?: unknown } = {}) => call(`${t.api}/admin${path}`, { key: triageAdmin, ...opts });
    const dismissed = await admin(`/assets/${id}/dismissals`, { json: { rule: 'Financial data', detector: 'payment-card', reason: 'test_data', note: 'QA' } });
    expect(dismissed.status, dismissed.text).toBe(201);
    const dismissalId = (dismissed.body as { id: number }).id;
    expect((await audit('?action=finding.dismissed'))[0]).toMatchObject({ actor, target: `asset ${id}`, changes: { dismissal_id: dismissalId, rule: 'Financial data', detector: 'payment-card', reason: 'test_data' } });
    expect((await admin(`/assets/${id}/dismissals/${dismissalId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await audit('?action=finding.undismissed'))[0]).toMatchObject({ actor, changes: { dismissal_id: dismissalId } });
    expect((await admin(`/assets/${id}/pin`, { method: 'PUT', json: { label: 'Public', reason: 'approved' } })).status).toBe(200);
    expect((await audit('?action=asset.pinned'))[0]).toMatchObject({ actor, changes: { label: 'Public', reason: 'approved' } });
    expect((await admin(`/assets/${id}/pin`, { method: 'DELETE' })).status).toBeLessThan(300);
    expect((await audit('?action=asset.unpinned'))[0]).toMatchObject({ actor, target: `asset ${id}` });
    const allowed = await admin('/allowlist', { json: { value: card, reason: 'test card' } });
    expect(allowed.status, allowed.text).toBe(201);
    const entryId = (allowed.body as { id: number }).id;
    expect((await audit('?action=allowlist.added'))[0]).toMatchObject({ actor, target: `allow-list entry ${entryId}`, changes: { reason: 'test card' } });
    expect((await admin(`/allowlist/${entryId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await audit('?action=allowlist.removed'))[0]).toMatchObject({ actor, target: `allow-list entry ${entryId}` });
    const text = JSON.stringify(await audit('?limit=500'));
    expect(text).not.toContain(card);
    expect(text).not.toContain(card.replaceAll(' ', ''));
  });
});

describe('coverage', () => {
  it('every action in AUDIT_ACTIONS was recorded by a test in this file', async () => {
    const seen = new Set<string>();
    for (const ws of await t.repo.listWorkspaces()) for (const e of await t.repo.listAudit(ws.id, { limit: 10_000 })) seen.add(e.action);
    expect(AUDIT_ACTIONS.filter((a) => !seen.has(a))).toEqual([]);
  });
});
