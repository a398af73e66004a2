// Who may use the console and /api/v1/admin: an admin key in X-API-Key, or a console session
// cookie (with its CSRF token on every state-changing request). Both leave the same AuthContext
// in res.locals.auth that the ordinary API's routes read, so those routes can be reused here.
import type { NextFunction, Request, Response } from 'express';
import { CsrfError, ForbiddenError, NotSignedInError, WorkspaceSuspendedError } from '../../shared/errors.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import { apiKeyAuth, authOf, type AuthContext, type KeyAuthDeps } from '../auth/api-key-auth.ts';
import type { Repository } from '../storage/repository.ts';
import { csrfMatches, csrfTokenFor, hashSessionToken, sameOrigin, sessionTokenOf } from './console-session.ts';

export interface ConsoleContext {
  readonly csrfToken: string;
  readonly keyName: string;
  readonly sessionToken: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request's session cookie and its unexpired session; undefined when there is none or it is no longer valid. */
export async function findCurrentSession(req: Request, repo: Repository, clock: Clock) {
  const token = sessionTokenOf(req);
  if (!token) return undefined;
  const found = await repo.findSession(hashSessionToken(token), apiTimestamp(clock.now()));
  return found && { token, ...found };
}

/**
 * The session as an AuthContext; undefined without a valid one. A session of a suspended
 * workspace is refused (WorkspaceSuspendedError), on pages as on the admin API.
 */
async function sessionAuth(req: Request, repo: Repository, clock: Clock): Promise<(AuthContext & { console: ConsoleContext }) | undefined> {
  const found = await findCurrentSession(req, repo, clock);
  if (!found) return undefined;
  const { token } = found;
  if (found.workspace.suspended) throw new WorkspaceSuspendedError();
  return { key: found.key, workspace: found.workspace, console: { csrfToken: csrfTokenFor(token), keyName: found.key.name, sessionToken: token } };
}

/** Throws CsrfError unless a state-changing request carries the session's CSRF token and comes from this origin. */
export function checkCsrf(req: Request, ctx: ConsoleContext): void {
  if (SAFE_METHODS.has(req.method)) return;
  const body = req.body as Record<string, unknown> | undefined;
  const presented = req.get('x-csrf-token') ?? (typeof body === 'object' && body !== null ? body._csrf : undefined);
  if (!sameOrigin(req) || !csrfMatches(ctx.sessionToken, presented)) throw new CsrfError();
}

/** /api/v1/admin: an admin X-API-Key, or a session (plus CSRF for changes). */
export function adminApiAuth(deps: KeyAuthDeps) {
  const byKey = apiKeyAuth(deps);
  return async function authenticateAdmin(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (req.get('x-api-key') !== undefined) {
      await byKey(req, res, () => undefined);
      if (authOf(res).key.role !== 'admin') throw new ForbiddenError();
      return next();
    }
    const session = await sessionAuth(req, deps.repo, deps.clock);
    if (!session) throw new NotSignedInError();
    checkCsrf(req, session.console);
    res.locals.auth = { key: session.key, workspace: session.workspace } satisfies AuthContext;
    res.locals.console = session.console;
    next();
  };
}

/** Console pages: a session, or a redirect to the sign-in page. */
export function consolePageAuth(deps: { repo: Repository; clock: Clock }) {
  return async function authenticatePage(req: Request, res: Response, next: NextFunction): Promise<void> {
    const session = await sessionAuth(req, deps.repo, deps.clock);
    if (!session) {
      res.redirect(303, '/sign-in');
      return;
    }
    checkCsrf(req, session.console);
    res.locals.auth = { key: session.key, workspace: session.workspace } satisfies AuthContext;
    res.locals.console = session.console;
    next();
  };
}

export function consoleOf(res: Response): ConsoleContext {
  const ctx = res.locals.console as ConsoleContext | undefined;
  if (!ctx) throw new Error('route is not behind a console session');
  return ctx;
}
