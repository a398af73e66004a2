// Console sign-in and sign-out: an admin key is exchanged for a session cookie (only its hash is
// stored) and a CSRF token derived from it; sign-out deletes the session and clears the cookie.
import type { Request, Response } from 'express';
import { signInRequestSchema } from '../../shared/api/admin-schemas.ts';
import { CsrfError, ForbiddenError, InvalidApiKeyError, WorkspaceSuspendedError } from '../../shared/errors.ts';
import { apiTimestamp } from '../../lib/clock.ts';
import { API_KEY_PATTERN, hashApiKey } from '../auth/api-key.ts';
import { authOf, clientAddress, type KeyAuthDeps, verifyApiKey } from '../auth/api-key-auth.ts';
import type { AuditTrail } from '../services/audit-trail.ts';
import { bodyOf, validate } from '../http/validation.ts';
import { consoleOf } from './console-auth.ts';
import { clearSessionCookie, csrfTokenFor, generateSessionToken, hashSessionToken, sameOrigin, setSessionCookie } from './console-session.ts';
import { keyOrigin, requestOrigin } from './request-origin.ts';

type SessionDeps = KeyAuthDeps & { audit: AuditTrail };

/**
 * Records a refused sign-in in the log of the workspace the presented key belongs to: a revoked
 * key, an `api` key, a suspended workspace. A key that is no workspace's is only counted by the
 * failed-attempt limiter: there is no workspace to record it in.
 */
async function recordFailedSignIn(deps: SessionDeps, req: Request, presented: string, err: unknown): Promise<void> {
  let reason: string;
  if (err instanceof InvalidApiKeyError) reason = 'invalid or revoked key';
  else if (err instanceof ForbiddenError) reason = 'not an admin key';
  else if (err instanceof WorkspaceSuspendedError) reason = 'workspace suspended';
  else return;
  const found = API_KEY_PATTERN.test(presented) ? await deps.repo.findApiKeyByHash(hashApiKey(presented)) : undefined;
  if (!found) return;
  if (found.key.revoked_at !== null) reason = 'revoked key';
  await deps.audit.record({ workspace_id: found.workspace.id, action: 'console.sign_in_failed', ...keyOrigin(req, found.key), target: null, changes: { reason } });
}

/**
 * POST /sessions. A bad key answers exactly as the API does (InvalidApiKeyError, counted by the
 * failed-attempt limiter); an `api` key is refused with 403.
 */
export function signInHandler(deps: SessionDeps & { sessionHours: number }) {
  const { repo, clock } = deps;
  const admitted = async (req: Request, key: string) => {
    const found = await verifyApiKey(deps, clientAddress(req), key);
    if (found.key.role !== 'admin') throw new ForbiddenError('Only keys with the admin role can sign in to the console');
    if (found.workspace.suspended) throw new WorkspaceSuspendedError();
    return found;
  };
  return async (req: Request, res: Response): Promise<void> => {
    if (!sameOrigin(req)) throw new CsrfError();
    const { key } = validate(signInRequestSchema, bodyOf(req), 'body');
    const found = await admitted(req, key).catch(async (err: unknown) => {
      await recordFailedSignIn(deps, req, key, err);
      throw err;
    });
    const { token, hash: tokenHash } = generateSessionToken();
    const created = clock.now();
    const lifetimeSeconds = Math.round(deps.sessionHours * 3600);
    const expires_at = apiTimestamp(new Date(created.getTime() + lifetimeSeconds * 1000));
    await repo.createSession({ token_hash: tokenHash, workspace_id: found.workspace.id, key_id: found.key.id, created_at: apiTimestamp(created), expires_at });
    await repo.touchApiKey(found.key.id, apiTimestamp(created));
    await deps.audit.record({ workspace_id: found.workspace.id, action: 'console.signed_in', ...keyOrigin(req, found.key), target: null, changes: { expires_at } });
    setSessionCookie(req, res, token, lifetimeSeconds);
    res.status(201).json({ workspace: found.workspace.name, key_name: found.key.name, expires_at, csrf_token: csrfTokenFor(token) });
  };
}

/** Deletes the request's session (if it came with one, not with an admin X-API-Key) and clears the cookie either way. */
export async function endCurrentSession(deps: Pick<SessionDeps, 'repo' | 'audit'>, req: Request, res: Response): Promise<void> {
  if (res.locals.console) {
    await deps.repo.deleteSession(hashSessionToken(consoleOf(res).sessionToken));
    await deps.audit.record({ workspace_id: authOf(res).workspace.id, action: 'console.signed_out', ...requestOrigin(req, res), target: null });
  }
  clearSessionCookie(req, res);
}

/** DELETE /sessions/current, behind the admin auth. */
export function signOutHandler(deps: Pick<SessionDeps, 'repo' | 'audit'>) {
  return async (req: Request, res: Response): Promise<void> => {
    await endCurrentSession(deps, req, res);
    res.status(204).end();
  };
}
