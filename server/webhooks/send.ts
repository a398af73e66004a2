// One delivery attempt: a POST of the event with its signature, bounded by a total timeout, over
// a fresh connection whose address is checked (url-guard.ts). Every outcome becomes a result:
// the answer's status, or the error that stopped it (never thrown).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup, refusedLiteralHost } from './url-guard.ts';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };

export interface SendOptions {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly allowPrivate: boolean;
  readonly timers: Timers;
}

export interface SendResult {
  readonly status: number | null;
  readonly error: string | null;
}

export interface Sending {
  readonly result: Promise<SendResult>;
  /** Stops the attempt (server closing); the result then reports why. */
  abort(reason: string): void;
}

export function sendEvent(o: SendOptions): Sending {
  let abort: (reason: string) => void = () => undefined;
  const result = new Promise<SendResult>((resolve) => {
    const url = new URL(o.url);
    if (refusedLiteralHost(url, o.allowPrivate)) return resolve({ status: null, error: 'refused: the address is not public' });
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (r: SendResult) => {
      if (settled) return;
      settled = true;
      o.timers.clearTimeout(timer);
      resolve(r);
    };
    const req = request(url, {
      method: 'POST',
      agent: false,
      lookup: guardedLookup(o.allowPrivate),
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(o.body)), ...o.headers },
    });
    const timer = o.timers.setTimeout(() => {
      finish({ status: null, error: `timeout: no complete answer within ${o.timeoutMs} ms` });
      req.destroy();
    }, o.timeoutMs);
    abort = (reason) => {
      finish({ status: null, error: reason });
      req.destroy();
    };
    req.on('response', (res) => {
      res.on('error', () => undefined);
      res.on('end', () => finish({ status: res.statusCode ?? null, error: null }));
      res.resume();
    });
    req.on('error', (err: NodeJS.ErrnoException) => finish({ status: null, error: err.code ? `${err.code}: ${err.message}` : err.message }));
    req.end(o.body);
  });
  return { result, abort: (reason) => abort(reason) };
}
