// GET /assets (newest first, filtered, keyset-paged with a Link header), GET /assets/export (the
// same filters, everything, streamed as CSV or NDJSON) and GET /assets/{id}.
import { Router, type Request } from 'express';
import { assetIdParamsSchema, exportAssetsQuerySchema, listAssetsQuerySchema, type ListAssetsQuery, removeAssetRequestSchema } from '../../../shared/api/schemas.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import { authOf } from '../../auth/api-key-auth.ts';
import { apiTimestamp, type Clock } from '../../../lib/clock.ts';
import type { Repository } from '../../storage/repository.ts';
import type { Logger } from 'pino';
import { decodeCursor, encodeCursor } from '../asset-cursor.ts';
import { assetFilter, streamAssetExport } from '../asset-export.ts';
import { bodyOf, validate } from '../validation.ts';

/**
 * Never built from the request's Host header (a client could make the server echo any host):
 * relative to the server, or under the configured public URL.
 */
function nextLink(req: Request, query: ListAssetsQuery, cursor: string, publicUrl: string | undefined): string {
  const params = new URLSearchParams();
  if (query.q !== undefined) params.set('q', query.q);
  if (query.source !== undefined) params.set('source', query.source);
  if (query.label !== undefined) params.set('label', query.label);
  if (query.status !== 'active') params.set('status', query.status);
  if (query.unreadable !== undefined) params.set('unreadable', String(query.unreadable));
  params.set('limit', String(query.limit));
  params.set('cursor', cursor);
  return `<${publicUrl ?? ''}${req.baseUrl}${req.path}?${params.toString()}>; rel="next"`;
}

export function assetRoutes(deps: { repo: Repository; clock: Clock; logger: Logger; publicUrl: string | undefined }): Router {
  const router = Router();

  router.get('/assets', async (req, res) => {
    const query = validate(listAssetsQuerySchema, req.query, 'query');
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await deps.repo.listAssets(authOf(res).workspace.id, { ...assetFilter(query), limit: query.limit + 1, after });
    const page = rows.slice(0, query.limit);
    if (rows.length > query.limit) {
      const last = page[page.length - 1]!;
      res.set('Link', nextLink(req, query, encodeCursor({ classified_at: last.classified_at, id: last.id }), deps.publicUrl));
    }
    res.json(page);
  });

  // Before /assets/:id, which would take `export` for an id.
  router.get('/assets/export', async (req, res) => {
    const query = validate(exportAssetsQuerySchema, req.query, 'query');
    await streamAssetExport(deps, res, authOf(res).workspace.id, query, deps.clock.now());
  });

  // Reports that an asset no longer exists (the agent saw its file deleted). The asset and its
  // history stay in the inventory with removed_at set; classifying it again brings it back.
  router.post('/assets/removals', async (req, res) => {
    const { name, source } = validate(removeAssetRequestSchema, bodyOf(req), 'body');
    const asset = await deps.repo.markAssetRemoved(authOf(res).workspace.id, source, name, apiTimestamp(deps.clock.now()));
    if (!asset) throw new NotFoundError();
    res.json(asset);
  });

  router.get('/assets/:id', async (req, res) => {
    const { id } = validate(assetIdParamsSchema, req.params, 'path');
    const asset = await deps.repo.getAsset(authOf(res).workspace.id, id);
    if (!asset) throw new NotFoundError();
    res.json(asset);
  });

  return router;
}
