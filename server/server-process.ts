// Starts the API: opens the repository under the data directory, listens, and closes cleanly.
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { ServerConfig, StorageConfig } from '../shared/config/config-schema.ts';
import type { Clock } from '../lib/clock.ts';
import type { BatchObserver } from '../lib/write-batcher.ts';
import { DefinitionError } from '../shared/errors.ts';
import { createClassificationPool } from '../shared/classify-pool/classification-pool.ts';
import { createApp } from './app.ts';
import { createServerMetrics, type ServerMetrics } from './http/server-metrics.ts';
import { createFleetMonitor } from './services/fleet-monitor.ts';
import { fleetCounts } from './services/agent-fleet.ts';
import { createRuleAnalyser, ruleAnalyserOptions } from './services/rule-analysis/rule-analyser.ts';
import { createExtractorPool } from '../extract/extractor-pool.ts';
import { clientErrorHandler } from './http/client-error.ts';
import { trackAbandonedRequests } from './http/abandoned-requests.ts';
import type { Repository } from './storage/repository.ts';
import { openPgRepository } from './storage/pg-repository.ts';
import { openSqliteRepository } from './storage/sqlite-repository.ts';
import { createWebhookDispatcher } from './webhooks/dispatcher.ts';
import { scannerUnavailable } from '../shared/engine/scanner/scan-host.ts';

export const DATABASE_FILE = 'assay.db';
/** Text classified of one uploaded document (as the agent's default limits.max_text_chars). */
const UPLOAD_TEXT_CHARS = 8 * 1024 * 1024;
/** How long close() waits for handlers whose client went away (the CLI gives up on shutdown after 10 s). */
const ABANDONED_REQUESTS_WAIT_MS = 5_000;

export interface RunningServer {
  readonly url: string;
  /** Stops accepting connections, finishes in-flight requests, closes the database it opened. Idempotent. */
  close(): Promise<void>;
}

/** Creates the data directory (0700) and database file (0600) if needed and opens the repository in it. */
export async function openDataDir(dataDir: string, clock: Clock, writes?: BatchObserver): Promise<Repository> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return openSqliteRepository(join(dir, DATABASE_FILE), () => clock.now(), writes);
}

/**
 * The configured storage: PostgreSQL when `storage.url` (or ASSAY_DATABASE_URL) is set, and then
 * no SQLite file is created; otherwise SQLite in the data directory.
 */
export async function openStorage(config: { server: ServerConfig; storage: StorageConfig }, clock: Clock, logger?: Logger, writes?: BatchObserver): Promise<Repository> {
  const { url, pool_size, statement_timeout_ms } = config.storage;
  if (url === undefined) return openDataDir(config.server.data_dir, clock, writes);
  // A server (given a logger) waits for the database and logs while it does; a CLI command fails at once.
  return openPgRepository({ url, poolSize: pool_size, statementTimeoutMs: statement_timeout_ms, logger, clock, writes, ...(logger ? {} : { waitMs: 0 }) });
}

/** The PEM certificate chain and private key; a file that cannot be read is a configuration error. */
function readTlsFiles(tls: NonNullable<ServerConfig['tls']>): { cert: Buffer; key: Buffer } {
  const read = (key: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new DefinitionError([`config: server.tls.${key}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
    }
  };
  return { cert: read('cert_file', tls.cert_file), key: read('key_file', tls.key_file) };
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise(server.address() as AddressInfo);
    });
  });
}

export async function startServer(deps: { config: ServerConfig; logger: Logger; clock: Clock; version: string; repo?: Repository; metrics?: ServerMetrics }): Promise<RunningServer> {
  const { config, logger, clock, version } = deps;
  // Pass the metrics in when the repository was opened with their `writes` observer (serve-command).
  const metrics = deps.metrics ?? createServerMetrics();
  // A repository passed in belongs to the caller, who closes it; one opened here is closed here.
  const ownsRepo = deps.repo === undefined;
  const repo = deps.repo ?? (await openDataDir(config.data_dir, clock, metrics.writes));
  metrics.watchDatabaseSize(() => repo.databaseBytes());
  metrics.watchFleet(() => fleetCounts(repo, clock.now().getTime()));
  const fleet = createFleetMonitor({ repo, clock, logger });
  const { workers, budget_ms_per_mb, min_budget_ms, max_queued } = config.classification;
  const classificationPool = createClassificationPool({ workers, budgetMsPerMb: budget_ms_per_mb, minBudgetMs: min_budget_ms, maxQueued: max_queued, onQueueFull: metrics.classificationQueueFull, logger });
  metrics.watchClassificationQueue(classificationPool.depth);
  const ruleAnalyser = createRuleAnalyser(ruleAnalyserOptions(config));
  // Workers start on the first upload and idle ones do not keep the process alive.
  const extractor = createExtractorPool({
    workers: config.limits.extract_workers,
    timeoutMs: config.limits.extract_timeout_ms,
    maxMemoryMb: config.limits.extract_memory_mb,
    maxFileBytes: config.limits.upload_bytes,
    maxTextChars: UPLOAD_TEXT_CHARS,
    logger,
  });
  const { app, messages } = createApp({ repo, logger, clock, config, version, classificationPool, ruleAnalyser, extractor, metrics, fleet });
  const timeouts = { requestTimeout: config.timeouts.request_seconds * 1000, headersTimeout: config.timeouts.headers_seconds * 1000 };
  let server: Server;
  try {
    // Requests and responses born with the app's prototypes (app-born-messages.ts).
    const options = { ...timeouts, ...messages };
    server = config.tls ? createTlsServer({ ...options, ...readTlsFiles(config.tls) }, app) : createServer(options, app);
  } catch (err) {
    await Promise.all([classificationPool.close(), ruleAnalyser.close()]);
    if (ownsRepo) await repo.close();
    if (err instanceof DefinitionError) throw err;
    throw new DefinitionError([`config: server.tls: the certificate or key cannot be used (${(err as Error).message})`]);
  }
  server.keepAliveTimeout = config.timeouts.keep_alive_seconds * 1000;
  server.on('clientError', clientErrorHandler(logger));
  const abandoned = trackAbandonedRequests(server);
  // server.close() closes only the connections idle at that moment: a client that keeps sending
  // on its keep-alive connection would hold it open to the end of the grace period. While closing,
  // every answer says `Connection: close`, so each connection ends after the request it carries.
  let stopping = false;
  server.prependListener('request', (_req, res) => {
    if (stopping) res.setHeader('connection', 'close');
  });
  let address: AddressInfo;
  try {
    address = await listen(server, config.host, config.port);
  } catch (err) {
    await Promise.all([classificationPool.close(), ruleAnalyser.close()]);
    if (ownsRepo) await repo.close();
    throw err;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${config.tls ? 'https' : 'http'}://${host}:${address.port}`;
  logger.info({ url, data_dir: resolve(config.data_dir) }, 'server listening');
  const scannerProblem = scannerUnavailable();
  if (scannerProblem) logger.warn({ reason: scannerProblem }, 'engine scanner unavailable');
  classificationPool.start();
  // Webhook deliveries go out from here, beside (never inside) the requests that cause them.
  const webhooks = createWebhookDispatcher({ store: repo, clock, logger, config: config.webhooks, version });
  webhooks.start();
  fleet.start();

  let closing: Promise<void> | null = null;
  return {
    url,
    close() {
      fleet.close();
      stopping = true;
      closing ??= new Promise<void>((done) => {
        server.close(() => done());
        server.closeIdleConnections();
      }).then(async () => {
        // Their handlers still use the pools and the database: close those only once they have answered.
        const unanswered = await abandoned.settled(ABANDONED_REQUESTS_WAIT_MS);
        if (unanswered > 0) logger.warn({ requests: unanswered }, 'closing while requests whose client went away are still running');
        await Promise.all([classificationPool.close(), ruleAnalyser.close(), extractor.close(), webhooks.close()]);
        if (ownsRepo) await repo.close();
        logger.info('server stopped');
      });
      return closing;
    },
  };
}
