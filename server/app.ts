// createApp: the Express application with every route, wired to the dependencies passed in.
// It opens nothing and listens on nothing; server-process.ts does that.
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { ServerConfig } from '../shared/config/config-schema.ts';
import { apiKeyAuth } from './auth/api-key-auth.ts';
import { createFailedAttemptLimiter } from './auth/failed-attempt-limiter.ts';
import { createSharedFailedAttemptLimiter } from './auth/shared-failed-attempt-limiter.ts';
import type { Clock } from '../lib/clock.ts';
import { createClassificationService } from './services/classification-service.ts';
import { createPolicyCache } from './services/policy-cache.ts';
import { createTriage } from './services/triage.ts';
import type { Repository } from './storage/repository.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import { cors } from './http/cors.ts';
import { buildOpenApiDocument } from './http/openapi.ts';
import { apiJsonBody, bodyErrorsFirst, isJsonRequest } from './http/json-body.ts';
import { requestLogger } from './http/request-logger.ts';
import { assetRoutes } from './http/routes/asset-routes.ts';
import { classifyHandler, classifyPreviewHandler } from './http/routes/classify-routes.ts';
import { classifyFileRoute } from './http/routes/classify-file-route.ts';
import type { ExtractorPool } from '../extract/extractor-pool.ts';
import { docsRoutes } from './http/routes/docs-routes.ts';
import { healthRoutes } from './http/routes/health-routes.ts';
import { policyRoutes } from './http/routes/policy-routes.ts';
import { agentTriageRoute } from './http/routes/agent-triage-route.ts';
import { securityHeaders } from './http/security-headers.ts';
import { adminApiRoutes } from './console/admin-api-routes.ts';
import { adminPaths, registerAdminSchemas } from './console/admin-openapi.ts';
import { consoleErrorPage, consoleRoutes } from './console/console-routes.ts';
import { createAuditTrail, systemOrigin } from './services/audit-trail.ts';
import { createPolicyAdmin } from './services/policy-admin.ts';
import { createWebhookAdmin } from './services/webhook-admin.ts';
import { createKeyAdmin } from './services/key-admin.ts';
import type { ClassificationPool } from '../shared/classify-pool/classification-pool.ts';
import type { RuleAnalyser } from './services/rule-analysis/rule-analyser.ts';
import { agentRoutes } from './http/routes/agent-routes.ts';
import { metricsRoute } from './http/routes/metrics-route.ts';
import type { ServerMetrics } from './http/server-metrics.ts';
import type { FleetMonitor } from './services/fleet-monitor.ts';
import { appBornMessages, type MessageClasses } from './http/app-born-messages.ts';

/**
 * POST /classify/preview bodies of at least this many bytes are parsed in a classification worker
 * rather than on this thread, which then spends neither the parse (~3 ms per MiB) nor the clone of
 * the content to the worker (~1 ms per MiB) (docs/benchmarks.md, round 6). Smaller contents may be
 * classified on this thread (classification-pool.ts, INLINE_MAX_CHARS), so their bodies are
 * parsed here as before.
 */
export const PREVIEW_RAW_FROM_BYTES = 64 * 1024;

export interface AppDeps {
  readonly repo: Repository;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly config: ServerConfig;
  readonly version: string;
  /** Where classification runs (the caller creates and closes it). */
  readonly classificationPool: ClassificationPool;
  /** Where rule imports are proven safe (the caller creates and closes it). */
  readonly ruleAnalyser: RuleAnalyser;
  /** Extraction worker pool for uploaded documents; its owner (startServer) closes it. */
  readonly extractor: ExtractorPool;
  /** This server's Prometheus registry and observers (GET /metrics). */
  readonly metrics: ServerMetrics;
  /** Watches for stale agents; its owner (startServer) starts and closes it. */
  readonly fleet: FleetMonitor;
}

/** The app, and the request and response classes its server must make (app-born-messages.ts). */
export interface AppWithMessages {
  readonly app: Express;
  readonly messages: MessageClasses;
}

export function createApp(deps: AppDeps): AppWithMessages {
  const { repo, logger, clock, config, version } = deps;
  const { metrics, fleet } = deps;
  const policies = createPolicyCache(repo, undefined, metrics.ruleCacheLookup);
  const classifier = createClassificationService({
    repo,
    clock,
    policies,
    pool: deps.classificationPool,
    onStored: (ws, asset) => metrics.classified(ws.name, asset.label.level, asset.source),
  });
  // Several servers on one database count failures together; one SQLite server counts in memory.
  const store = repo.failedAttempts;
  const limiter = metrics.countingBlocks(store ? createSharedFailedAttemptLimiter({ clock, policy: config.auth, store }) : createFailedAttemptLimiter({ clock, policy: config.auth }));
  const openapi = buildOpenApiDocument({ version, maxContentChars: config.limits.content_chars, bodyLimitBytes: config.limits.body_bytes, uploadLimitBytes: config.limits.upload_bytes, sections: [{ register: registerAdminSchemas, paths: adminPaths }] });

  const app = express();
  // Before anything is mounted, so that a sub-app's prototypes inherit these.
  const messages = appBornMessages(app);
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.trust_proxy);
  app.set('query parser', 'simple');

  app.use(requestLogger(logger));
  app.use(metrics.httpMiddleware(app.request));
  app.use(securityHeaders());

  // The API's own middlewares, one instance each (the key check coalesces lookups across routes).
  const apiCors = cors(config.cors_origins);
  const jsonFallback = express.json({ limit: config.limits.body_bytes, type: isJsonRequest, strict: false });
  const jsonBody = apiJsonBody({ limitBytes: config.limits.body_bytes, fallback: jsonFallback });
  const keyAuth = apiKeyAuth({ repo, clock, limiter });
  const classify = { classifier, maxContentChars: config.limits.content_chars };
  // POST /api/v1/classify, the hot path, first: the same middlewares in the same order as the API
  // router below, without walking the admin router and the API's nested routers.
  app.post('/api/v1/classify', apiCors, jsonBody, keyAuth, classifyHandler(classify));
  // POST /api/v1/classify/preview likewise; a large body stays bytes, handed to a classification
  // worker that parses, checks and classifies it, so this thread neither parses nor copies it.
  const previewBody = apiJsonBody({ limitBytes: config.limits.body_bytes, fallback: jsonFallback, rawFromBytes: PREVIEW_RAW_FROM_BYTES });
  app.post('/api/v1/classify/preview', apiCors, previewBody, bodyErrorsFirst(keyAuth, metrics.previewParsedOnApiThread), classifyPreviewHandler({ ...classify, parsedOnApiThread: metrics.previewParsedOnApiThread }));

  // The console's JSON endpoints under /api/v1/admin, before the API's key check.
  // Every admin route records its changes with the request's actor; `origin` is only the fallback.
  const audit = createAuditTrail({ repo, clock });
  const policyAdmin = createPolicyAdmin({ repo, clock, analyser: deps.ruleAnalyser, audit, origin: systemOrigin('server') });
  const webhooks = createWebhookAdmin({ repo, clock, allowPrivate: config.webhooks.allow_private, audit, origin: systemOrigin('server') });
  app.use(
    '/api/v1/admin',
    adminApiRoutes({
      repo,
      clock,
      limiter,
      logger,
      classifier,
      policyAdmin,
      audit,
      keyAdmin: createKeyAdmin({ repo, clock, audit }),
      webhooks,
      policies,
      triage: createTriage({ repo, clock, policies, audit }),
      sessionHours: config.console.session_hours,
      bodyLimitBytes: config.limits.body_bytes,
      maxContentChars: config.limits.content_chars,
      publicUrl: config.public_url,
    }),
  );

  const api = express.Router();
  api.use(apiCors);
  api.use(jsonBody);
  api.use(keyAuth);
  api.use(classifyFileRoute({ classifier, extractor: deps.extractor, uploadBytes: config.limits.upload_bytes }));
  api.use(assetRoutes({ repo, clock, logger, publicUrl: config.public_url }));
  api.use(policyRoutes({ policies }));
  api.use(agentTriageRoute({ repo }));
  api.use(agentRoutes({ repo, clock, fleet }));
  app.use('/api/v1', api);
  // Health, docs and the web console's pages; after the API so API requests do not walk them.
  app.use(healthRoutes({ version }));
  app.use(metricsRoute({ repo, clock, limiter, metrics, token: config.metrics.token }));
  app.use(docsRoutes({ openapi }));
  app.use(consoleRoutes({ repo, clock, logger, audit, bodyLimitBytes: config.limits.body_bytes, policies }));

  app.use(notFoundHandler());
  app.use(errorHandler({ logger, bodyLimitBytes: config.limits.body_bytes, htmlPage: consoleErrorPage }));
  return { app, messages };
}
