// Strong ETags over a JSON body, with If-None-Match answered by 304.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

function matches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

export function sendJsonWithEtag(req: Request, res: Response, value: unknown): void {
  const body = JSON.stringify(value);
  const etag = etagOf(body);
  res.set('ETag', etag);
  const inm = req.get('if-none-match');
  if (inm && matches(inm, etag)) {
    res.status(304).end();
    return;
  }
  res.type('application/json').send(body);
}
