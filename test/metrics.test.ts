// GET /metrics on a real server: credentials (admin key, bearer token; 401/403 otherwise), the
// Prometheus text parsed line by line, and counters that rise by exactly what was done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, manualClock, startTestServer, type TestServer } from './helpers/test-server.ts';
import { parsePrometheusText, type Exposition } from './helpers/prometheus-text.ts';

const TOKEN = 'prometheus-scrape-token-0123456789';
let server: TestServer;
let key: string;
let admin: string;

beforeAll(async () => {
  server = await startTestServer({ server: { metrics: { token: TOKEN } } });
  key = await server.workspaceWithKey('metrics-a');
  admin = await server.adminKey('metrics-a');
});
afterAll(() => server.close());

async function scrape(headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }, url = `${server.url}/metrics`): Promise<Exposition> {
  const res = await fetch(url, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

const classify = (k: string, name: string, content: string) => call(`${server.api}/classify`, { key: k, json: { name, content } });

describe('GET /metrics', () => {
  it('answers 401 without credentials or with a wrong token, 403 to an api key', async () => {
    const none = await call(`${server.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: 'missing_api_key' });
    expect((await call(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await call(`${server.url}/metrics`, { headers: { Authorization: 'Basic abc' } })).status).toBe(401);
    expect((await call(`${server.url}/metrics`, { key: 'chk_notakeyatallnotakeyatallnotakeyatall' })).status).toBe(401);
    expect((await call(`${server.url}/metrics`, { key })).status).toBe(403);
    await scrape({ 'X-API-Key': admin });
    await scrape();
  });

  it('counts classifications by workspace, level and source exactly, with route templates, batches and the cache', async () => {
    const before = await scrape();
    const N = 7;
    for (let i = 0; i < N; i++) expect((await classify(key, `doc-${i}.txt`, i % 2 ? 'Confidential — NDA' : 'hello')).status).toBe(201);
    const bad = await classify(key, '', 'x');
    expect(bad.status).toBe(422);
    expect((await call(`${server.api}/assets/999999`, { key })).status).toBe(404);
    expect((await call(`${server.url}/no/such/page/${Date.now()}`)).status).toBe(404);
    const after = await scrape();

    const delta = (name: string, labels?: Record<string, string>) => after.sum(name, labels) - before.sum(name, labels);
    expect(delta('assay_classifications_total', { workspace: 'metrics-a' })).toBe(N);
    expect(delta('assay_classifications_total', { workspace: 'metrics-a', level: '2', source: 'api' })).toBe(3);
    expect(delta('assay_classifications_total', { workspace: 'metrics-a', level: '0', source: 'api' })).toBe(4);
    expect(after.types.get('assay_classifications_total')).toBe('counter');

    const route = (r: string, status: string) => delta('assay_http_request_duration_seconds_count', { method: 'POST', route: r, status });
    expect(route('/api/v1/classify', '201')).toBe(N);
    expect(route('/api/v1/classify', '422')).toBe(1);
    expect(delta('assay_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/assets/:id', status: '404' })).toBe(1);
    expect(delta('assay_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBe(1);
    expect(after.samples.some((s) => s.name === 'assay_http_request_duration_seconds_count' && s.labels.route?.includes('no/such'))).toBe(false);
    expect(after.types.get('assay_http_request_duration_seconds')).toBe('histogram');

    expect(delta('assay_write_batch_size_sum')).toBe(N);
    expect(delta('assay_write_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(delta('assay_write_batch_duration_seconds_count')).toBe(delta('assay_write_batch_size_count'));
    expect(delta('assay_rule_cache_lookups_total', { result: 'hit' })).toBeGreaterThanOrEqual(N - 1);
    expect(after.sum('assay_database_bytes')).toBeGreaterThan(0);
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes']) expect(after.types.has(name), name).toBe(true);
  });

  it("shows an admin key only its own workspace's series; the token sees every workspace", async () => {
    const keyB = await server.workspaceWithKey('metrics-b');
    const adminB = await server.adminKey('metrics-b');
    expect((await classify(keyB, 'b.txt', 'hello')).status).toBe(201);
    const asA = await scrape({ 'X-API-Key': admin });
    const asB = await scrape({ 'X-API-Key': adminB });
    const all = await scrape();
    const workspaces = (e: Exposition) => new Set(e.samples.filter((s) => s.labels.workspace !== undefined).map((s) => s.labels.workspace));
    expect([...workspaces(asA)]).toEqual(['metrics-a']);
    expect([...workspaces(asB)]).toEqual(['metrics-b']);
    expect(workspaces(all)).toEqual(new Set(['metrics-a', 'metrics-b']));
    expect(asB.sum('assay_database_bytes')).toBeGreaterThan(0);
  });
});

describe('GET /metrics, failed-key blocks', () => {
  it('counts the requests refused because their address sent too many bad keys', async () => {
    const clock = manualClock();
    const s = await startTestServer({ clock, server: { metrics: { token: TOKEN }, auth: { max_failures: 2, window_seconds: 60, block_seconds: 30 } } });
    try {
      const bad = () => call(`${s.api}/labels`, { key: 'chk_wrongwrongwrongwrongwrongwrongwrong' });
      expect((await bad()).status).toBe(401);
      expect((await bad()).status).toBe(401);
      expect((await bad()).status).toBe(429);
      expect((await bad()).status).toBe(429);
      clock.advance(31_000);
      const e = await scrape(undefined, `${s.url}/metrics`);
      expect(e.sum('assay_failed_key_blocks_total')).toBe(2);
    } finally {
      await s.close();
    }
  });
});
