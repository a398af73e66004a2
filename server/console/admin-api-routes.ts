// /api/v1/admin: the JSON endpoints behind the web console (sign-in and sign-out, keys, rules,
// manual classification, CSV upload, workspace status and dashboard figures). Every endpoint but
// sign-in needs an admin key or a console session; see console-auth.ts.
import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import {
  type ApiKeyView,
  createKeyRequestSchema,
  type CsvImportLine,
  keyNameParamsSchema,
  manualClassificationSchema,
  labelUpdateSchema,
  ruleNameParamsSchema,
  rulePatchSchema,
  signInRequestSchema,
  statsQuerySchema,
} from '../../shared/api/admin-schemas.ts';
import { classifyRequestSchema } from '../../shared/api/schemas.ts';
import {
  AssayError,
  CsrfError,
  ForbiddenError,
  NotFoundError,
  RequestValidationError,
  UnknownNameError,
  WorkspaceSuspendedError,
} from '../../shared/errors.ts';
import { apiTimestamp } from '../../lib/clock.ts';
import { generateApiKey } from '../auth/api-key.ts';
import { authOf, clientAddress, type KeyAuthDeps, verifyApiKey } from '../auth/api-key-auth.ts';
import type { ClassificationService } from '../services/classification-service.ts';
import { importCsvText } from '../services/csv-import.ts';
import type { PolicyAdmin } from '../services/policy-admin.ts';
import type { ApiKeyRecord, Workspace } from '../storage/repository.ts';
import { requestLog } from '../http/request-logger.ts';
import { validate } from '../http/validation.ts';
import { statsWindow } from './stats-window.ts';
import { adminApiAuth, consoleOf } from './console-auth.ts';
import { clearSessionCookie, csrfTokenFor, generateSessionToken, hashSessionToken, sameOrigin, setSessionCookie } from './console-session.ts';

export interface AdminApiDeps extends KeyAuthDeps {
  readonly logger: Logger;
  readonly classifier: ClassificationService;
  readonly policyAdmin: PolicyAdmin;
  readonly sessionHours: number;
  readonly bodyLimitBytes: number;
  readonly maxContentChars: number;
}

/** CSV rows between two progress lines of an upload. */
const PROGRESS_EVERY_ROWS = 25;

export function keyView(k: ApiKeyRecord): ApiKeyView {
  return { name: k.name, prefix: k.prefix, role: k.role, created_at: k.created_at, last_used_at: k.last_used_at, revoked_at: k.revoked_at };
}

export function workspaceView(w: Workspace) {
  return { name: w.name, plan: w.plan, suspended: w.suspended, asset_count: w.asset_count, max_assets: w.max_assets, created_at: w.created_at };
}

function bodyOf(req: Request): unknown {
  if (req.body === undefined) throw new RequestValidationError([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
  return req.body;
}

export function adminApiRoutes(deps: AdminApiDeps): Router {
  const { repo, clock, classifier, policyAdmin } = deps;
  const now = () => apiTimestamp(clock.now());
  const router = Router();
  const jsonBody = express.json({ limit: deps.bodyLimitBytes, strict: true });

  // Sign-in: exchanges an admin key for a session cookie. A bad key answers exactly as the API
  // does (InvalidApiKeyError), so failed attempts are limited the same way.
  router.post('/sessions', jsonBody, async (req: Request, res: Response) => {
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
  });

  router.use(jsonBody);
  router.use(adminApiAuth(deps));

  router.delete('/sessions/current', async (req, res) => {
    // With an admin X-API-Key there is no session to delete; the cookie is cleared either way.
    if (res.locals.console) await repo.deleteSession(hashSessionToken(consoleOf(res).sessionToken));
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.get('/workspace', (_req, res) => {
    res.json(workspaceView(authOf(res).workspace));
  });

  router.get('/stats', async (req, res) => {
    const { days } = validate(statsQuerySchema, req.query, 'query');
    const { since } = statsWindow(clock.now(), days);
    res.json({ ...(await repo.assetStats(authOf(res).workspace.id, since)), days });
  });

  router.get('/keys', async (_req, res) => {
    res.json((await repo.listApiKeys(authOf(res).workspace.id)).map(keyView));
  });

  router.post('/keys', async (req, res) => {
    const { name, role } = validate(createKeyRequestSchema, bodyOf(req), 'body');
    const { key, prefix, hash } = generateApiKey();
    const record = await repo.insertApiKey({ workspace_id: authOf(res).workspace.id, name, prefix, key_hash: hash, created_at: now(), role });
    res.status(201).json({ ...keyView(record), key });
  });

  router.post('/keys/:name/revoke', async (req, res) => {
    const { name } = validate(keyNameParamsSchema, req.params, 'path');
    const ws = authOf(res).workspace;
    const record = await repo.revokeApiKey(ws.id, name, now());
    if (!record) throw new UnknownNameError('active key', name);
    res.json(keyView(record));
  });

  router.get('/policy', async (_req, res) => {
    const { labels, rules } = await repo.getPolicy(authOf(res).workspace.id);
    res.json({ labels, rules });
  });

  router.put('/labels/:name', async (req, res) => {
    const { name } = validate(ruleNameParamsSchema, req.params, 'path');
    const { level, color } = validate(labelUpdateSchema, bodyOf(req), 'body');
    const policy = await policyAdmin.setLabel(authOf(res).workspace, { name, level, color });
    res.json({ labels: policy.labels, rules: policy.rules });
  });

  router.delete('/labels/:name', async (req, res) => {
    const { name } = validate(ruleNameParamsSchema, req.params, 'path');
    const policy = await policyAdmin.removeLabel(authOf(res).workspace, name);
    res.json({ labels: policy.labels, rules: policy.rules });
  });

  router.put('/rules/:name', async (req, res) => {
    const { name } = validate(ruleNameParamsSchema, req.params, 'path');
    const policy = await policyAdmin.replaceRule(authOf(res).workspace, name, bodyOf(req));
    res.json({ labels: policy.labels, rules: policy.rules });
  });

  router.patch('/rules/:name', async (req, res) => {
    const { name } = validate(ruleNameParamsSchema, req.params, 'path');
    const patch = validate(rulePatchSchema, bodyOf(req), 'body');
    const policy = await policyAdmin.patchRule(authOf(res).workspace, name, patch);
    res.json({ labels: policy.labels, rules: policy.rules });
  });

  const previewSchema = classifyRequestSchema(deps.maxContentChars);
  router.post('/classify/preview', async (req, res) => {
    const input = validate(previewSchema, bodyOf(req), 'body');
    res.json(await classifier.preview(authOf(res).workspace, input));
  });

  const manualSchema = manualClassificationSchema(deps.maxContentChars);
  router.post('/classifications', async (req, res) => {
    const input = validate(manualSchema, bodyOf(req), 'body');
    const { asset } = await classifier.classifyAndStore(authOf(res).workspace, { ...input, source: 'manual' });
    res.status(201).json(asset);
  });

  // CSV upload: the body is the file. The answer is NDJSON: progress lines while rows are
  // classified, then one result line with the per-row failures (or an error line).
  const csvBody = express.raw({ type: ['text/csv', 'text/plain', 'application/octet-stream', 'application/vnd.ms-excel'], limit: deps.bodyLimitBytes });
  router.post('/csv-imports', csvBody, async (req, res) => {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new RequestValidationError([{ loc: ['body'], msg: 'Send the CSV file as the body with Content-Type: text/csv', type: 'missing' }]);
    }
    let started = false;
    const write = (line: CsvImportLine) => {
      if (!started) {
        started = true;
        res.status(200).type('application/x-ndjson');
      }
      res.write(`${JSON.stringify(line)}\n`);
    };
    let rows = 0;
    try {
      const result = await importCsvText({
        text: req.body,
        workspace: authOf(res).workspace,
        classifier,
        maxContentChars: deps.maxContentChars,
        onProgress: (p) => {
          if (++rows % PROGRESS_EVERY_ROWS === 0) write({ type: 'progress', done: p.done, failed: p.failed, bytes_read: p.bytesRead, total_bytes: p.totalBytes });
        },
      });
      write({ type: 'result', done: result.done, failed: [...result.failed] });
      res.end();
    } catch (err) {
      if (!started) throw err;
      const known = err instanceof AssayError ? err : undefined;
      if (!known) requestLog(res, deps.logger).error({ err }, 'CSV import failed');
      write({ type: 'error', detail: known ? known.message : 'Internal server error', code: known ? known.code : 'internal_error' });
      res.end();
    }
  });

  router.use((_req, _res, next) => next(new NotFoundError()));
  return router;
}
