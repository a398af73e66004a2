// The request log line says which reader read the body (`reader`, json-body.ts BodyReaderName):
// the API's own reader, express.json() for what it falls back on, or a classification worker for
// a large POST /classify/preview body (by its name/content reader or JSON.parse); none when no
// body was read.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_RAW_FROM_BYTES } from '../server/app.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';
import { waitFor } from './helpers/wait-for.ts';

const big = `${'Quarterly notes, nothing to report.\n'.repeat(2_000)}end`;
const JSON_TYPE = { 'Content-Type': 'application/json' };

/** POSTs `body` chunked (no Content-Length), which the API's reader leaves to express.json(). */
function postChunked(url: string, key: string, body: string): Promise<{ status: number; id: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key, 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, id: String(res.headers['x-request-id']) }));
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

  const readerOf = async (id: string | null) => {
    const line = await waitFor(() => t.logs.find((l) => l.msg === 'request' && l.req_id === id), `the log line of ${id}`, 5_000, 5);
    return line.reader;
  };

  it('names the reader of each body, and is absent when none was read', async () => {
    const preview = `${t.api}/classify/preview`;
    const cases: [string, Promise<{ status: number; headers: Headers }>, unknown][] = [
      ['small, plain JSON', call(`${t.api}/classify`, { key, json: { name: 'a.txt', content: 'hello' } }), 'json'],
      ['small, not JSON', call(`${t.api}/classify`, { key, body: '{"name"', headers: JSON_TYPE }), 'json'],
      ['large, the usual shape', call(preview, { key, json: { name: 'big.txt', content: big } }), 'worker_fast'],
      ['large, another key order', call(preview, { key, body: JSON.stringify({ content: big, name: 'big.txt' }), headers: JSON_TYPE }), 'worker_parse'],
      ['large, not plain', call(preview, { key, json: { name: 'big.txt', content: big, source: 'manual' } }), 'worker_parse'],
      ['large, not JSON, good key', call(preview, { key, body: JSON.stringify({ name: 'big.txt', content: big }).slice(0, -2), headers: JSON_TYPE }), 'worker_parse'],
      ['large, bad key', call(preview, { key: `chk_${'A'.repeat(43)}`, json: { name: 'big.txt', content: big } }), 'json'],
      ['no body', call(`${t.api}/assets`, { key }), undefined],
    ];
    for (const [what, pending, reader] of cases) {
      const res = await pending;
      expect(await readerOf(res.headers.get('x-request-id')), `${what} (${res.status})`).toBe(reader);
    }
    expect(Buffer.byteLength(JSON.stringify({ name: 'big.txt', content: big }))).toBeGreaterThanOrEqual(PREVIEW_RAW_FROM_BYTES);
    const chunked = await postChunked(`${t.api}/classify`, key, JSON.stringify({ name: 'c.txt', content: 'hello' }));
    expect(chunked.status).toBe(201);
    expect(await readerOf(chunked.id)).toBe('express.json');
  });
});
