// GET /api/v1/admin/audit: the workspace's audit log, newest first, filtered by action and
// actor, keyset-paged with a Link header like GET /assets. Behind the admin auth.
import type { Request, Response } from 'express';
import { type AuditEntryView, type AuditQuery, auditQuerySchema } from '../../shared/api/audit-schemas.ts';
import { authOf } from '../auth/api-key-auth.ts';
import { validate } from '../http/validation.ts';
import type { AuditRecord, Repository } from '../storage/repository.ts';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor.ts';

export function auditView(r: AuditRecord): AuditEntryView {
  return { id: r.id, at: r.at, action: r.action, actor: r.actor, address: r.address, target: r.target, changes: r.changes };
}

/** One page of the workspace's log and the cursor of the next page (undefined on the last). */
export async function auditPage(repo: Repository, workspaceId: number, query: AuditQuery): Promise<{ entries: AuditRecord[]; next: string | undefined }> {
  const beforeId = query.cursor === undefined ? undefined : decodeAuditCursor(query.cursor);
  const rows = await repo.listAudit(workspaceId, { action: query.action, actor: query.actor, limit: query.limit + 1, beforeId });
  const entries = rows.slice(0, query.limit);
  const last = entries[entries.length - 1];
  return { entries, next: rows.length > query.limit && last ? encodeAuditCursor(last.id) : undefined };
}

/** The query of a page, for its links; the cursor when given. */
export function auditQueryString(query: Pick<AuditQuery, 'action' | 'actor'> & { limit?: number }, cursor?: string): string {
  const params = new URLSearchParams();
  if (query.action !== undefined) params.set('action', query.action);
  if (query.actor !== undefined) params.set('actor', query.actor);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (cursor !== undefined) params.set('cursor', cursor);
  return params.toString();
}

/** Relative to the server, or under the configured public URL; never from the Host header. */
export function auditListHandler(deps: { repo: Repository; publicUrl: string | undefined }) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = validate(auditQuerySchema, req.query, 'query');
    const { entries, next } = await auditPage(deps.repo, authOf(res).workspace.id, query);
    if (next) res.set('Link', `<${deps.publicUrl ?? ''}${req.baseUrl}${req.path}?${auditQueryString(query, next)}>; rel="next"`);
    res.json(entries.map(auditView));
  };
}
