// 422 in the FastAPI detail-list shape, 413 over the body limit, and never a 500 or HTML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

let t: TestServer;
let key: string;
beforeAll(async () => {
  t = await startTestServer({ limits: { body_bytes: 64 * 1024, content_chars: 8 * 1024 } });
  key = await t.workspaceWithKey('acme');
});
afterAll(() => t.close());

type Detail = { loc: (string | number)[]; msg: string; type: string }[];
const detailOf = (body: unknown) => (body as { detail: Detail }).detail;
const classify = (json: unknown) => call(`${t.api}/classify`, { key, json });
const assetCount = async () => (await t.repo.getWorkspaceByName('acme'))!.asset_count;

describe('request validation', () => {
  it('422 for a missing name, one entry naming the field', async () => {
    const res = await classify({ content: 'x' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ detail: [{ loc: ['body', 'name'], msg: 'Field required', type: 'missing' }], code: 'validation_error' });
  });

  it('422 with one entry per bad field for wrong types', async () => {
    const res = await classify({ name: 42, asset_type: ['doc'], content: { text: 'x' } });
    expect(res.status).toBe(422);
    const detail = detailOf(res.body);
    expect(detail.map((d) => d.loc)).toEqual([
      ['body', 'name'],
      ['body', 'asset_type'],
      ['body', 'content'],
    ]);
    expect(detail.every((d) => d.type === 'string_type' && d.msg === 'Input should be a valid string')).toBe(true);
  });

  it('422 for an empty or too long name, and content over the limit', async () => {
    expect(detailOf((await classify({ name: '' })).body)[0]).toMatchObject({ loc: ['body', 'name'], type: 'string_too_short' });
    expect(detailOf((await classify({ name: 'n'.repeat(1025) })).body)[0]).toMatchObject({ loc: ['body', 'name'], type: 'string_too_long' });
    expect((await classify({ name: 'n'.repeat(1024) })).status).toBe(201);
    expect(detailOf((await classify({ name: 'big', content: 'c'.repeat(8 * 1024 + 1) })).body)[0]).toMatchObject({ loc: ['body', 'content'], type: 'string_too_long' });
  });

  it('422 for an unknown source, and for sources only the server may use', async () => {
    for (const source of ['email', 'manual', 'csv', 7]) {
      const res = await classify({ name: 'x', source });
      expect(res.status, String(source)).toBe(422);
      expect(detailOf(res.body)[0]).toMatchObject({ loc: ['body', 'source'] });
    }
  });

  it('422 for malformed JSON, a non-object body and a missing body; never 500', async () => {
    for (const body of ['{"name": "x",', '{name: x}', '\u0000', '[1,2]', '"just a string"', 'null', '42']) {
      const res = await call(`${t.api}/classify`, { key, body, headers: { 'Content-Type': 'application/json' } });
      expect(res.status, body).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(Array.isArray(detailOf(res.body))).toBe(true);
    }
    const form = await call(`${t.api}/classify`, { key, body: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(422);
    expect(detailOf(form.body)).toEqual([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
    expect(await assetCount()).toBe(1);
  });

  it('413 with the limit in the detail for an oversized body', async () => {
    const res = await classify({ name: 'huge', content: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ detail: 'Request body larger than the limit of 65536 bytes', code: 'payload_too_large' });
  });

  it('422 for limit=0, limit=501, non-integers and repeated parameters', async () => {
    for (const qs of ['limit=0', 'limit=501', 'limit=abc', 'limit=1.5', 'limit=-1', 'limit=1&limit=2', 'source=ftp', 'q=', 'cursor=nonsense']) {
      const res = await call(`${t.api}/assets?${qs}`, { key });
      expect(res.status, qs).toBe(422);
      expect(detailOf(res.body)[0]!.loc[0]).toBe('query');
    }
    expect(detailOf((await call(`${t.api}/assets?limit=0`, { key })).body)[0]).toEqual({
      loc: ['query', 'limit'],
      msg: 'Input should be greater than or equal to 1',
      type: 'greater_than_equal',
    });
    expect(detailOf((await call(`${t.api}/assets?limit=501`, { key })).body)[0]).toMatchObject({ type: 'less_than_equal' });
    expect((await call(`${t.api}/assets?limit=500`, { key })).status).toBe(200);
  });

  it('422 for a non-numeric asset id, 404 for an unknown one', async () => {
    expect((await call(`${t.api}/assets/abc`, { key })).status).toBe(422);
    expect((await call(`${t.api}/assets/0`, { key })).status).toBe(422);
    const res = await call(`${t.api}/assets/999999`, { key });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not found', code: 'not_found' });
  });

  it('400 JSON, not 500, for a URL the router cannot decode', async () => {
    const res = await call(`${t.api}/assets/%E0%A4%A`, { key });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'Malformed request', code: 'bad_request' });
  });

  it('404 JSON for unknown routes and methods, with no framework fingerprint', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', '/api/v1/nope'],
      ['DELETE', '/api/v1/labels'],
    ] as const) {
      const res = await call(`${t.url}${path}`, { key, method });
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({ detail: 'Not found', code: 'not_found' });
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.text).not.toMatch(/<html|<pre|at .*\.ts/i);
    }
  });
});
