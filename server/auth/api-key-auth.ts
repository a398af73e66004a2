// Express middleware for `X-API-Key`: hash, look up, compare in constant time, refuse revoked keys
// and suspended workspaces, record when the key was last used, and hold back client addresses that
// keep presenting bad keys.
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { InvalidApiKeyError, MissingApiKeyError, WorkspaceSuspendedError } from '../../shared/errors.ts';
import { apiTimestamp, type Clock } from '../../lib/clock.ts';
import type { ApiKeyRecord, Repository, Workspace } from '../storage/repository.ts';
import type { FailedAttemptLimiter } from './failed-attempt-limiter.ts';
import { API_KEY_PATTERN, hashApiKey } from './api-key.ts';

export interface AuthContext {
  readonly key: ApiKeyRecord;
  readonly workspace: Workspace;
}

/** `last_used_at` is written at most this often per key, so reads do not each cost a write. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function apiKeyAuth(deps: { repo: Repository; clock: Clock; limiter: FailedAttemptLimiter }) {
  const { repo, clock, limiter } = deps;
  return async function authenticate(req: Request, res: Response, next: NextFunction): Promise<void> {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    limiter.check(address);
    const presented = req.get('x-api-key');
    if (!presented) throw new MissingApiKeyError();
    const hash = hashApiKey(presented);
    const found = API_KEY_PATTERN.test(presented) ? await repo.findApiKeyByHash(hash) : undefined;
    if (!found || !timingSafeEqual(found.key.key_hash, hash) || found.key.revoked_at !== null) {
      limiter.fail(address);
      limiter.check(address);
      throw new InvalidApiKeyError();
    }
    limiter.succeed(address);
    if (found.workspace.suspended) throw new WorkspaceSuspendedError();
    const now = clock.now();
    const last = found.key.last_used_at ? Date.parse(`${found.key.last_used_at}Z`) : 0;
    if (now.getTime() - last >= LAST_USED_RESOLUTION_MS) await repo.touchApiKey(found.key.id, apiTimestamp(now));
    const { key_hash: _hash, ...key } = found.key;
    res.locals.auth = { key, workspace: found.workspace } satisfies AuthContext;
    next();
  };
}

export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth as AuthContext | undefined;
  if (!auth) throw new Error('route is not behind apiKeyAuth');
  return auth;
}
