// oneLayer: middlewares in one router layer answer as the router answers them in layers of their own.
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { oneLayer } from '../server/http/one-layer.ts';

type Handler = (req: Request, res: Response, next: NextFunction) => unknown;

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A real server whose path `/` runs `handlers` either as separate layers or as one; errors answer 500 with their message. */
async function answer(mode: 'layers' | 'one', handlers: Handler[]): Promise<string> {
  const app = express();
  if (mode === 'layers') app.get('/', ...handlers);
  else app.get('/', oneLayer(...handlers));
  app.use((_req: Request, res: Response) => res.status(404).send('not found'));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => res.status(500).send(`error: ${err instanceof Error ? err.message : String(err)}`));
  const server = app.listen(0);
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return `${res.status} ${await res.text()}`;
}

const mark = (name: string): Handler => (_req, res, next) => {
  res.locals.seen = `${(res.locals.seen as string | undefined) ?? ''}${name}`;
  next();
};
const reply: Handler = (_req, res) => res.send(`seen ${res.locals.seen as string}`);
const later = (f: () => void) => new Promise<void>((resolve) => setImmediate(() => { f(); resolve(); }));

const cases: Record<string, Handler[]> = {
  'in order': [mark('a'), mark('b'), reply],
  'next(err) skips the rest': [mark('a'), (_req, _res, next) => next(new Error('bad')), reply],
  'a throw skips the rest': [mark('a'), () => { throw new Error('thrown'); }, reply],
  'a throw after an asynchronous next': [(_req, _res, next) => void later(() => next()), () => { throw new Error('late throw'); }, reply],
  'a rejected promise': [mark('a'), async () => { throw new Error('rejected'); }, reply],
  'a promise rejected with nothing': [async () => Promise.reject(undefined), reply],
  'asynchronous next': [(_req, _res, next) => void later(() => next()), mark('x'), reply],
  'no next': [mark('a')].concat([(_req, res) => void res.status(204).end(), reply]),
  'past the last handler': [mark('a'), mark('b')],
};

describe('oneLayer', () => {
  for (const [name, handlers] of Object.entries(cases)) {
    it(`answers as separate layers do: ${name}`, async () => {
      const one = await answer('one', handlers);
      expect(one).toBe(await answer('layers', handlers));
      expect(one).not.toBe('');
    });
  }
  it('gives the expected answers (the comparison above is not vacuous)', async () => {
    expect(await answer('one', cases['in order']!)).toBe('200 seen ab');
    expect(await answer('one', cases['a throw after an asynchronous next']!)).toBe('500 error: late throw');
    expect(await answer('one', cases['a promise rejected with nothing']!)).toBe('500 error: Rejected promise');
    expect(await answer('one', cases['past the last handler']!)).toBe('404 not found');
  });
});
