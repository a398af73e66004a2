// Response headers for every answer: no sniffing, no framing, no caching of API data.
import type { NextFunction, Request, Response } from 'express';

const HEADERS: readonly (readonly [string, string])[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cache-Control', 'no-store'],
];

export function securityHeaders() {
  return (_req: Request, res: Response, next: NextFunction): void => {
    // setHeader, not res.set: plain strings need none of res.set's content-type handling, on every request.
    for (const [name, value] of HEADERS) res.setHeader(name, value);
    next();
  };
}
