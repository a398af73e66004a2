// Property-based fuzzing of the real HTTP API (server on port 0) with fast-check: random and
// adversarial bodies, query strings and headers, prototype-pollution keys at any depth. Properties:
// no 500, every answer a SPEC §2 error body or a valid success body, no hang (each request is
// bounded), nothing stored for a failed request, Object.prototype untouched.
// Seed: ASSAY_FUZZ_SEED (fast-check prints the seed and path of a failure); runs: ASSAY_FUZZ_RUNS.
import fc from 'fast-check';
import sqlite3 from 'sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetDetailSchema, assetSchema, errorBodySchema, previewSchema } from '../shared/api/schemas.ts';
import { labelSchema } from '../shared/engine/label-scheme.ts';
import { DATABASE_FILE } from '../server/server-process.ts';
import { rawRequest, type RawResponse } from './helpers/raw-http.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';
import { z } from 'zod';

const SEED = Number(process.env.ASSAY_FUZZ_SEED ?? 20261126);
const RUNS = Number(process.env.ASSAY_FUZZ_RUNS ?? 300);
const params = (numRuns = RUNS) => ({ seed: SEED, numRuns });

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const FIELD_KEYS = ['name', 'content', 'asset_type', 'source', 'id', 'label', ...PROTO_KEYS] as const;

/** JSON text built by hand, so `__proto__` stays a literal own key at any depth. */
type Tree = { kind: 'leaf'; value: unknown } | { kind: 'array'; items: Tree[] } | { kind: 'object'; entries: [string, Tree][] };

function render(t: Tree): string {
  if (t.kind === 'leaf') return JSON.stringify(t.value) ?? 'null';
  if (t.kind === 'array') return `[${t.items.map(render).join(',')}]`;
  return `{${t.entries.map(([k, v]) => `${JSON.stringify(k)}:${render(v)}`).join(',')}}`;
}

const weirdString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', '\uffff', '\ud800', '💳', 'polluted', 'api', 'agent', 'manual', 'csv', '../../etc/passwd', '%00', 'a'.repeat(1025), 'x'.repeat(5000)),
);
const leaf: fc.Arbitrary<Tree> = fc
  .oneof(weirdString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(1e308, -0, 2 ** 53 + 1))
  .map((value) => ({ kind: 'leaf', value }));
const jsonKey = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FIELD_KEYS) }, { weight: 1, arbitrary: weirdString });

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('tree'), { maxLength: 4 }).map((items): Tree => ({ kind: 'array', items })),
    fc.array(fc.tuple(jsonKey, tie('tree')), { maxLength: 5 }).map((entries): Tree => ({ kind: 'object', entries })),
  ),
}));

/** An object close to a valid request: some known fields with odd values, plus pollution keys anywhere. */
const nearValid = fc
  .record(
    {
      name: fc.oneof(weirdString.map((value): Tree => ({ kind: 'leaf', value })), tree),
      content: fc.oneof(weirdString.map((value): Tree => ({ kind: 'leaf', value })), tree),
      asset_type: fc.oneof(weirdString.map((value): Tree => ({ kind: 'leaf', value })), tree),
      source: fc.oneof(fc.constantFrom('api', 'agent', 'manual', 'csv', 'API').map((value): Tree => ({ kind: 'leaf', value })), tree),
      extra: fc.array(fc.tuple(fc.constantFrom(...PROTO_KEYS), tree), { maxLength: 3 }),
    },
    { requiredKeys: ['extra'] },
  )
  .map(({ extra, ...fields }): Tree => ({ kind: 'object', entries: [...Object.entries(fields).map(([k, v]) => [k, v] as [string, Tree]), ...extra] }));

const pollution = fc.constantFrom(
  '{"__proto__":{"polluted":"yes"},"name":"p.txt","content":"x"}',
  '{"name":"p.txt","constructor":{"prototype":{"polluted":"yes"}}}',
  '{"name":{"__proto__":{"polluted":"yes"}},"content":"x"}',
  '[{"__proto__":{"polluted":"yes"}}]',
);
const malformed = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{', '{"name":', '{"name":"a",}', 'null', 'nul', '"\\ud800"', '{"name":"a"}garbage', '\u0000', '[]'.repeat(500)));

const body = fc.oneof(tree.map(render), nearValid.map(render), pollution, malformed);
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/merge-patch+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined);

function bodyJson(res: RawResponse): unknown {
  try {
    return JSON.parse(res.body);
  } catch {
    throw new Error(`answer ${res.status} is not JSON: ${JSON.stringify(res.body.slice(0, 300))}`);
  }
}

/** Every answer is either a success body of the expected shape or a SPEC §2 error body. */
function expectWellFormed(res: RawResponse, success: Record<number, z.ZodType | null>): void {
  expect(res.status, res.body).not.toBe(500);
  if (res.status in success) {
    const schema = success[res.status];
    if (schema) expect(schema.safeParse(bodyJson(res)).success, res.body.slice(0, 500)).toBe(true);
    return;
  }
  expect(res.status >= 400 && res.status < 500, `unexpected status ${res.status}`).toBe(true);
  expect(res.headers['content-type'] ?? '').toMatch(/^application\/json/);
  const parsed = errorBodySchema.safeParse(bodyJson(res));
  expect(parsed.success, res.body.slice(0, 500)).toBe(true);
}

function expectPrototypeClean(): void {
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).includes('polluted')).toBe(false);
}

interface Counts {
  assets: number;
  history: number;
  counted: number;
  revision: number;
}

let server: TestServer;
let key: string;
let db: sqlite3.Database;

function counts(): Promise<Counts> {
  return new Promise((resolve, reject) =>
    db.get(
      'SELECT (SELECT count(*) FROM assets) AS assets, (SELECT count(*) FROM asset_history) AS history, (SELECT sum(asset_count) FROM workspaces) AS counted, (SELECT sum(policy_revision) FROM workspaces) AS revision',
      (err: Error | null, row: Counts) => (err ? reject(err) : resolve(row)),
    ),
  );
}

const auth = (): [string, string][] => [['X-API-Key', key]];
const post = (path: string, text: string, type: string | undefined) =>
  rawRequest(server.url, { method: 'POST', path: `/api/v1${path}`, headers: [...auth(), ...(type ? [['Content-Type', type] as [string, string]] : [])], body: text });

beforeAll(async () => {
  server = await startTestServer({ limits: { body_bytes: 64 * 1024, content_chars: 16 * 1024 } });
  key = await server.workspaceWithKey('fuzz');
  // Something to list, page through and re-classify.
  for (let i = 0; i < 5; i++) {
    const res = await post('/classify', JSON.stringify({ name: `seed-${i}.txt`, content: 'Card 4111 1111 1111 1111' }), 'application/json');
    expect(res.status).toBe(201);
  }
  db = await new Promise((resolve, reject) => {
    const d = new sqlite3.Database(join(server.dataDir, DATABASE_FILE), sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(d)));
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => (db ? db.close(() => resolve()) : resolve()));
  await server?.close();
});

describe('HTTP API under random and adversarial input', () => {
  it('POST /classify: a valid asset or a §2 error, nothing stored on failure, no pollution', async () => {
    await fc.assert(
      fc.asyncProperty(body, contentType, async (text, type) => {
        const before = await counts();
        const res = await post('/classify', text, type);
        expectWellFormed(res, { 201: assetSchema });
        const after = await counts();
        if (res.status !== 201) expect(after).toEqual(before);
        expect(after.counted).toBe(after.assets);
        expectPrototypeClean();
      }),
      params(),
    );
  });

  it('POST /classify/preview: a valid preview or a §2 error, never stores', async () => {
    await fc.assert(
      fc.asyncProperty(body, contentType, async (text, type) => {
        const before = await counts();
        const res = await post('/classify/preview', text, type);
        expectWellFormed(res, { 200: previewSchema });
        expect(await counts()).toEqual(before);
        expectPrototypeClean();
      }),
      params(),
    );
  });

  it('POST /assets/removals: a valid asset, 404 or a §2 error; no row added', async () => {
    const removalBody = fc.oneof(body, fc.constantFrom('seed-0.txt', 'seed-1.txt', 'nope').map((name) => JSON.stringify({ name, source: 'api' })));
    await fc.assert(
      fc.asyncProperty(removalBody, contentType, async (text, type) => {
        const before = await counts();
        const res = await post('/assets/removals', text, type);
        expectWellFormed(res, { 200: assetSchema });
        const after = await counts();
        expect({ ...after, history: before.history }).toEqual(before);
        expectPrototypeClean();
      }),
      params(),
    );
  });

  it('GET /assets with random query strings: a list or a §2 error', async () => {
    const qKey = fc.oneof(fc.constantFrom('q', 'source', 'limit', 'cursor', 'status', 'q[]', 'limit[a]', '__proto__', '__proto__[polluted]', 'constructor[prototype][polluted]'), fc.string({ maxLength: 10 }));
    const qValue = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 10 }),
      fc.constantFrom('0', '1', '500', '501', '-1', '1e3', '999999999999', 'agent', 'all', 'removed', 'eyJ4IjoxfQ', '%', '%zz', '%00', '%ff%fe', 'yes'),
      fc.integer().map(String),
    );
    const encode = (s: string, raw: boolean) => (raw ? s.replace(/[\s#]/g, '+') : encodeURIComponent(s));
    const query = fc.array(fc.tuple(qKey, qValue, fc.boolean()), { maxLength: 6 }).map((pairs) => pairs.map(([k, v, raw]) => `${encode(k, raw)}=${encode(v, raw)}`).join('&'));
    await fc.assert(
      fc.asyncProperty(query, async (qs) => {
        const res = await rawRequest(server.url, { method: 'GET', path: `/api/v1/assets?${qs}`, headers: auth() });
        expectWellFormed(res, { 200: z.array(assetSchema) });
        expectPrototypeClean();
      }),
      params(),
    );
  });

  it('random paths and ids: 404/4xx §2 errors, asset detail when it exists', async () => {
    const segment = fc.oneof(fc.constantFrom('1', '0', '-1', '99999999999', '1.5', '%zz', '%00', '..', '__proto__', 'constructor'), fc.string({ maxLength: 12 }).map(encodeURIComponent));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/v1/assets/', '/api/v1/', '/api/v1/rules/', '/'), segment, fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), async (prefix, seg, method) => {
        const res = await rawRequest(server.url, { method, path: `${prefix}${seg}`, headers: auth() });
        if (prefix === '/') {
          // Outside /api the web console answers: HTML pages, redirects to sign-in, HTML errors.
          expect(res.status, res.body.slice(0, 300)).toBeLessThan(500);
          return;
        }
        // `/assets/` (empty id) is the listing: Express ignores the trailing slash.
        expectWellFormed(res, { 200: prefix === '/api/v1/assets/' && method === 'GET' ? z.union([assetDetailSchema, z.array(assetSchema)]) : null, 204: null, 304: null });
      }),
      params(),
    );
  });

  it('headers: huge, unicode, NUL bytes, odd keys — a §2 error or a valid answer, never a hang', async () => {
    const headerValue = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom('\u0000', 'a\u0000b', 'chk_\u0000', 'é', '💳', '\u00ff\u00fe', ' ', 'chk_' + 'a'.repeat(5000)),
      fc.integer({ min: 1, max: 40 }).map((kb) => 'v'.repeat(kb * 1024)),
    );
    const headerName = fc.oneof(fc.constantFrom('X-API-Key', 'x-api-key', 'Content-Type', 'Accept', 'Accept-Encoding', 'If-None-Match', 'Origin', 'X-Forwarded-For', '__proto__', 'constructor'), fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/));
    const target = fc.constantFrom(['GET', '/api/v1/assets'], ['GET', '/api/v1/rules'], ['GET', '/api/v1/labels'], ['POST', '/api/v1/classify/preview'], ['GET', '/healthz']);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }), fc.boolean(), target, async (extra, withKey, [method, path]) => {
        const headers: [string, string][] = [...(withKey ? auth() : []), ...extra];
        const res = await rawRequest(server.url, { method, path, headers, ...(method === 'POST' ? { body: '{"name":"h.txt","content":"x"}' } : {}) });
        expectWellFormed(res, { 200: null, 304: null });
        expectPrototypeClean();
      }),
      params(Math.ceil(RUNS / 2)),
    );
    // The server still answers normally afterwards.
    const ok = await rawRequest(server.url, { method: 'GET', path: '/api/v1/labels', headers: auth() });
    expect(ok.status).toBe(200);
    expect(z.array(labelSchema).safeParse(JSON.parse(ok.body)).success).toBe(true);
  });
});
