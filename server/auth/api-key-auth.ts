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
import { coalesce } from '../../lib/coalesce.ts';
import { createKeyDigestCache } from './key-digest-cache.ts';

export interface AuthContext {
  readonly key: ApiKeyRecord;
  readonly workspace: Workspace;
}

/** `last_used_at` is written at most this often per key, so reads do not each cost a write. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export interface KeyAuthDeps {
  readonly repo: Repository;
  readonly clock: Clock;
  readonly limiter: FailedAttemptLimiter;
  /** Looks a key up by its hash (default: `repo.findApiKeyByHash`). */
  readonly findKey?: (hash: Buffer) => ReturnType<Repository['findApiKeyByHash']>;
  /** The key's SHA-256 (default: `hashApiKey`); the result is only read. */
  readonly hashKey?: (key: string) => Buffer;
}

/** The client address the failed-attempt limiter counts (the proxy's view with trust_proxy). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * Checks a presented key: the address must not be blocked, the key must exist unrevoked (else
 * InvalidApiKeyError, counted against the address). Used by the API and by console sign-in, so
 * both are limited alike. Does not look at the workspace's state. `beforeFail` runs before a
 * refused key is counted: what it throws is thrown instead, and nothing is counted.
 */
export async function verifyApiKey(deps: KeyAuthDeps, address: string, presented: string, beforeFail?: () => void): Promise<AuthContext> {
  const { repo, limiter } = deps;
  await limiter.check(address);
  const hash = deps.hashKey ? deps.hashKey(presented) : hashApiKey(presented);
  const found = API_KEY_PATTERN.test(presented) ? await (deps.findKey ? deps.findKey(hash) : repo.findApiKeyByHash(hash)) : undefined;
  if (!found || !timingSafeEqual(found.key.key_hash, hash) || found.key.revoked_at !== null) {
    beforeFail?.();
    await limiter.fail(address);
    await limiter.check(address);
    throw new InvalidApiKeyError();
  }
  await limiter.succeed(address);
  const { key_hash: _hash, ...key } = found.key;
  return { key, workspace: found.workspace };
}

type KeyAuthHandler = (req: Request, res: Response, next: NextFunction) => Promise<void>;

/** The X-API-Key middleware. */
export interface KeyAuth extends KeyAuthHandler {
  /**
   * The same check (sharing its lookups) with `beforeFail(req, res)` run before a refused key is
   * counted against the address: what it throws is answered instead, and nothing is counted.
   */
  readonly withBeforeFail: (beforeFail: (req: Request, res: Response) => void) => KeyAuthHandler;
}

export function apiKeyAuth(keyDeps: KeyAuthDeps): KeyAuth {
  const { repo, clock, limiter } = keyDeps;
  // Requests with the same key at the same time (an agent's or a client's burst) share one lookup;
  // a revocation still applies to every request that arrives after it commits, less one round trip.
  // The digest of a key presented again is remembered (key-digest-cache.ts), never the answer.
  const deps: KeyAuthDeps = { ...keyDeps, findKey: coalesce((hash: Buffer) => repo.findApiKeyByHash(hash), (hash) => hash.toString('hex')), hashKey: createKeyDigestCache() };
  const authenticate = async (req: Request, res: Response, next: NextFunction, beforeFail?: (req: Request, res: Response) => void): Promise<void> => {
    const address = clientAddress(req);
    await limiter.check(address);
    const presented = req.get('x-api-key');
    if (!presented) throw new MissingApiKeyError();
    const auth = await verifyApiKey(deps, address, presented, beforeFail && (() => beforeFail(req, res)));
    if (auth.workspace.suspended) throw new WorkspaceSuspendedError();
    const now = clock.now();
    const last = auth.key.last_used_at ? Date.parse(`${auth.key.last_used_at}Z`) : 0;
    if (now.getTime() - last >= LAST_USED_RESOLUTION_MS) await repo.touchApiKey(auth.key.id, apiTimestamp(now));
    res.locals.auth = auth satisfies AuthContext;
    next();
  };
  return Object.assign((req: Request, res: Response, next: NextFunction) => authenticate(req, res, next), {
    withBeforeFail: (beforeFail: (req: Request, res: Response) => void) => (req: Request, res: Response, next: NextFunction) => authenticate(req, res, next, beforeFail),
  });
}

export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth as AuthContext | undefined;
  if (!auth) throw new Error('route is not behind apiKeyAuth');
  return auth;
}
