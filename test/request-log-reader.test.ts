// The request log line says which reader read the body (`reader`, json-body.ts BodyReaderName):
// the API's own reader, express.json() for what it falls back on (also when its parse fails), a
// classification worker for a large POST /classify/preview body (by its name/content reader or
// JSON.parse, and `+json` when the body is then parsed again on the API's thread), busboy for
// POST /classify/file; none when no body was read, and none for the admin routes, which read
// their bodies with their own express.json(). Every line holds only the request line's fields
// (their exact set through the production logger: request-log-line.test.ts).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_RAW_FROM_BYTES } from '../server/app.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';
import { waitFor } from './helpers/wait-for.ts';

const big = `${'Quarterly notes, nothing to report.\n'.repeat(2_000)}end`;
const JSON_TYPE = { 'Content-Type': 'application/json' };
/** pino's own fields, then the request line's (request-logger.ts). */
const LINE_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'req_id', 'method', 'path', 'status', 'ms', 'workspace', 'key_prefix', 'reader']);

/** POSTs `body` chunked (no Content-Length), which the API's reader leaves to express.json(). */
function postChunked(url: string, key: string, body: string): Promise<{ status: number; headers: Headers }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key, 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: new Headers({ 'x-request-id': String(res.headers['x-request-id']) }) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the request log line: reader', () => {
  let t: TestServer;
  let key: string;
  beforeAll(async () => {
    t = await startTestServer();
    key = await t.workspaceWithKey('acme');
  });
  afterAll(() => t.close());

  const lineOf = (id: string | null) => waitFor(() => t.logs.find((l) => l.msg === 'request' && l.req_id === id), `the log line of ${id}`, 5_000, 5);

  it('names the reader of each body, and is absent when none was read', async () => {
    const preview = `${t.api}/classify/preview`;
    const usual = JSON.stringify({ name: 'big.txt', content: big });
    expect(Buffer.byteLength(usual)).toBeGreaterThanOrEqual(PREVIEW_RAW_FROM_BYTES);
    const upload = () => {
      const form = new FormData();
      form.append('file', new Blob(['hello']), 'a.txt');
      return fetch(`${t.api}/classify/file`, { method: 'POST', headers: { 'X-API-Key': key }, body: form });
    };
    // One at a time: [what, request, status, reader].
    const cases: [string, () => Promise<{ status: number; headers: Headers }>, number, string | undefined][] = [
      ['small, plain JSON', () => call(`${t.api}/classify`, { key, json: { name: 'a.txt', content: 'hello' } }), 201, 'json'],
      ['small, not JSON', () => call(`${t.api}/classify`, { key, body: '{"name"', headers: JSON_TYPE }), 422, 'json'],
      ['chunked, plain JSON', () => postChunked(`${t.api}/classify`, key, JSON.stringify({ name: 'c.txt', content: 'hello' })), 201, 'express.json'],
      ['chunked, not JSON', () => postChunked(`${t.api}/classify`, key, '{"name"'), 422, 'express.json'],
      ['large, the usual shape', () => call(preview, { key, body: usual, headers: JSON_TYPE }), 200, 'worker_fast'],
      ['large, another key order', () => call(preview, { key, body: JSON.stringify({ content: big, name: 'big.txt' }), headers: JSON_TYPE }), 200, 'worker_parse'],
      ['large, not JSON, good key', () => call(preview, { key, body: usual.slice(0, -2), headers: JSON_TYPE }), 422, 'worker_parse'],
      // JSON that is not a plain body: read in the worker, then parsed again here for the schema.
      ['large, the usual shape, empty name', () => call(preview, { key, json: { name: '', content: big } }), 422, 'worker_fast+json'],
      ['large, not plain', () => call(preview, { key, json: { name: 'big.txt', content: big, source: 'manual' } }), 422, 'worker_parse+json'],
      ['large, bad key', () => call(preview, { key: `chk_${'A'.repeat(43)}`, body: usual, headers: JSON_TYPE }), 401, 'json'],
      ['a file upload', upload, 201, 'multipart'],
      ['no body', () => call(`${t.api}/assets`, { key }), 200, undefined],
      ['an admin route, JSON body', () => call(`${t.api}/admin/sessions`, { json: { key: 'not-a-key' } }), 401, undefined],
    ];
    for (const [what, send, status, reader] of cases) {
      const res = await send();
      expect(res.status, what).toBe(status);
      const line = await lineOf(res.headers.get('x-request-id'));
      expect(line.reader, what).toBe(reader);
      expect(Object.keys(line).filter((k) => !LINE_FIELDS.has(k)), what).toEqual([]);
    }
  });
});
