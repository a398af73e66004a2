// Console sessions: an admin key is exchanged for a random session token kept in an HttpOnly
// cookie. Only the token's SHA-256 is stored; the CSRF token is derived from the session token,
// so a page can carry it without the database holding a second secret.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'assay_session';

export interface NewSessionToken {
  readonly token: string;
  readonly hash: Buffer;
}

export function hashSessionToken(token: string): Buffer {
  return createHash('sha256').update(`session\0${token}`, 'utf8').digest();
}

export function generateSessionToken(): NewSessionToken {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSessionToken(token) };
}

export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf\0${sessionToken}`, 'utf8').digest('base64url');
}

export function csrfMatches(sessionToken: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The session token from the Cookie header, if it looks like one. */
export function sessionTokenOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
  }
  return undefined;
}

function cookieAttributes(req: Request, maxAgeSeconds: number): string {
  const secure = req.secure ? '; Secure' : '';
  return `Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

export function setSessionCookie(req: Request, res: Response, token: string, maxAgeSeconds: number): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=${token}; ${cookieAttributes(req, maxAgeSeconds)}`);
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=; ${cookieAttributes(req, 0)}`);
}

/**
 * False when the request names an Origin that is not this server (a cross-site form or fetch).
 * Scheme, host and port are compared as Express sees them, so behind a reverse proxy (with
 * `trust_proxy`) the forwarded protocol and host count.
 */
export function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (origin === undefined) return true;
  try {
    return new URL(origin).origin === `${req.protocol}://${req.host}`;
  } catch {
    return false;
  }
}
