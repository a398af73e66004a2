// Console sign-in and sign-out: an admin key is exchanged for a session cookie (only its hash is
// stored) and a CSRF token derived from it; sign-out deletes the session and clears the cookie.
import type { Request, Response } from 'express';
import { signInRequestSchema } from '../../shared/api/admin-schemas.ts';
import { CsrfError, ForbiddenError, WorkspaceSuspendedError } from '../../shared/errors.ts';
import { apiTimestamp } from '../../lib/clock.ts';
import { clientAddress, type KeyAuthDeps, verifyApiKey } from '../auth/api-key-auth.ts';
import { bodyOf, validate } from '../http/validation.ts';
import { consoleOf } from './console-auth.ts';
import { clearSessionCookie, csrfTokenFor, generateSessionToken, hashSessionToken, sameOrigin, setSessionCookie } from './console-session.ts';

/**
 * POST /sessions. A bad key answers exactly as the API does (InvalidApiKeyError, counted by the
 * failed-attempt limiter); an `api` key is refused with 403.
 */
export function signInHandler(deps: KeyAuthDeps & { sessionHours: number }) {
  const { repo, clock } = deps;
  return async (req: Request, res: Response): Promise<void> => {
    if (!sameOrigin(req)) throw new CsrfError();
    const { key } = validate(signInRequestSchema, bodyOf(req), 'body');
    const found = await verifyApiKey(deps, clientAddress(req), key);
    if (found.key.role !== 'admin') throw new ForbiddenError('Only keys with the admin role can sign in to the console');
    if (found.workspace.suspended) throw new WorkspaceSuspendedError();
    const { token, hash: tokenHash } = generateSessionToken();
    const created = clock.now();
    const lifetimeSeconds = Math.round(deps.sessionHours * 3600);
    const expires_at = apiTimestamp(new Date(created.getTime() + lifetimeSeconds * 1000));
    await repo.createSession({ token_hash: tokenHash, workspace_id: found.workspace.id, key_id: found.key.id, created_at: apiTimestamp(created), expires_at });
    await repo.touchApiKey(found.key.id, apiTimestamp(created));
    setSessionCookie(req, res, token, lifetimeSeconds);
    res.status(201).json({ workspace: found.workspace.name, key_name: found.key.name, expires_at, csrf_token: csrfTokenFor(token) });
  };
}

/** Deletes the request's session (if it came with one, not with an admin X-API-Key) and clears the cookie either way. */
export async function endCurrentSession(repo: KeyAuthDeps['repo'], req: Request, res: Response): Promise<void> {
  if (res.locals.console) await repo.deleteSession(hashSessionToken(consoleOf(res).sessionToken));
  clearSessionCookie(req, res);
}

/** DELETE /sessions/current, behind the admin auth. */
export function signOutHandler(deps: Pick<KeyAuthDeps, 'repo'>) {
  return async (req: Request, res: Response): Promise<void> => {
    await endCurrentSession(deps.repo, req, res);
    res.status(204).end();
  };
}
