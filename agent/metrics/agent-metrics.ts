// The agent's Prometheus metrics, in a Registry of its own: files processed by format and outcome,
// extraction time, outbox depth, delivery errors and watcher mode. The parts that count are
// wrapped (extractor pool, file processor, API client) rather than changed.
import type { Registry as RegistryType } from 'prom-client';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ExtractorPool } from '../../extract/extractor-pool.ts';
import type { ApiClient, ApiOutcome } from '../client/api-client.ts';

export interface AgentMetrics {
  readonly registry: RegistryType;
  /** The pool, timing each extraction by format and result. */
  timedPool(pool: ExtractorPool): ExtractorPool;
  /** The file processor, counting each outcome by format (`none` for files no extractor takes). */
  countedProcessor<O extends string>(process: (path: string, signal: AbortSignal) => Promise<O>, formatOf: (path: string) => string | null): (path: string, signal: AbortSignal) => Promise<O>;
  /** The client, counting deliveries (classify, remove) that did not succeed, by kind. */
  countedClient(client: ApiClient): ApiClient;
  /** Gauges read on each scrape. */
  watch(sources: { outboxDepth: () => Promise<number>; watcherMode: () => string }): void;
}

export function createAgentMetrics(): AgentMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const processed = new Counter({
    name: 'assay_agent_files_processed_total',
    help: 'Files looked at, by format and outcome (classified, unchanged, unparseable, removed, ...)',
    labelNames: ['format', 'outcome'] as const,
    registers: [registry],
  });
  const extraction = new Histogram({
    name: 'assay_agent_extraction_duration_seconds',
    help: 'Time to extract the text of one file, by format and result (ok or a failure code)',
    labelNames: ['format', 'result'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const deliveryErrors = new Counter({
    name: 'assay_agent_delivery_errors_total',
    help: 'Deliveries to the server that failed, by kind (retry, auth, quota, rejected)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const count = (outcome: ApiOutcome): ApiOutcome => {
    if (outcome.kind !== 'ok' && outcome.kind !== 'not_modified') deliveryErrors.inc({ kind: outcome.kind });
    return outcome;
  };
  return {
    registry,
    timedPool(pool) {
      return {
        ...pool,
        async extract(path) {
          const end = extraction.startTimer();
          const r = await pool.extract(path);
          end({ format: r.format ?? 'unknown', result: r.ok ? 'ok' : r.code });
          return r;
        },
      };
    },
    countedProcessor(process, formatOf) {
      return async (path, signal) => {
        const outcome = await process(path, signal);
        processed.inc({ format: formatOf(path) ?? 'none', outcome });
        return outcome;
      };
    },
    countedClient(client) {
      return {
        ...client,
        classify: async (body) => count(await client.classify(body)),
        remove: async (body) => count(await client.remove(body)),
      };
    },
    watch({ outboxDepth, watcherMode }) {
      new Gauge({
        name: 'assay_agent_outbox_depth',
        help: 'Results waiting in the outbox for the server',
        registers: [registry],
        async collect() {
          this.set(await outboxDepth());
        },
      });
      new Gauge({
        name: 'assay_agent_watcher',
        help: 'How the folders are watched: 1 for the current mode',
        labelNames: ['mode'] as const,
        registers: [registry],
        collect() {
          this.reset();
          this.set({ mode: watcherMode() }, 1);
        },
      });
    },
  };
}
