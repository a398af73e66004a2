// The console's HTTP side without a browser: sign-in and sessions (cookie attributes, expiry,
// sign-out, revoked keys), roles (an `api` key gets 403), CSRF on every change, validation of
// the admin endpoints, CSV upload, the pages' redirect and CSP, and the OpenAPI entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, manualClock, startTestServer, type TestServer } from './helpers/test-server.ts';

const clock = manualClock();
let t: TestServer;
let apiKey: string;
let adminKey: string;

beforeAll(async () => {
  t = await startTestServer({ clock });
  apiKey = await t.workspaceWithKey('acme');
  adminKey = await t.adminKey('acme');
});
afterAll(() => t.close());

async function signIn(key: string) {
  const res = await call(`${t.api}/admin/sessions`, { json: { key } });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  return { ...res, setCookie, cookie, csrf: (res.body as { csrf_token?: string } | undefined)?.csrf_token ?? '' };
}

describe('sign-in', () => {
  it('exchanges an admin key for an HttpOnly, SameSite=Strict session cookie with an expiry', async () => {
    const s = await signIn(adminKey);
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ workspace: 'acme', key_name: 'acme-admin', expires_at: '2026-06-12T20:30:00' });
    expect(s.cookie).toMatch(/^assay_session=[A-Za-z0-9_-]{43}$/);
    expect(s.setCookie).toContain('HttpOnly');
    expect(s.setCookie).toContain('SameSite=Strict');
    expect(s.setCookie).toContain('Path=/');
    expect(s.setCookie).toContain('Max-Age=43200');
    expect(s.setCookie).not.toContain('Secure'); // plain HTTP here
    expect(s.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The token itself is not stored: no session row holds the cookie value.
    const me = await call(`${t.api}/admin/workspace`, { headers: { Cookie: s.cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: 'acme', plan: 'active', suspended: false, max_assets: null });
  });

  it('refuses an api-role key with 403 and a bad key with the API’s 401', async () => {
    const api = await signIn(apiKey);
    expect(api.status).toBe(403);
    expect(api.body).toEqual({ detail: 'Only keys with the admin role can sign in to the console', code: 'forbidden' });
    expect(api.setCookie).toBe('');
    const bad = await signIn('chk_notarealkeynotarealkeynotarealkeynotarealk');
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ detail: 'Invalid or revoked API key', code: 'invalid_api_key' });
    const empty = await call(`${t.api}/admin/sessions`, { json: {} });
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ code: 'validation_error', detail: [{ loc: ['body', 'key'], type: 'missing' }] });
  });

  it('refuses a cross-origin sign-in', async () => {
    const res = await call(`${t.api}/admin/sessions`, { json: { key: adminKey }, headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect((res.body as { code: string }).code).toBe('csrf_failed');
  });
});

describe('roles', () => {
  it('answers 403 to an api-role key on every admin endpoint, and 401 without credentials', async () => {
    for (const [method, path] of [
      ['GET', '/admin/keys'],
      ['GET', '/admin/workspace'],
      ['GET', '/admin/stats'],
      ['GET', '/admin/policy'],
      ['POST', '/admin/keys'],
      ['PATCH', '/admin/rules/Marked%20confidential'],
      ['PUT', '/admin/labels/Secret'],
      ['DELETE', '/admin/labels/Public'],
    ] as const) {
      const withApiKey = await call(`${t.api}${path}`, { key: apiKey, method, json: method === 'GET' ? undefined : { name: 'x' } });
      expect(withApiKey.status, `${method} ${path}`).toBe(403);
      expect((withApiKey.body as { code: string }).code).toBe('forbidden');
      const anonymous = await call(`${t.api}${path}`, { method, json: method === 'GET' ? undefined : { name: 'x' } });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      expect((anonymous.body as { code: string }).code).toBe('not_signed_in');
    }
  });

  it('lets an admin key call the ordinary API and the admin API without CSRF (no cookie involved)', async () => {
    const classified = await call(`${t.api}/classify`, { key: adminKey, json: { name: 'admin-made.txt', content: 'CONFIDENTIAL' } });
    expect(classified.status).toBe(201);
    const created = await call(`${t.api}/admin/keys`, { key: adminKey, json: { name: 'by-header' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'by-header', role: 'api', revoked_at: null });
    expect((created.body as { key: string }).key).toMatch(/^chk_/);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing session request without, or with a wrong, CSRF token', async () => {
    const s = await signIn(adminKey);
    const none = await call(`${t.api}/admin/keys`, { json: { name: 'no-csrf' }, headers: { Cookie: s.cookie } });
    expect(none.status).toBe(403);
    expect(none.body).toEqual({ detail: 'Missing or wrong CSRF token', code: 'csrf_failed' });
    const wrong = await call(`${t.api}/admin/keys`, { json: { name: 'no-csrf' }, headers: { Cookie: s.cookie, 'X-CSRF-Token': `${s.csrf.slice(0, -1)}${s.csrf.endsWith('A') ? 'B' : 'A'}` } });
    expect(wrong.status).toBe(403);
    const foreign = await call(`${t.api}/admin/keys`, { json: { name: 'no-csrf' }, headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, Origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const keys = (await call(`${t.api}/admin/keys`, { headers: { Cookie: s.cookie } })).body as { name: string }[];
    expect(keys.map((k) => k.name)).not.toContain('no-csrf');
    const ok = await call(`${t.api}/admin/keys`, { json: { name: 'with-csrf' }, headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, Origin: t.url } });
    expect(ok.status).toBe(201);
  });

  it('refuses the sign-out form without its hidden CSRF field', async () => {
    const s = await signIn(adminKey);
    const form = (body: string) =>
      fetch(`${t.url}/sign-out`, { method: 'POST', redirect: 'manual', headers: { Cookie: s.cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body });
    expect((await form('')).status).toBe(403);
    expect((await call(`${t.api}/admin/keys`, { headers: { Cookie: s.cookie } })).status).toBe(200);
    const out = await form(`_csrf=${encodeURIComponent(s.csrf)}`);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/sign-in');
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await call(`${t.api}/admin/keys`, { headers: { Cookie: s.cookie } })).status).toBe(401);
  });
});

describe('a suspended workspace', () => {
  it('refuses its sessions on pages and on the admin API, and lets them back in when resumed', async () => {
    const s = await signIn(adminKey);
    await t.workspaces.update('acme', { suspended: true });
    try {
      const page = await call(`${t.url}/inventory`, { headers: { Cookie: s.cookie } });
      expect(page.status).toBe(403);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain('Workspace suspended');
      expect((await call(`${t.api}/admin/workspace`, { headers: { Cookie: s.cookie } })).status).toBe(403);
    } finally {
      await t.workspaces.update('acme', { suspended: false });
    }
    expect((await call(`${t.url}/inventory`, { headers: { Cookie: s.cookie } })).status).toBe(200);
  });
});

describe('same-origin check', () => {
  it('accepts the browser origin a reverse proxy forwards when trust_proxy is set, and refuses a mismatch', async () => {
    const proxied = await startTestServer({ server: { trust_proxy: true } });
    try {
      await proxied.workspaces.create('acme', null);
      const key = await proxied.adminKey('acme');
      const headers = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'assay.example.com' };
      const ok = await call(`${proxied.api}/admin/sessions`, { json: { key }, headers: { ...headers, Origin: 'https://assay.example.com' } });
      expect(ok.status).toBe(201);
      expect(ok.headers.get('set-cookie')).toContain('Secure');
      const wrongScheme = await call(`${proxied.api}/admin/sessions`, { json: { key }, headers: { ...headers, Origin: 'http://assay.example.com' } });
      expect(wrongScheme.status).toBe(403);
    } finally {
      await proxied.close();
    }
  });
});

describe('sessions end', () => {
  it('on sign-out, at expiry, and when the key is revoked', async () => {
    const a = await signIn(adminKey);
    const out = await call(`${t.api}/admin/sessions/current`, { method: 'DELETE', headers: { Cookie: a.cookie, 'X-CSRF-Token': a.csrf } });
    expect(out.status).toBe(204);
    expect((await call(`${t.api}/admin/workspace`, { headers: { Cookie: a.cookie } })).status).toBe(401);

    const b = await signIn(adminKey);
    clock.advance(11 * 3600_000);
    expect((await call(`${t.api}/admin/workspace`, { headers: { Cookie: b.cookie } })).status).toBe(200);
    clock.advance(1 * 3600_000);
    const expired = await call(`${t.api}/admin/workspace`, { headers: { Cookie: b.cookie } });
    expect(expired.status).toBe(401);
    expect((expired.body as { code: string }).code).toBe('not_signed_in');

    const other = await t.adminKey('acme', 'short-lived-admin');
    const c = await signIn(other);
    expect((await call(`${t.api}/admin/workspace`, { headers: { Cookie: c.cookie } })).status).toBe(200);
    const revoked = await call(`${t.api}/admin/keys/short-lived-admin/revoke`, { method: 'POST', headers: { Cookie: c.cookie, 'X-CSRF-Token': c.csrf } });
    expect(revoked.status).toBe(200);
    expect((revoked.body as { revoked_at: string | null }).revoked_at).not.toBeNull();
    expect((await call(`${t.api}/admin/workspace`, { headers: { Cookie: c.cookie } })).status).toBe(401);
    expect((await call(`${t.api}/admin/workspace`, { key: other })).status).toBe(401);
  });
});

describe('admin endpoints validate their input', () => {
  it('keys: name required, unique; role api|admin; revoke of an unknown key is 404', async () => {
    const bad = await call(`${t.api}/admin/keys`, { key: adminKey, json: { name: '', role: 'root' } });
    expect(bad.status).toBe(422);
    expect((bad.body as { detail: { loc: string[] }[] }).detail.map((d) => d.loc.join('.')).sort()).toEqual(['body.name', 'body.role']);
    expect((await call(`${t.api}/admin/keys`, { key: adminKey, json: { name: 'dup' } })).status).toBe(201);
    const dup = await call(`${t.api}/admin/keys`, { key: adminKey, json: { name: 'dup' } });
    expect(dup.status).toBe(409);
    expect((dup.body as { code: string }).code).toBe('conflict');
    const unknown = await call(`${t.api}/admin/keys/nope/revoke`, { key: adminKey, method: 'POST' });
    expect(unknown.status).toBe(404);
  });

  it('rules: patch and replace are validated as a whole policy; unsafe regexes are refused', async () => {
    const unknown = await call(`${t.api}/admin/rules/No%20such%20rule`, { key: adminKey, method: 'PATCH', json: { enabled: false } });
    expect(unknown.status).toBe(404);
    const extra = await call(`${t.api}/admin/rules/Marked%20confidential`, { key: adminKey, method: 'PATCH', json: { colour: 'red' } });
    expect(extra.status).toBe(422);
    const { rules } = (await call(`${t.api}/admin/policy`, { key: adminKey })).body as { rules: { name: string; label: string; priority: number; enabled: boolean }[] };
    const rule = rules.find((r) => r.name === 'Marked confidential')!;
    const noLabel = await call(`${t.api}/admin/rules/Marked%20confidential`, { key: adminKey, method: 'PUT', json: { ...rule, label: 'Top secret' } });
    expect(noLabel.status).toBe(422);
    expect((noLabel.body as { code: string }).code).toBe('invalid_definition');
    const redos = await call(`${t.api}/admin/rules/Marked%20confidential`, {
      key: adminKey,
      method: 'PUT',
      json: { ...rule, conditions: { ...(rule as unknown as { conditions: object }).conditions, patterns: [{ regex: '(a+)+$' }] } },
    });
    expect(redos.status).toBe(422);
    expect(JSON.stringify(redos.body)).toContain('catastroph');
    const moved = await call(`${t.api}/admin/rules/Marked%20confidential`, { key: adminKey, method: 'PATCH', json: { priority: 999, enabled: false } });
    expect(moved.status).toBe(200);
    const after = (moved.body as { rules: { name: string; priority: number; enabled: boolean }[] }).rules;
    expect(after[after.length - 1]).toMatchObject({ name: 'Marked confidential', priority: 999, enabled: false });
    const preview = await call(`${t.api}/admin/classify/preview`, { key: adminKey, json: { name: 'x.txt', content: 'CONFIDENTIAL' } });
    expect((preview.body as { matched_rules: string }).matched_rules).not.toContain('Marked confidential');
    expect((await call(`${t.api}/admin/rules/Marked%20confidential`, { key: adminKey, method: 'PATCH', json: { priority: rule.priority, enabled: true } })).status).toBe(200);
  });

  it('labels: create, change, refuse a broken scheme, remove only when unused', async () => {
    const admin = (method: string, path: string, json?: unknown) => call(`${t.api}/admin${path}`, { key: adminKey, method, json });
    type PolicyBody = { labels: { name: string; level: number; color: string }[] };
    const created = await admin('PUT', '/labels/Secret', { level: 7, color: '#7C3AED' });
    expect(created.status).toBe(200);
    expect((created.body as PolicyBody).labels).toContainEqual({ name: 'Secret', level: 7, color: '#7c3aed' });
    const changed = await admin('PUT', '/labels/secret', { level: 8, color: '#111111' });
    expect((changed.body as PolicyBody).labels.filter((l) => l.name.toLowerCase() === 'secret')).toEqual([{ name: 'secret', level: 8, color: '#111111' }]);
    expect((await admin('PUT', '/labels/Other', { level: 8, color: '#222222' })).status).toBe(422); // level taken
    const bad = await admin('PUT', '/labels/Other', { level: 'high', color: 'red', name: 'x' });
    expect(bad.status).toBe(422);
    expect((bad.body as { detail: { loc: string[] }[] }).detail.map((d) => d.loc.join('.'))).toEqual(['body.level', 'body.color', 'body']);
    expect((await admin('DELETE', '/labels/Restricted')).status).toBe(422); // rules use it
    expect((await admin('DELETE', '/labels/Nope')).status).toBe(404);
    const removed = await admin('DELETE', '/labels/secret');
    expect(removed.status).toBe(200);
    expect((removed.body as PolicyBody).labels.map((l) => l.name)).not.toContain('secret');
  });

  it('manual classification stores source manual; stats count it', async () => {
    const res = await call(`${t.api}/admin/classifications`, { key: adminKey, json: { name: 'Board minutes.docx', asset_type: 'document', content: 'Strictly confidential board minutes' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ source: 'manual', label: { name: 'Confidential' } });
    const missing = await call(`${t.api}/admin/classifications`, { key: adminKey, json: { content: 'x' } });
    expect(missing.status).toBe(422);
    const stats = (await call(`${t.api}/admin/stats?days=7`, { key: adminKey })).body as { by_source: { source: string; count: number }[]; per_day: { count: number }[]; days: number };
    expect(stats.days).toBe(7);
    expect(stats.by_source.find((s) => s.source === 'manual')?.count).toBe(1);
    expect((await call(`${t.api}/admin/stats?days=0`, { key: adminKey })).status).toBe(422);
  });

  it('CSV upload classifies the rows as source csv and reports bad rows by line', async () => {
    const csv = 'name,asset_type,content\nledger.csv,spreadsheet,IBAN DE89370400440532013000\n,document,no name here\nmemo.txt,document,Internal use only\n';
    const res = await fetch(`${t.api}/admin/csv-imports`, { method: 'POST', headers: { 'X-API-Key': adminKey, 'Content-Type': 'text/csv' }, body: csv });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.at(-1)).toEqual({ type: 'result', done: 2, failed: [{ line: 3, reason: 'name is empty' }] });
    const listed = (await call(`${t.api}/assets?source=csv`, { key: apiKey })).body as { name: string }[];
    expect(listed.map((a) => a.name).sort()).toEqual(['ledger.csv', 'memo.txt']);
    const noHeader = await fetch(`${t.api}/admin/csv-imports`, { method: 'POST', headers: { 'X-API-Key': adminKey, 'Content-Type': 'text/csv' }, body: 'file,text\na,b\n' });
    expect(noHeader.status).toBe(422);
    const empty = await fetch(`${t.api}/admin/csv-imports`, { method: 'POST', headers: { 'X-API-Key': adminKey, 'Content-Type': 'text/csv' }, body: '' });
    expect(empty.status).toBe(422);
  });

  it('the inventory API filters by label', async () => {
    const confidential = (await call(`${t.api}/assets?label=confidential`, { key: apiKey })).body as { label: { name: string } }[];
    expect(confidential.length).toBeGreaterThan(0);
    expect(new Set(confidential.map((a) => a.label.name))).toEqual(new Set(['Confidential']));
    expect((await call(`${t.api}/assets?label=Nope`, { key: apiKey })).body).toEqual([]);
  });
});

describe('pages', () => {
  it('redirect to sign-in without a session and carry the console CSP, with no inline script or style', async () => {
    const anon = await fetch(`${t.url}/inventory`, { redirect: 'manual' });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/sign-in');
    const s = await signIn(adminKey);
    for (const path of ['/', '/inventory', '/keys', '/rules', '/classify', '/workspace', '/sign-in']) {
      const res = await fetch(`${t.url}${path}`, { headers: { Cookie: s.cookie } });
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      const text = await res.text();
      expect(text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(text).not.toMatch(/\sstyle="/);
    }
    const js = await fetch(`${t.url}/console/assets/console.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${t.url}/console/assets/../console-routes.ts`)).status).toBe(404);
  });
});

describe('pages', () => {
  it('give the dashboard’s per-day figures as a table too (not only as a chart)', async () => {
    const s = await signIn(adminKey);
    await call(`${t.api}/classify`, { key: apiKey, json: { name: 'for-the-table.txt' } });
    const stats = (await call(`${t.api}/admin/stats`, { key: adminKey })).body as { per_day: { day: string; count: number }[] };
    const today = stats.per_day.at(-1)!;
    const page = await (await fetch(`${t.url}/`, { headers: { Cookie: s.cookie } })).text();
    expect(page).toContain('<summary>The same as a table</summary>');
    expect(page).toContain(`<tr><td>${today.day}</td><td>${today.count}</td></tr>`);
  });

  it('answer errors with an HTML page, and send a signed-in user from sign-in to the dashboard', async () => {
    const s = await signIn(adminKey);
    const missing = await fetch(`${t.url}/assets/999999`, { headers: { Cookie: s.cookie, Accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/text\/html/);
    expect(missing.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await missing.text()).toContain('<h1>Not found</h1>');
    const badCursor = await fetch(`${t.url}/inventory?cursor=%3Cscript%3E`, { headers: { Cookie: s.cookie } });
    expect(badCursor.status).toBe(422);
    const text = await badCursor.text();
    expect(text).toContain('Invalid cursor');
    expect(text).not.toContain('<script>');
    const again = await fetch(`${t.url}/sign-in`, { headers: { Cookie: s.cookie }, redirect: 'manual' });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/');
    // the API keeps answering JSON
    expect((await call(`${t.api}/assets/999999`, { key: apiKey })).body).toEqual({ detail: 'Not found', code: 'not_found' });
  });

  it('never log a key, a session token or a CSRF token', async () => {
    const s = await signIn(adminKey);
    await call(`${t.api}/admin/keys`, { json: { name: 'log-check' }, headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf } });
    const logs = t.rawLogs.join('\n');
    expect(logs).toContain('/api/v1/admin/sessions');
    for (const secret of [adminKey, apiKey, s.cookie.split('=')[1]!, s.csrf]) expect(logs).not.toContain(secret);
  });
});

describe('OpenAPI', () => {
  it('documents the admin endpoints and the session cookie', async () => {
    const doc = (await call(`${t.url}/openapi.json`)).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { securitySchemes: Record<string, unknown> } };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/admin/')).length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(doc.paths['/api/v1/admin/keys']!.post!.responses).sort()).toEqual(['201', '401', '403', '408', '409', '413', '422', '429', '431', '500', '503']);
    expect(doc.components.securitySchemes.ConsoleSession).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'assay_session' });
    expect(JSON.stringify(doc.paths['/api/v1/admin/keys'])).toContain('`csrf_failed`');
  });
});
