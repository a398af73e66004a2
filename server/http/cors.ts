// CORS, off unless configured: only origins listed in `server.cors_origins` get the
// Access-Control-* headers, and only they get an answer to a preflight. Everyone else sees no CORS
// header at all, so browsers keep other sites' pages from reading the API.
import type { NextFunction, Request, Response } from 'express';

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const ALLOWED_HEADERS = 'X-API-Key, Content-Type, If-None-Match';
const EXPOSED_HEADERS = 'ETag, Link, Retry-After';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export function cors(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.get('origin');
    if (allowed.size > 0) res.vary('Origin');
    if (origin === undefined || !allowed.has(origin)) {
      next();
      return;
    }
    res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED_HEADERS });
    if (req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined) {
      res.set({
        'Access-Control-Allow-Methods': ALLOWED_METHODS,
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
      });
      res.status(204).end();
      return;
    }
    next();
  };
}
