// Who made an /api/v1/admin or console request, for the audit log: the key (by X-API-Key) or
// the console session signed in with it, and the client address the limiter counts.
import type { Request, Response } from 'express';
import type { ApiKeyRecord } from '../storage/repository.ts';
import { authOf, clientAddress } from '../auth/api-key-auth.ts';
import type { AuditOrigin } from '../services/audit-trail.ts';

/** The key itself as the actor (e.g. at sign-in, before there is a session). */
export function keyOrigin(req: Request, key: Pick<ApiKeyRecord, 'name' | 'prefix'>, kind: 'key' | 'session' = 'key'): AuditOrigin {
  return { actor: { kind, name: key.name, prefix: key.prefix, os_user: null }, address: clientAddress(req) };
}

/** The authenticated request's actor: `session` behind a console session, else `key`. */
export function requestOrigin(req: Request, res: Response): AuditOrigin {
  return keyOrigin(req, authOf(res).key, res.locals.console ? 'session' : 'key');
}
