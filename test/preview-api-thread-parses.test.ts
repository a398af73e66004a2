// A large POST /classify/preview body is kept for a classification worker; when it is parsed on
// the API's thread after all, `assay_preview_api_thread_parses_total` counts each parse, by
// reason: once when the key check fails (json-body.ts, bodyErrorsFirst: parsed to answer its 422
// first, never twice), once when the worker finds JSON that is not a plain body; never for a
// plain body with a good key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_RAW_FROM_BYTES } from '../server/app.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';
import { parsePrometheusText } from './helpers/prometheus-text.ts';

const TOKEN = 'prometheus-scrape-token-0123456789';
const METRIC = 'assay_preview_api_thread_parses_total';
const big = `${'Quarterly notes, nothing to report.\n'.repeat(2_000)}end`;
const usual = JSON.stringify({ name: 'big.txt', content: big });
const JSON_TYPE = { 'Content-Type': 'application/json' };

describe('large preview bodies parsed on the API thread', () => {
  let t: TestServer;
  let key: string;
  beforeAll(async () => {
    t = await startTestServer({ server: { metrics: { token: TOKEN } } });
    key = await t.workspaceWithKey('acme');
  });
  afterAll(() => t.close());

  const parses = async () => {
    const res = await fetch(`${t.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const exposition = parsePrometheusText(await res.text());
    return { key_check: exposition.sum(METRIC, { reason: 'key_check' }), not_plain: exposition.sum(METRIC, { reason: 'not_plain' }) };
  };

  it('counts one parse per request whose key check failed, one per body that is not plain, none otherwise', async () => {
    expect(Buffer.byteLength(usual)).toBeGreaterThanOrEqual(PREVIEW_RAW_FROM_BYTES);
    const preview = `${t.api}/classify/preview`;
    const badKey = `chk_${'A'.repeat(43)}`;
    // [what, request, status, parses by reason]
    const cases: [string, () => ReturnType<typeof call>, number, { key_check: number; not_plain: number }][] = [
      ['good key, plain', () => call(preview, { key, body: usual, headers: JSON_TYPE }), 200, { key_check: 0, not_plain: 0 }],
      ['good key, not JSON', () => call(preview, { key, body: usual.slice(0, -2), headers: JSON_TYPE }), 422, { key_check: 0, not_plain: 0 }],
      // The key is refused after its lookup: the body is parsed before the failure is counted, and not again.
      ['bad key', () => call(preview, { key: badKey, body: usual, headers: JSON_TYPE }), 401, { key_check: 1, not_plain: 0 }],
      ['bad key, not JSON', () => call(preview, { key: badKey, body: usual.slice(0, -2), headers: JSON_TYPE }), 422, { key_check: 1, not_plain: 0 }],
      ['no key', () => call(preview, { body: usual, headers: JSON_TYPE }), 401, { key_check: 1, not_plain: 0 }],
      ['good key, not plain', () => call(preview, { key, json: { name: '', content: big } }), 422, { key_check: 0, not_plain: 1 }],
    ];
    for (const [what, send, status, counted] of cases) {
      const before = await parses();
      expect((await send()).status, what).toBe(status);
      const after = await parses();
      expect({ key_check: after.key_check - before.key_check, not_plain: after.not_plain - before.not_plain }, what).toEqual(counted);
    }
  });
});
