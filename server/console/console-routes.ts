// The web console's pages (server-rendered HTML), its static files and sign-out. Pages need a
// session (else they redirect to /sign-in) and get their own CSP: scripts, styles and
// connections from this origin only, no inline code.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Request, type Response } from 'express';
import { auditQuerySchema } from '../../shared/api/audit-schemas.ts';
import { exportAssetsQuerySchema, listAssetsQuerySchema } from '../../shared/api/schemas.ts';
import { type AssayError, NotFoundError, RequestValidationError } from '../../shared/errors.ts';
import type { Clock } from '../../lib/clock.ts';
import { authOf } from '../auth/api-key-auth.ts';
import type { Logger } from 'pino';
import { decodeCursor, encodeCursor } from '../http/asset-cursor.ts';
import { assetFilter, streamAssetExport } from '../http/asset-export.ts';
import { validate } from '../http/validation.ts';
import type { AuditTrail } from '../services/audit-trail.ts';
import type { Repository } from '../storage/repository.ts';
import { auditPage, auditQueryString } from './audit-route.ts';
import { keyView } from './admin-views.ts';
import { consoleOf, consolePageAuth, findCurrentSession } from './console-auth.ts';
import { endCurrentSession } from './session-routes.ts';
import { statsWindow } from './stats-window.ts';
import { colorStylesheet, type Html } from './html.ts';
import { errorPage, page, signInPage } from './layout.ts';
import { agentsBody } from './pages/agents-page.ts';
import { assetBody } from './pages/asset-page.ts';
import { auditBody } from './pages/audit-page.ts';
import { listFleet } from '../services/agent-fleet.ts';
import type { PolicyCache } from '../services/policy-cache.ts';
import { classifyBody } from './pages/classify-page.ts';
import { dashboardBody } from './pages/dashboard-page.ts';
import { inventoryBody } from './pages/inventory-page.ts';
import { keysBody } from './pages/keys-page.ts';
import { rulesBody } from './pages/rules-page.ts';
import { webhooksBody } from './pages/webhooks-page.ts';
import { allowListBody } from './pages/triage-parts.ts';
import { workspaceBody } from './pages/workspace-page.ts';
import { webhookView } from '../services/webhook-admin.ts';

export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The console's pages: everything a browser navigates to, as opposed to the API and static files. */
const PAGE_PATHS = /^\/(?:|inventory|inventory\/export|assets\/[^/]+|agents|keys|rules|classify|webhooks|allowlist|workspace|audit|sign-in|sign-out)$/;

/** For the error handler: console page requests get an HTML error page (with the console's CSP). */
export function consoleErrorPage(req: Request, err: AssayError): string | undefined {
  if (!PAGE_PATHS.test(req.path) || !req.accepts('html')) return undefined;
  req.res?.set({ 'Content-Security-Policy': CONSOLE_CSP });
  const detail = typeof err.detail === 'string' ? err.detail : err.detail.map((d) => `${d.loc.join('.')}: ${d.msg}`).join('; ');
  return errorPage(err.status, detail);
}

const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');
const DASHBOARD_DAYS = 30;
const INVENTORY_PAGE = 50;
const AUDIT_PAGE = 50;

export function consoleRoutes(deps: { repo: Repository; clock: Clock; logger: Logger; audit: AuditTrail; bodyLimitBytes: number; policies: PolicyCache }): Router {
  const { repo, clock } = deps;
  const router = Router();
  const auth = consolePageAuth({ repo, clock });
  const csp = (_req: Request, res: Response, next: () => void) => {
    // same-origin (not no-referrer): otherwise Chromium sends `Origin: null` with form posts,
    // and the sign-out form could not be told apart from a cross-site one.
    res.set({ 'Content-Security-Policy': CONSOLE_CSP, 'Referrer-Policy': 'same-origin' });
    next();
  };

  router.use('/console/assets', csp, (_req, res, next) => {
    res.set('Cache-Control', 'no-cache');
    next();
  });
  router.use('/console/assets', express.static(ASSETS_DIR, { index: false, fallthrough: true, dotfiles: 'ignore' }));
  router.get('/console/colors.css', (req, res) => {
    res.set('Cache-Control', 'public, max-age=86400');
    res.type('text/css').send(colorStylesheet(typeof req.query.c === 'string' ? req.query.c : ''));
  });

  router.get('/sign-in', csp, async (req, res) => {
    // Already signed in: straight to the dashboard.
    if ((await findCurrentSession(req, repo, clock)) !== undefined) return res.redirect(303, '/');
    res.type('html').send(signInPage());
  });

  router.post('/sign-out', csp, express.urlencoded({ extended: false, limit: 4096 }), auth, async (req, res) => {
    await endCurrentSession(deps, req, res);
    res.redirect(303, '/sign-in');
  });

  const send = (res: Response, title: string, active: string, body: Html, extra: { colors?: Iterable<string>; scripts?: string[] } = {}) => {
    const { workspace } = authOf(res);
    const c = consoleOf(res);
    res.type('html').send(page({ title, active, workspace: workspace.name, keyName: c.keyName, csrfToken: c.csrfToken, ...extra }, body));
  };
  const labelColors = async (workspaceId: number) => (await repo.getPolicy(workspaceId)).labels;

  router.get('/', csp, auth, async (_req, res) => {
    const ws = authOf(res).workspace;
    const { from, since } = statsWindow(clock.now(), DASHBOARD_DAYS);
    const stats = await repo.assetStats(ws.id, since);
    const fleet = await listFleet(deps, ws, clock.now().getTime());
    send(res, 'Dashboard', '/', dashboardBody(ws, stats, from, DASHBOARD_DAYS, { agents: fleet.agents.length, stale: fleet.stale }));
  });

  router.get('/agents', csp, auth, async (_req, res) => {
    send(res, 'Agents', '/agents', agentsBody(await listFleet(deps, authOf(res).workspace, clock.now().getTime())));
  });

  router.get('/inventory', csp, auth, async (req, res) => {
    const raw = Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== ''));
    const query = validate(listAssetsQuerySchema, { ...raw, limit: String(INVENTORY_PAGE) }, 'query');
    const ws = authOf(res).workspace;
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await repo.listAssets(ws.id, { ...assetFilter(query), limit: INVENTORY_PAGE + 1, after });
    const assets = rows.slice(0, INVENTORY_PAGE);
    const last = assets[assets.length - 1];
    const next = rows.length > INVENTORY_PAGE && last ? encodeCursor({ classified_at: last.classified_at, id: last.id }) : undefined;
    const labels = await labelColors(ws.id);
    send(res, 'Inventory', '/inventory', inventoryBody({ q: query.q, source: query.source, label: query.label, status: query.status, unreadable: query.unreadable }, labels, assets, next, after !== undefined), {
      colors: assets.map((a) => a.label.color),
    });
  });

  // The inventory's export button: GET /api/v1/assets/export with the session instead of a key.
  router.get('/inventory/export', csp, auth, async (req, res) => {
    const raw = Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== ''));
    const query = validate(exportAssetsQuerySchema, raw, 'query');
    await streamAssetExport(deps, res, authOf(res).workspace.id, query, clock.now());
  });

  router.get('/assets/:id', csp, auth, async (req, res) => {
    const rawId = String(req.params.id ?? '');
    const id = /^[0-9]{1,15}$/.test(rawId) ? Number(rawId) : NaN;
    if (!Number.isSafeInteger(id)) throw new RequestValidationError([{ loc: ['path', 'id'], msg: 'Input should be a valid integer', type: 'int_parsing' }]);
    const ws = authOf(res).workspace;
    const [asset, triage, labels] = await Promise.all([repo.getAsset(ws.id, id), repo.getTriage(ws.id, id), labelColors(ws.id)]);
    if (!asset || !triage) throw new NotFoundError();
    send(res, `Asset ${asset.id}`, '/inventory', assetBody(asset, triage, labels), {
      colors: [asset.label.color, ...asset.history.map((h) => h.label.color), ...labels.map((l) => l.color)],
      scripts: ['triage.js'],
    });
  });

  router.get('/keys', csp, auth, async (_req, res) => {
    const keys = (await repo.listApiKeys(authOf(res).workspace.id)).map(keyView);
    send(res, 'API keys', '/keys', keysBody(keys), { scripts: ['keys.js'] });
  });

  router.get('/rules', csp, auth, async (_req, res) => {
    const { labels, rules } = await repo.getPolicy(authOf(res).workspace.id);
    send(res, 'Labels & rules', '/rules', rulesBody(labels, rules), { colors: labels.map((l) => l.color), scripts: ['rules.js'] });
  });

  router.get('/classify', csp, auth, async (_req, res) => {
    const labels = await labelColors(authOf(res).workspace.id);
    send(res, 'Classify', '/classify', classifyBody(deps.bodyLimitBytes), { colors: labels.map((l) => l.color), scripts: ['classify.js'] });
  });

  router.get('/webhooks', csp, auth, async (_req, res) => {
    const ws = authOf(res).workspace;
    const [hooks, labels] = await Promise.all([repo.listWebhooks(ws.id), labelColors(ws.id)]);
    send(res, 'Webhooks', '/webhooks', webhooksBody(hooks.map(webhookView), labels), { scripts: ['webhooks.js'] });
  });

  router.get('/allowlist', csp, auth, async (_req, res) => {
    send(res, 'Allow-list', '/allowlist', allowListBody(await repo.listAllowList(authOf(res).workspace.id)), { scripts: ['triage.js'] });
  });

  router.get('/workspace', csp, auth, (_req, res) => {
    send(res, 'Workspace', '/workspace', workspaceBody(authOf(res).workspace));
  });

  router.get('/audit', csp, auth, async (req, res) => {
    const raw = Object.fromEntries(Object.entries(req.query).filter(([k, v]) => v !== '' && k !== 'limit'));
    const query = validate(auditQuerySchema, { ...raw, limit: String(AUDIT_PAGE) }, 'query');
    const { entries, next } = await auditPage(repo, authOf(res).workspace.id, query);
    const filters = { action: query.action, actor: query.actor };
    const qs = (cursor?: string) => {
      const s = auditQueryString(filters, cursor);
      return s ? `?${s}` : '';
    };
    send(res, 'Audit log', '/audit', auditBody(filters, entries, { first: query.cursor === undefined ? undefined : qs(), next: next === undefined ? undefined : qs(next) }));
  });

  return router;
}
