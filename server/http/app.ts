// createApp: the Express application with every route, wired to the dependencies passed in.
// It opens nothing and listens on nothing; server-process.ts does that.
import type { IncomingMessage } from 'node:http';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { ServerConfig } from '../../shared/config/config-schema.ts';
import { apiKeyAuth } from '../auth/api-key-auth.ts';
import { createFailedAttemptLimiter } from '../auth/failed-attempt-limiter.ts';
import { createSharedFailedAttemptLimiter } from '../auth/shared-failed-attempt-limiter.ts';
import type { Clock } from '../../lib/clock.ts';
import { createClassificationService } from '../services/classification-service.ts';
import { createPolicyCache } from '../services/policy-cache.ts';
import type { Repository } from '../storage/repository.ts';
import { errorHandler, notFoundHandler } from './error-handler.ts';
import { cors } from './cors.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { requestLogger } from './request-logger.ts';
import { assetRoutes } from './routes/asset-routes.ts';
import { classifyRoutes } from './routes/classify-routes.ts';
import { classifyFileRoute } from './routes/classify-file-route.ts';
import type { ExtractorPool } from '../../extract/extractor-pool.ts';
import { docsRoutes } from './routes/docs-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { policyRoutes } from './routes/policy-routes.ts';
import { securityHeaders } from './security-headers.ts';
import { adminApiRoutes } from '../console/admin-api-routes.ts';
import { consoleErrorPage, consoleRoutes } from '../console/console-routes.ts';
import { createPolicyAdmin } from '../services/policy-admin.ts';
import type { ClassificationPool } from '../../shared/classify-pool/classification-pool.ts';
import type { RuleAnalyser } from '../services/rule-analysis/rule-analyser.ts';

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
}

function isJsonRequest(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  // JSON media types, and bodies sent with no Content-Type at all, are parsed as JSON; a body
  // declared as something else stays unparsed and fails validation as a missing body.
  return type === undefined || /^application\/([\w.+-]+\+)?json\b/i.test(type);
}

export function createApp(deps: AppDeps): Express {
  const { repo, logger, clock, config, version } = deps;
  const policies = createPolicyCache(repo);
  const classifier = createClassificationService({ repo, clock, policies, pool: deps.classificationPool });
  // Several servers on one database count failures together; one SQLite server counts in memory.
  const store = repo.failedAttempts;
  const limiter = store ? createSharedFailedAttemptLimiter({ clock, policy: config.auth, store }) : createFailedAttemptLimiter({ clock, policy: config.auth });
  const openapi = buildOpenApiDocument({ version, maxContentChars: config.limits.content_chars, bodyLimitBytes: config.limits.body_bytes, uploadLimitBytes: config.limits.upload_bytes });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.trust_proxy);
  app.set('query parser', 'simple');

  app.use(requestLogger(logger));
  app.use(securityHeaders());

  // The console's JSON endpoints under /api/v1/admin, before the API's key check.
  const policyAdmin = createPolicyAdmin({ repo, clock, analyser: deps.ruleAnalyser });
  app.use(
    '/api/v1/admin',
    adminApiRoutes({ repo, clock, limiter, logger, classifier, policyAdmin, sessionHours: config.console.session_hours, bodyLimitBytes: config.limits.body_bytes, maxContentChars: config.limits.content_chars }),
  );

  const api = express.Router();
  api.use(cors(config.cors_origins));
  api.use(express.json({ limit: config.limits.body_bytes, type: isJsonRequest, strict: false }));
  api.use(apiKeyAuth({ repo, clock, limiter }));
  api.use(classifyRoutes({ classifier, maxContentChars: config.limits.content_chars }));
  api.use(classifyFileRoute({ classifier, extractor: deps.extractor, uploadBytes: config.limits.upload_bytes }));
  api.use(assetRoutes({ repo, clock, logger, publicUrl: config.public_url }));
  api.use(policyRoutes({ policies }));
  app.use('/api/v1', api);
  // Health, docs and the web console's pages; after the API so API requests do not walk them.
  app.use(healthRoutes({ version }));
  app.use(docsRoutes({ openapi }));
  app.use(consoleRoutes({ repo, clock, logger, bodyLimitBytes: config.limits.body_bytes }));

  app.use(notFoundHandler());
  app.use(errorHandler({ logger, bodyLimitBytes: config.limits.body_bytes, htmlPage: consoleErrorPage }));
  return app;
}
