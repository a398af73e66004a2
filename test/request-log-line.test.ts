// The one log line per request (server/http/request-logger.ts) through the production logger
// (lib/logger.ts, redaction configured): exactly its fields, and nothing from headers or body.
// Every value of `reader` through a real server, with the same fields: request-log-reader.test.ts.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/logger.ts';
import { apiJsonBody, isJsonRequest } from '../server/http/json-body.ts';
import { requestLogger } from '../server/http/request-logger.ts';

let server: Server;
let url: string;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = express();
  app.use(requestLogger(createLogger({ level: 'info', destination })));
  // The API's own body reader (json-body.ts) with express.json() as its fallback, as the server mounts them, so the line carries `reader`.
  app.post('/api/v1/classify', apiJsonBody({ limitBytes: 1 << 20, fallback: express.json({ type: isJsonRequest, strict: false }) }), (_req, res) => {
    res.locals.auth = { workspace: { name: 'acme' }, key: { prefix: 'chk_abcdefgh' } };
    res.status(201).json({ ok: true });
  });
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function lineFor(res: Response): Promise<Record<string, unknown>> {
  const id = res.headers.get('x-request-id');
  for (let i = 0; i < 100 && !lines.some((l) => l.req_id === id); i++) await new Promise((r) => setTimeout(r, 10));
  const found = lines.filter((l) => l.req_id === id);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('request log line', () => {
  it('has exactly its fields, with the workspace and key prefix of an authenticated request', async () => {
    const secret = `chk_${'s'.repeat(43)}`;
    const res = await fetch(`${url}/api/v1/classify?token=abc`, { method: 'POST', headers: { 'x-api-key': secret, 'content-type': 'application/json' }, body: '{"content":"secret text"}' });
    const line = await lineFor(res);
    expect(Object.keys(line).sort()).toEqual(['key_prefix', 'level', 'method', 'ms', 'msg', 'name', 'path', 'pid', 'reader', 'req_id', 'status', 'time', 'workspace']);
    expect(line).toMatchObject({ level: 30, name: 'assay', pid: process.pid, method: 'POST', path: '/api/v1/classify', status: 201, workspace: 'acme', key_prefix: 'chk_abcdefgh', reader: 'json', msg: 'request' });
    expect(typeof line.ms).toBe('number');
    expect(JSON.stringify(line)).not.toMatch(/secret|token/);
  });

  it('names the fallback reader of a chunked body, with the same fields', async () => {
    const secret = `chk_${'s'.repeat(43)}`;
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"content":"secret text"}'));
        controller.close();
      },
    });
    const res = await fetch(`${url}/api/v1/classify`, { method: 'POST', headers: { 'x-api-key': secret, 'content-type': 'application/json' }, body: chunked, duplex: 'half' } as RequestInit);
    const line = await lineFor(res);
    expect(Object.keys(line).sort()).toEqual(['key_prefix', 'level', 'method', 'ms', 'msg', 'name', 'path', 'pid', 'reader', 'req_id', 'status', 'time', 'workspace']);
    expect(line).toMatchObject({ status: 201, reader: 'express.json' });
    expect(JSON.stringify(line)).not.toMatch(/secret/);
  });

  it('leaves out the workspace and key prefix when no key was checked', async () => {
    const line = await lineFor(await fetch(`${url}/healthz`));
    expect(Object.keys(line).sort()).toEqual(['level', 'method', 'ms', 'msg', 'name', 'path', 'pid', 'req_id', 'status', 'time']);
  });
});
