// appBornMessages: requests and responses are born with the Express app's prototypes, so that
// app.handle's Object.setPrototypeOf changes nothing, and Express's helpers still work on them.
import diagnostics from 'node:diagnostics_channel';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, expect, it } from 'vitest';
import { appBornMessages } from '../server/http/app-born-messages.ts';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

it('hands Express requests and responses that already have its prototypes, and its helpers work', async () => {
  const app = express();
  app.get('/x', (req, res) => {
    res.json({ header: req.get('x-probe'), app: req.app === app, instances: req instanceof IncomingMessage && res instanceof ServerResponse });
  });
  const server = createServer(appBornMessages(app), app);
  const born: boolean[] = [];
  server.prependListener('request', (req, res) => born.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response));
  server.listen(0);
  closers.push(() => server.close());
  await new Promise((resolve) => server.once('listening', resolve));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, { headers: { 'x-probe': 'p' } });
  expect(await res.json()).toEqual({ header: 'p', app: true, instances: true });
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(born).toEqual([true]);
});

it('is how the real server makes its requests and responses', async () => {
  const { startTestServer } = await import('./helpers/test-server.ts');
  const t = await startTestServer();
  closers.push(() => void t.close());
  const seen: string[] = [];
  const record = (message: unknown) => {
    const { request, response } = message as { request: object; response: object };
    seen.push(`${Object.getPrototypeOf(request).constructor.name} ${Object.getPrototypeOf(response).constructor.name}`);
  };
  // Published by node:http as a request arrives, before the app sees it: the classes the server made it with.
  diagnostics.subscribe('http.server.request.start', record);
  try {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  } finally {
    diagnostics.unsubscribe('http.server.request.start', record);
  }
  expect(seen).toEqual(['AppRequest AppResponse']);
});
