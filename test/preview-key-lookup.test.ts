// POST /classify/preview with a large body starts its key lookup as the headers arrive, while the
// body is still on its way (api-key-auth.ts, prefetch; json-body.ts, onRawBody), and the key
// check takes that lookup's answer instead of looking up again.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_RAW_FROM_BYTES } from '../server/app.ts';
import type { Repository } from '../server/storage/repository.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';
import { waitFor } from './helpers/wait-for.ts';

const SENSITIVE = 'Payment to IBAN DE89370400440532013000.\n';
const body = Buffer.from(JSON.stringify({ name: 'big.txt', content: `${SENSITIVE}${'Quarterly notes, nothing to report.\n'.repeat(4_000)}` }));

/** Sends `first`, waits for `between`, then sends `rest` of one request; resolves with its status and answer. */
function postInTwoParts(url: string, key: string, first: Buffer, rest: Buffer, between: () => Promise<void>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': first.length + rest.length, 'x-api-key': key } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as unknown }));
    });
    req.on('error', reject);
    req.flushHeaders();
    req.write(first);
    between().then(
      () => req.end(rest),
      (err: unknown) => {
        req.destroy();
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

describe('POST /api/v1/classify/preview: the key lookup of a large body', () => {
  let t: TestServer;
  let key: string;
  /** Each findApiKeyByHash call the server made, in order. */
  const lookups: number[] = [];
  beforeAll(async () => {
    t = await startTestServer({
      wrapRepo: (repo) =>
        new Proxy(repo, {
          get(target, prop, receiver) {
            const value = Reflect.get(target, prop, receiver) as unknown;
            if (prop !== 'findApiKeyByHash' || typeof value !== 'function') return value;
            return (...args: unknown[]) => {
              lookups.push(lookups.length);
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        }) as Repository,
    });
    key = await t.workspaceWithKey('acme');
  });
  afterAll(() => t.close());

  it('starts while the body is still arriving, and is not made again when it has arrived', async () => {
    expect(body.length).toBeGreaterThanOrEqual(PREVIEW_RAW_FROM_BYTES);
    const before = lookups.length;
    const half = body.length >> 1;
    // The second half is sent only once the lookup has been made: without the early lookup, the
    // server waits for the body and the lookup never comes.
    const r = await postInTwoParts(`${t.api}/classify/preview`, key, body.subarray(0, half), body.subarray(half), () => waitFor(() => lookups.length > before, 'the key lookup before the body has arrived', 5_000, 5).then(() => undefined));
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).toContain('DE89');
    expect(lookups.length - before).toBe(1);
    // The same answer as a body sent at once.
    const whole = await call(`${t.api}/classify/preview`, { key, body: body.toString(), headers: { 'Content-Type': 'application/json' } });
    expect(whole.body).toEqual(r.body);
  });

  it('refuses a bad key with a large body as before: 401, and 422 for a body that is not JSON', async () => {
    const bad = `chk_${'A'.repeat(43)}`;
    const r = await call(`${t.api}/classify/preview`, { key: bad, body: body.toString(), headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(401);
    const broken = await call(`${t.api}/classify/preview`, { key: bad, body: body.toString().slice(0, -2), headers: { 'Content-Type': 'application/json' } });
    expect(broken.status).toBe(422);
  });
});
