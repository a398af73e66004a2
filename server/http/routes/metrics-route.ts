// GET /metrics: the Prometheus text format. Not public: an admin key in X-API-Key (its scrape
// shows only its own workspace's per-workspace series), or `Authorization: Bearer` with
// `server.metrics.token` (everything, for Prometheus). A wrong token counts as a failed key.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { ForbiddenError, InvalidApiKeyError, MissingApiKeyError } from '../../../shared/errors.ts';
import { clientAddress, type KeyAuthDeps, verifyApiKey } from '../../auth/api-key-auth.ts';
import type { ServerMetrics } from '../server-metrics.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Prometheus label-value escaping, to compare with what the text format holds. */
const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const WORKSPACE_LABEL = /[{,]workspace="((?:[^"\\]|\\.)*)"/;

/** Drops the samples of other workspaces; lines without a workspace label stay. */
export function onlyWorkspace(text: string, workspace: string): string {
  const mine = escapeLabel(workspace);
  return text
    .split('\n')
    .filter((line) => {
      if (line.startsWith('#')) return true;
      const m = WORKSPACE_LABEL.exec(line);
      return m === null || m[1] === mine;
    })
    .join('\n');
}

export function metricsRoute(deps: KeyAuthDeps & { metrics: ServerMetrics; token: string | undefined }): Router {
  const router = Router();
  const tokenHash = deps.token === undefined ? undefined : sha256(deps.token);
  router.get('/metrics', async (req, res) => {
    const address = clientAddress(req);
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    const key = req.get('x-api-key');
    let workspace: string | undefined;
    if (bearer !== undefined) {
      await deps.limiter.check(address);
      if (tokenHash === undefined || !timingSafeEqual(sha256(bearer), tokenHash)) {
        await deps.limiter.fail(address);
        throw new InvalidApiKeyError();
      }
      await deps.limiter.succeed(address);
    } else if (key) {
      const auth = await verifyApiKey(deps, address, key);
      if (auth.key.role !== 'admin') throw new ForbiddenError();
      workspace = auth.workspace.name;
    } else {
      throw new MissingApiKeyError();
    }
    const text = await deps.metrics.registry.metrics();
    res.set('Cache-Control', 'no-store');
    res.type(deps.metrics.registry.contentType).send(workspace === undefined ? text : onlyWorkspace(text, workspace));
  });
  return router;
}
