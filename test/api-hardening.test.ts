// The API's outer defences: failed-key throttling per client address, CORS only for configured
// origins, JSON answers even for requests the HTTP parser rejects, and the security headers.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_RAW_FROM_BYTES } from '../server/app.ts';
import { call, manualClock, startTestServer, type TestServer } from './helpers/test-server.ts';

const BAD_KEY = `chk_${'x'.repeat(43)}`;

/** Sends raw bytes and returns the whole answer (the server closes the connection). */
function rawRequest(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.end(bytes);
  });
}

function jsonBodyOf(raw: string): unknown {
  return JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
}

describe('failed API-key attempts', () => {
  const clock = manualClock();
  let server: TestServer;
  let key: string;
  beforeAll(async () => {
    server = await startTestServer({ clock, server: { auth: { max_failures: 3, window_seconds: 60, block_seconds: 120 } } });
    key = await server.workspaceWithKey('acme');
  });
  afterAll(() => server.close());

  it('answers 401 up to the limit, then 429 with Retry-After, even for a good key, until the block ends', async () => {
    for (let i = 0; i < 3; i++) expect((await call(`${server.api}/labels`, { key: BAD_KEY })).status).toBe(401);
    const blocked = await call(`${server.api}/labels`, { key: BAD_KEY });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('120');
    expect(blocked.body).toEqual({ detail: 'Too many failed API key attempts; retry after 120 s', code: 'too_many_requests' });

    clock.advance(60_000);
    const good = await call(`${server.api}/labels`, { key });
    expect(good.status).toBe(429);
    expect(good.headers.get('retry-after')).toBe('60');

    clock.advance(60_000);
    expect((await call(`${server.api}/labels`, { key })).status).toBe(200);
    const log = server.logs.filter((l) => l.msg === 'request' || l.status === 429);
    expect(JSON.stringify(log)).not.toContain(BAD_KEY);
  });

  it('forgets failures once a good key is used, and counts failures per window', async () => {
    for (let i = 0; i < 3; i++) await call(`${server.api}/labels`, { key: BAD_KEY });
    expect((await call(`${server.api}/labels`, { key })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await call(`${server.api}/labels`, { key: BAD_KEY })).status).toBe(401);
    clock.advance(61_000);
    for (let i = 0; i < 3; i++) expect((await call(`${server.api}/labels`, { key: BAD_KEY })).status).toBe(401);
    expect((await call(`${server.api}/labels`, { key: BAD_KEY })).status).toBe(429);
    clock.advance(121_000);
  });

  it('counts console sign-ins with bad keys against the same address', async () => {
    for (let i = 0; i < 3; i++) expect((await call(`${server.api}/admin/sessions`, { json: { key: BAD_KEY } })).status).toBe(401);
    expect((await call(`${server.api}/admin/sessions`, { json: { key: BAD_KEY } })).status).toBe(429);
    expect((await call(`${server.api}/labels`, { key })).status).toBe(429);
    clock.advance(121_000);
    expect((await call(`${server.api}/labels`, { key })).status).toBe(200);
  });

  it('does not count a bad key whose body is not JSON, whatever the size of the body', async () => {
    // A small body is parsed before the key is checked; a large preview body after (it is parsed
    // in a classification worker), yet before a refused key would be counted.
    const broken = (chars: number) => `{"name": "x.txt", "content": "${'x'.repeat(chars)}`;
    for (const body of [broken(10), broken(PREVIEW_RAW_FROM_BYTES)]) {
      for (let i = 0; i < 4; i++) {
        const r = await call(`${server.api}/classify/preview`, { key: BAD_KEY, body, headers: { 'Content-Type': 'application/json' } });
        expect(r.status).toBe(422);
      }
      for (let i = 0; i < 3; i++) expect((await call(`${server.api}/labels`, { key: BAD_KEY })).status, `${body.length} bytes`).toBe(401);
      expect((await call(`${server.api}/labels`, { key: BAD_KEY })).status).toBe(429);
      clock.advance(121_000);
    }
  });

  it('does not count a missing key as a guess', async () => {
    for (let i = 0; i < 6; i++) expect((await call(`${server.api}/labels`)).status).toBe(401);
    expect((await call(`${server.api}/labels`, { key })).status).toBe(200);
  });
});

describe('CORS', () => {
  let plain: TestServer;
  let open: TestServer;
  let key: string;
  beforeAll(async () => {
    plain = await startTestServer();
    open = await startTestServer({ server: { cors_origins: ['https://console.example.com'] } });
    key = await open.workspaceWithKey('acme');
  });
  afterAll(async () => {
    await plain.close();
    await open.close();
  });

  it('sends no CORS header unless the origin is configured', async () => {
    const res = await call(`${plain.api}/labels`, { headers: { Origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await call(`${plain.api}/classify`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.status).toBe(401);
    const other = await call(`${open.api}/labels`, { key, headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('vary')).toContain('Origin');
  });

  it('answers preflights and requests from a configured origin', async () => {
    const pre = await call(`${open.api}/classify`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://console.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-api-key, content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    expect(pre.headers.get('access-control-allow-headers')).toContain('X-API-Key');
    const res = await call(`${open.api}/labels`, { key, headers: { Origin: 'https://console.example.com' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
  });
});

describe('HTTP-level refusals and headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers oversized headers with 431 and a JSON body', async () => {
    const raw = await rawRequest(server.url, `GET /api/v1/labels HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    expect(raw.startsWith('HTTP/1.1 431 ')).toBe(true);
    expect(jsonBodyOf(raw)).toEqual({ detail: 'Request headers are larger than the server accepts', code: 'headers_too_large' });
  });

  it('answers a malformed request (NUL in a header, garbage request line) with 400 and a JSON body', async () => {
    for (const bytes of [`GET /api/v1/labels HTTP/1.1\r\nHost: x\r\nX-API-Key: chk_\u0000abc\r\n\r\n`, 'NOT HTTP AT ALL\r\n\r\n']) {
      const raw = await rawRequest(server.url, bytes);
      expect(raw.startsWith('HTTP/1.1 400 ')).toBe(true);
      expect(jsonBodyOf(raw)).toEqual({ detail: 'Malformed HTTP request', code: 'bad_request' });
    }
  });

  it('logs one line per request carrying the id sent back in X-Request-Id', async () => {
    const res = await call(`${server.api}/labels`);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const lines = server.logs.filter((l) => l.req_id === id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request', method: 'GET', path: '/api/v1/labels', status: 401 });
  });

  it('sends security headers and no X-Powered-By on API answers and errors', async () => {
    for (const url of [`${server.api}/labels`, `${server.url}/nope`, `${server.url}/healthz`]) {
      const res = await call(url);
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });
});
