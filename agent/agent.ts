// createAgent(): the file-watching agent assembled from its parts — state database, rules,
// extraction pool, file scheduler and processor, watcher, scans, delivery — with start(),
// an idempotent close() that persists in-flight work, and status().
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';
import type { SqliteDatabase } from '../lib/sqlite-database.ts';
import { createApiClient } from './client/api-client.ts';
import { type CronJob, startCronJob } from './cron-job.ts';
import { createDeliveryLoop, type DeliveryLoop } from './delivery/delivery-loop.ts';
import { containerLimitsFrom } from '../extract/container-limits.ts';
import { createExtractorPool, type ExtractorPool } from '../extract/extractor-pool.ts';
import { ocrLimitsFromConfig } from '../extract/ocr-engine.ts';
import { DEFAULT_BUDGET_MS_PER_MB, DEFAULT_MIN_BUDGET_MS } from '../shared/classify-pool/classification-budget.ts';
import { type ClassificationPool, createClassificationPool } from '../shared/classify-pool/classification-pool.ts';
import { scannerUnavailable } from '../shared/engine/scanner/scan-host.ts';
import { createFileProcessor } from './files/file-processor.ts';
import { createFileScheduler, type FileScheduler } from './files/file-scheduler.ts';
import { createPathFilter } from './files/path-filter.ts';
import type { LoadedPolicy } from './policy/policy-cache-file.ts';
import { createPolicySync, type PolicySync } from './policy/policy-sync.ts';
import { createReconcileScan, type ReconcileScan } from './scan/reconcile-scan.ts';
import type { AgentSettings } from './settings/agent-settings.ts';
import { writeMeta } from './state/agent-meta.ts';
import { createStateWriter } from './state/state-writer.ts';
import { readOrCreateAgentId } from './state/agent-id.ts';
import { createHeartbeat, type Heartbeat } from './status/heartbeat.ts';
import { createAgentMetrics } from './metrics/agent-metrics.ts';
import { type MetricsServer, startMetricsServer } from './metrics/metrics-server.ts';
import { summarise } from './state/outbox.ts';
import { forgetRulesVersion, pathsUnder, pathsWithOtherRules } from './state/file-records.ts';
import { openStateDb } from './state/state-db.ts';
import { type AgentStatus, readAgentStatus } from './status/agent-status.ts';
import { createFileWatcher, type FileWatcher } from './watch/file-watcher.ts';

export interface Agent {
  /** Opens the state, loads rules, starts watching (resolves once the watcher is ready) and the first scan. */
  start(): Promise<void>;
  /** Stops intake, persists or abandons in-flight work (nothing acknowledged is lost), closes everything. Idempotent. */
  close(): Promise<void>;
  status(): Promise<AgentStatus>;
  /** Runs a full reconciliation scan now and resolves when it ends. */
  scan(): Promise<void>;
}

export interface AgentDeps {
  readonly config: AgentSettings;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Overrides config.hostname (the asset name prefix). */
  readonly hostname?: string;
  readonly version?: string;
}

/** How long close() lets a request in flight finish before abandoning it (it stays queued). */
const DELIVERY_GRACE_MS = 1500;
/**
 * Sockets beyond a delivery round's, so that the heartbeat (PUT /agents/{id}) and the rules'
 * refresh need not wait for the round's slowest answer (three missed heartbeats mark an agent stale).
 */
const CONTROL_CONNECTIONS = 2;
/** Files processed at once per extraction worker (see createFileScheduler below). */
const FILES_IN_FLIGHT_PER_WORKER = 4;
/**
 * Extraction workers per classification worker. Classifying a file costs a fraction of extracting
 * it (about 1.5 ms of CPU per file of the bench tree against 5–30 ms for a DOCX or a PDF), so one
 * classification worker keeps up with two extraction workers; each worker thread costs 20–50 MiB.
 */
const EXTRACTION_WORKERS_PER_CLASSIFIER = 2;

interface Running {
  db: SqliteDatabase;
  pool: ExtractorPool;
  classifier: ClassificationPool;
  policy: PolicySync;
  scheduler: FileScheduler;
  scanner: ReconcileScan;
  watcher: FileWatcher;
  delivery: DeliveryLoop;
  client: ReturnType<typeof createApiClient>;
  heartbeat: Heartbeat;
  metricsServer: MetricsServer | null;
  jobs: CronJob[];
}

export function createAgent(deps: AgentDeps): Agent {
  const settings: AgentSettings = deps.hostname ? Object.freeze({ ...deps.config, hostname: deps.hostname }) : deps.config;
  const log = deps.logger;
  const lifetime = new AbortController();
  let running: Running | null = null;
  let starting: Promise<void> | null = null;
  let closing: Promise<void> | null = null;

  /** Submits paths in the background with the same backpressure as a scan. */
  function resubmit(paths: readonly string[], why: string): void {
    const r = running;
    if (!r || paths.length === 0) return;
    log.info({ files: paths.length, why }, 'files queued for another look');
    void (async () => {
      for (const p of paths) {
        if (lifetime.signal.aborted) return;
        await r.scheduler.whenBelow(2000);
        void r.scheduler.submit(p);
      }
    })();
  }

  function onRulesChanged(policy: LoadedPolicy, previous: LoadedPolicy | null): void {
    const r = running;
    if (!r) return;
    void writeMeta(r.db, 'rules', { version: policy.version, fetched_at: policy.served.fetched_at, rules: policy.served.rules.length }).catch(() => undefined);
    if (previous === null) return;
    // An incremental rescan: every file classified with other rules is looked at again.
    void pathsWithOtherRules(r.db, policy.version).then(
      (paths) => resubmit(paths, 'rules changed'),
      (err: unknown) => log.error({ err: (err as Error).message }, 'cannot list files to re-classify'),
    );
  }

  /** Files whose dismissals or pin changed on the server are classified again, to take them in. */
  function onTriageChanged(names: readonly string[]): void {
    const r = running;
    if (!r) return;
    const prefix = `${settings.hostname}:`;
    const paths = names.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
    void forgetRulesVersion(r.db, paths).then(
      () => resubmit(paths, 'triage changed'),
      (err: unknown) => log.error({ err: (err as Error).message }, 'cannot mark files to re-classify'),
    );
  }

  async function doStart(): Promise<void> {
    const db = await openStateDb(settings.state_dir);
    const client = createApiClient({ serverUrl: settings.server_url, apiKey: settings.api_key, timeoutMs: settings.delivery.request_timeout_ms, caCertificates: settings.ca_certificates, userAgent: `assay-agent/${deps.version ?? 'dev'}`, connections: settings.delivery.requests_in_flight + CONTROL_CONNECTIONS });
    const pool = createExtractorPool({
      workers: settings.concurrency,
      timeoutMs: settings.limits.extract_timeout_ms,
      maxMemoryMb: settings.limits.extract_memory_mb,
      maxFileBytes: settings.limits.max_file_bytes,
      maxTextChars: settings.limits.max_text_chars,
      container: containerLimitsFrom(settings.limits),
      ocr: ocrLimitsFromConfig(settings.extract.ocr),
      logger: log,
    });
    // The server's classification budget, so that no rule and no file can hold the agent either.
    const classifier = createClassificationPool({ workers: Math.ceil(settings.concurrency / EXTRACTION_WORKERS_PER_CLASSIFIER), budgetMsPerMb: DEFAULT_BUDGET_MS_PER_MB, minBudgetMs: DEFAULT_MIN_BUDGET_MS, logger: log });
    classifier.start(); // its workers load while the policy is fetched and the first files extracted
    const filter = createPathFilter({ roots: settings.watch.roots, include: settings.watch.include, exclude: settings.watch.exclude, formats: settings.formats });
    const policy = createPolicySync({ client, stateDir: settings.state_dir, logger: log, clock: deps.clock, hostname: settings.hostname, onChange: onRulesChanged, onTriageChange: onTriageChanged });
    // Metrics only when asked for (agent.metrics.listen): the counting parts are wrapped.
    const metrics = settings.metrics.listen === undefined ? null : createAgentMetrics();
    const write = createStateWriter(db);
    const delivery = createDeliveryLoop({ db, write, client: metrics ? metrics.countedClient(client) : client, logger: log, clock: deps.clock, delivery: settings.delivery, onMismatch: () => void policy.refresh() });
    const processPath = createFileProcessor({ db, write, pool: metrics ? metrics.timedPool(pool) : pool, classifier, policy, filter, settings, logger: log, clock: deps.clock, onQueued: () => delivery.wake() });
    const processFile = metrics ? metrics.countedProcessor(processPath, (p) => filter.acceptsFile(p)) : processPath;
    const scheduler = createFileScheduler({
      // Extraction is bounded by the pool's workers (settings.concurrency); a file also waits on
      // stat, state queries and its local transaction, so more files in flight keep the workers busy
      // and let unchanged files of a rescan pass without waiting behind an extraction.
      concurrency: settings.concurrency * FILES_IN_FLIGHT_PER_WORKER,
      stabilityMs: settings.watch.stability_ms,
      now: () => deps.clock.now().getTime(),
      process: processFile,
      onError: (path, err) => log.error({ path, err: (err as Error).message }, 'file processing failed; retried on the next scan'),
    });
    const scanner = createReconcileScan({
      roots: settings.watch.roots,
      followSymlinks: settings.watch.follow_symlinks,
      filter,
      scheduler,
      db,
      logger: log,
      clock: deps.clock,
      progressIntervalMs: settings.progress_interval_ms,
      publish: (p) => void writeMeta(db, 'scan', p).catch(() => undefined),
      rulesVersion: () => policy.current()?.version ?? null,
    });
    const watcher = createFileWatcher({
      roots: settings.watch.roots,
      filter,
      polling: settings.watch.polling,
      pollIntervalMs: settings.watch.poll_interval_ms,
      logger: log,
      onPath: (p) => void scheduler.submit(p),
      onDirGone: (dir) =>
        void pathsUnder(db, dir).then(
          (paths) => resubmit(paths, 'folder removed'),
          (err: unknown) => log.warn({ dir, err: (err as Error).message }, 'cannot list the files of a removed folder; the next scan reports them'),
        ),
      onDirAdded: (dir) => void scanner.scanFolder(dir, lifetime.signal).catch((err: unknown) => log.warn({ dir, err: (err as Error).message }, 'cannot scan new folder')),
    });
    const heartbeat = createHeartbeat({
      db,
      client,
      agentId: readOrCreateAgentId(settings.state_dir),
      clock: deps.clock,
      logger: log,
      source: {
        hostname: settings.hostname,
        version: deps.version ?? 'dev',
        roots: settings.watch.roots,
        intervalSeconds: settings.schedules.heartbeat,
        scan: () => scanner.current(),
        watcher: () => watcher.mode(),
        rulesVersion: () => policy.current()?.version ?? null,
      },
    });
    metrics?.watch({ outboxDepth: async () => (await summarise(db)).depth, watcherMode: () => watcher.mode() });
    running = { db, pool, classifier, policy, scheduler, scanner, watcher, delivery, client, heartbeat, metricsServer: null, jobs: [] };

    for (const root of settings.watch.roots) if (!existsSync(root)) log.warn({ root }, 'watch root does not exist (yet); it is scanned again on schedule');
    log.info({ server_url: settings.server_url, roots: settings.watch.roots, state_dir: settings.state_dir, hostname: settings.hostname, concurrency: settings.concurrency }, 'agent starting');
    policy.start();
    const loaded = policy.current();
    if (loaded) await writeMeta(db, 'rules', { version: loaded.version, fetched_at: loaded.served.fetched_at, rules: loaded.served.rules.length });
    delivery.start();
    await watcher.start();
    if (metrics && settings.metrics.listen !== undefined) running.metricsServer = await startMetricsServer(settings.metrics.listen, metrics.registry, log);
    running.jobs.push(
      startCronJob(settings.schedules.rescan, 'rescan', log, () => scanner.run('scheduled', lifetime.signal)),
      startCronJob(settings.schedules.rule_refresh, 'rule-refresh', log, () => policy.refresh()),
    );
    void scanner.run('start-up', lifetime.signal).catch((err: unknown) => log.error({ err: (err as Error).message }, 'scan failed'));
    heartbeat.start();
    log.info({ watching: watcher.mode() }, 'agent started');
    const scannerProblem = scannerUnavailable();
    if (scannerProblem) log.warn({ reason: scannerProblem }, 'engine scanner unavailable');
  }

  async function doClose(): Promise<void> {
    if (starting) await starting.catch(() => undefined);
    const r = running;
    if (!r) return;
    log.info('agent stopping');
    lifetime.abort(new Error('agent closing'));
    for (const job of r.jobs) job.stop();
    await r.heartbeat.close();
    await r.metricsServer?.close();
    r.policy.close();
    await r.watcher.close();
    // Abort running jobs first, then stop the workers: extractions cut short are not recorded.
    const schedulerClosed = r.scheduler.close();
    await Promise.all([r.pool.close(), r.classifier.close()]);
    await schedulerClosed;
    await r.delivery.close(DELIVERY_GRACE_MS);
    r.client.close();
    const scan = r.scanner.current();
    if (scan?.state === 'running') await writeMeta(r.db, 'scan', { ...scan, state: 'interrupted', finished_at: deps.clock.now().toISOString() }).catch(() => undefined);
    await r.db.close();
    running = null;
    log.info('agent stopped');
  }

  return {
    start() {
      if (closing) return Promise.reject(new Error('agent is closed'));
      starting ??= doStart();
      return starting;
    },
    close() {
      closing ??= doClose();
      return closing;
    },
    async status() {
      const r = running;
      if (!r) throw new Error('agent is not running');
      const stored = await readAgentStatus(r.db);
      return { ...stored, delivery: r.delivery.state(), scan: r.scanner.current() ?? stored.scan, watcher: r.watcher.mode() };
    },
    async scan() {
      const r = running;
      if (!r) throw new Error('agent is not running');
      await r.scanner.run('requested', lifetime.signal);
    },
  };
}
