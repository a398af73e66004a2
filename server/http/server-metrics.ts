// The server's Prometheus metrics, in a Registry of their own per server instance (never
// prom-client's global one: several servers run in one test process). The parts of the server
// that count are handed small observers; nothing here reaches into them.
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BatchObserver } from '../../lib/write-batcher.ts';
import { TooManyRequestsError } from '../../shared/errors.ts';
import type { FailedAttemptLimiter } from '../auth/failed-attempt-limiter.ts';
import type { ApiThreadParse } from './json-body.ts';

export interface ServerMetrics {
  readonly registry: Registry;
  /** Group-commit batches of the asset writer (handed to the repository when it is opened). */
  readonly writes: BatchObserver;
  classified(workspace: string, level: number, source: string): void;
  ruleCacheLookup(hit: boolean): void;
  /** A classify or preview request refused (503) because the classification queue was full. */
  classificationQueueFull(): void;
  /** A large POST /classify/preview body parsed on the API's thread after all (json-body.ts, ApiThreadParse). */
  previewParsedOnApiThread(why: ApiThreadParse): void;
  /** Express middleware: one observation per request, by route template, method and status. */
  /** `requestPrototype`: the app's request prototype (app.request), where the route accessor is defined once. */
  httpMiddleware(requestPrototype: object): (req: Request, res: Response, next: NextFunction) => void;
  /** The limiter, counting the requests it refuses because their address is blocked. */
  countingBlocks(limiter: FailedAttemptLimiter): FailedAttemptLimiter;
  /** Reports the classification queue's depth on every scrape (ClassificationPool.depth). */
  watchClassificationQueue(depth: () => { readonly queued: number; readonly waiting: number }): void;
  /** Reports the database's size on every scrape. */
  watchDatabaseSize(bytes: () => Promise<number>): void;
  /** Reports agents and stale agents per workspace on every scrape. */
  watchFleet(counts: () => Promise<readonly { workspace: string; agents: number; stale: number }[]>): void;
}

/** Requests that matched no route share one label value, so scanners cannot grow the series. */
export const UNMATCHED_ROUTE = 'unmatched';

const ROUTE = Symbol('route');
const TEMPLATE = Symbol('routeTemplate');

/** A request's matched route and its template, kept by the accessor below. */
interface RouteSlots {
  [ROUTE]?: { path?: unknown } | undefined;
  [TEMPLATE]?: string;
  readonly baseUrl: string;
}

/** `route` on the requests' prototype: the router's assignment records the route's template. */
function defineRouteAccessor(proto: object): void {
  Object.defineProperty(proto, 'route', {
    configurable: true,
    enumerable: true,
    get(this: RouteSlots) {
      return this[ROUTE];
    },
    set(this: RouteSlots, value: { path?: unknown } | undefined) {
      this[ROUTE] = value;
      if (value && typeof value.path === 'string') this[TEMPLATE] = `${this.baseUrl}${value.path}`;
    },
  });
}

export function createServerMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const http = new Histogram({
    name: 'assay_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status, with their latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const classifications = new Counter({
    name: 'assay_classifications_total',
    help: 'Classifications stored, by workspace, label level and source',
    labelNames: ['workspace', 'level', 'source'] as const,
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: 'assay_write_batch_size',
    help: 'Classifications committed per group-commit transaction',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const writeSeconds = new Histogram({
    name: 'assay_write_batch_duration_seconds',
    help: 'Time a group-commit transaction took, from begin to commit',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const ruleCache = new Counter({
    name: 'assay_rule_cache_lookups_total',
    help: 'Compiled-policy cache lookups, by result (hit or miss)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const blocks = new Counter({
    name: 'assay_failed_key_blocks_total',
    help: 'Requests refused (429) because their address sent too many bad API keys',
    registers: [registry],
  });
  const queueFull = new Counter({
    name: 'assay_classification_queue_full_total',
    help: 'Classify and preview requests refused (503 server_busy) because server.classification.max_queued requests already waited for a worker',
    registers: [registry],
  });
  const apiThreadParses = new Counter({
    name: 'assay_preview_api_thread_parses_total',
    help: 'POST /classify/preview bodies kept for a classification worker (64 KiB or more) but parsed on the API thread, by reason (key_check, not_plain)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  apiThreadParses.inc({ reason: 'key_check' }, 0);
  apiThreadParses.inc({ reason: 'not_plain' }, 0);
  ruleCache.inc({ result: 'hit' }, 0);
  ruleCache.inc({ result: 'miss' }, 0);

  return {
    registry,
    writes: {
      batch(size, seconds) {
        batchSize.observe(size);
        writeSeconds.observe(seconds);
      },
    },
    classified: (workspace, level, source) => classifications.inc({ workspace, level: String(level), source }),
    ruleCacheLookup: (hit) => ruleCache.inc({ result: hit ? 'hit' : 'miss' }),
    classificationQueueFull: () => queueFull.inc(),
    previewParsedOnApiThread: (why) => apiThreadParses.inc({ reason: why }),
    httpMiddleware(requestPrototype) {
      // The router assigns req.route when a route matches, while req.baseUrl is still that
      // router's mount path; later (after an error, say) baseUrl is reset. An accessor catches it
      // then. It is defined once, on the app's request prototype (a sub-app's inherits it), not on
      // each request: on requests born with the app's prototypes (app-born-messages.ts) an
      // accessor defined per object puts each in dictionary mode, and every later property load on
      // it misses its inline cache (docs/benchmarks.md, round 9, the API thread). Each request
      // keeps its template in a slot of its own.
      defineRouteAccessor(requestPrototype);
      return (req, res, next) => {
        const end = http.startTimer();
        const slots = req as RouteSlots;
        slots[ROUTE] = undefined;
        slots[TEMPLATE] = UNMATCHED_ROUTE;
        res.on('finish', () => end({ method: req.method, route: slots[TEMPLATE] ?? UNMATCHED_ROUTE, status: String(res.statusCode) }));
        next();
      };
    },
    countingBlocks(limiter) {
      return {
        ...limiter,
        async check(address) {
          try {
            await limiter.check(address);
          } catch (err) {
            if (err instanceof TooManyRequestsError) blocks.inc();
            throw err;
          }
        },
      };
    },
    watchClassificationQueue(depth) {
      new Gauge({
        name: 'assay_classification_queued',
        help: 'Classifications waiting for a worker (at most server.classification.max_queued)',
        registers: [registry],
        collect() {
          this.set(depth().queued);
        },
      });
      new Gauge({
        name: 'assay_classification_waiting_for_queue',
        help: "The server's own classifications (CSV import rows, the console's) waiting for a place in a full queue",
        registers: [registry],
        collect() {
          this.set(depth().waiting);
        },
      });
    },
    watchDatabaseSize(bytes) {
      new Gauge({
        name: 'assay_database_bytes',
        help: 'Size of the database (SQLite: pages in use; PostgreSQL: pg_database_size)',
        registers: [registry],
        async collect() {
          this.set(await bytes());
        },
      });
    },
    watchFleet(counts) {
      // Each gauge asks on its own: a scrape collects them one after the other.
      const gauge = (name: string, help: string, pick: 'agents' | 'stale') =>
        new Gauge({
          name,
          help,
          labelNames: ['workspace'] as const,
          registers: [registry],
          async collect() {
            this.reset();
            for (const c of await counts()) this.set({ workspace: c.workspace }, c[pick]);
          },
        });
      gauge('assay_agents', 'Agents that have reported, by workspace', 'agents');
      gauge('assay_agents_stale', 'Agents without a report for three of their heartbeat intervals, by workspace', 'stale');
    },
  };
}
