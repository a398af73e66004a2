// The API's lean JSON body reader (server/http/json-body.ts) answers exactly as express.json()
// with the same options: two routes on one real server on port 0, one behind each, get the same
// random bodies (JSON values, BOMs, whitespace, invalid UTF-8, truncations, empty, over the limit)
// under random content types, and must agree on the parsed body or on the error's type and status.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiJsonBody, isJsonRequest } from '../server/http/json-body.ts';
import { rawRequest } from './helpers/raw-http.ts';

const SEED = Number(process.env.ASSAY_FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.ASSAY_FUZZ_RUNS ?? 300);
const LIMIT = 64 * 1024;

let server: Server;
let url: string;
/** Requests the lean reader handed to express.json(). */
let fallbacks = 0;

beforeAll(async () => {
  const reference = express.json({ limit: LIMIT, type: isJsonRequest, strict: false });
  const app = express();
  const answer = (req: Request, res: Response) => {
    res.json({ body: req.body === undefined ? '(undefined)' : req.body });
  };
  app.post(
    '/lean',
    apiJsonBody({
      limitBytes: LIMIT,
      fallback: (req, res, next) => {
        fallbacks++;
        return reference(req, res, next);
      },
    }),
    answer,
  );
  app.post('/reference', reference, answer);
  app.use((err: { type?: string; status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(err.status ?? 500).json({ error: err.type ?? 'unknown' });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const PLAIN_TYPES = ['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'application/json; charset="utf-8"'];
const OTHER_TYPES = [null, 'text/plain', 'application/problem+json', 'application/json; charset=utf-16le', 'application/json; charset=latin1', 'application/x-www-form-urlencoded'];

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8 = (s: string) => Buffer.from(s, 'utf8');

const body: fc.Arbitrary<Buffer> = fc.oneof(
  fc.jsonValue().map((v) => utf8(JSON.stringify(v))),
  fc.record({ name: fc.string(), content: fc.string({ unit: 'binary' }), extra: fc.jsonValue() }).map((v) => utf8(JSON.stringify(v))),
  fc.tuple(fc.jsonValue(), fc.constantFrom(' ', '\n\t ', '')).map(([v, ws]) => Buffer.concat([BOM, utf8(`${ws}${JSON.stringify(v)}${ws}`)])),
  fc.tuple(fc.jsonValue(), fc.nat()).map(([v, cut]) => {
    const text = utf8(JSON.stringify(v));
    return text.subarray(0, cut % (text.length + 1));
  }),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.concat([utf8('{"name":"'), Buffer.from(bytes), utf8('"}')])),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(Buffer.alloc(0), BOM, utf8('   '), utf8('null'), utf8('"s"'), utf8('\u0000')),
  // Bodies that arrive in several reads, within and over the limit.
  fc.tuple(fc.jsonValue(), fc.integer({ min: 1, max: LIMIT + 4096 })).map(([v, pad]) => utf8(`${' '.repeat(pad)}${JSON.stringify(v)}`)),
);

async function post(path: string, bytes: Buffer, type: string | null) {
  const res = await rawRequest(url, { method: 'POST', path, headers: type === null ? [] : [['Content-Type', type]], body: bytes });
  return { status: res.status, body: res.body };
}

describe('API JSON body reader', () => {
  it('parses and fails exactly as express.json() for random bodies and content types', async () => {
    let plain = 0;
    fallbacks = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...PLAIN_TYPES, ...OTHER_TYPES), async (bytes, type) => {
        if (type !== null && PLAIN_TYPES.includes(type) && bytes.length <= LIMIT) plain++;
        const [lean, reference] = [await post('/lean', bytes, type), await post('/reference', bytes, type)];
        expect(lean).toEqual(reference);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The lean path itself was exercised, not only its fallback.
    expect(plain).toBeGreaterThan(RUNS / 4);
    expect(fallbacks).toBe(RUNS - plain);
  });

  it('reads a body sent in several packets and answers its JSON', async () => {
    const value = { name: 'big.txt', content: 'é'.repeat(20_000) };
    const res = await post('/lean', utf8(JSON.stringify(value)), 'application/json');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ body: value });
  });
});
