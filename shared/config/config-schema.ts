// The configuration file's schema: every key, its default and its meaning (config.example.yaml
// documents the same keys).
import { z } from 'zod';
import { DEFAULT_BUDGET_MS_PER_MB, DEFAULT_MIN_BUDGET_MS } from '../classify-pool/classification-budget.ts';
import { DEFAULT_QUEUED_PER_WORKER } from '../classify-pool/queue-admission.ts';
import { agentConfigSchema } from './agent-config-schema.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function isBareOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** An absolute http(s) URL that links can be put under: no query, fragment or trailing slash. */
function isBaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash && !value.endsWith('/') && `${url.origin}${url.pathname}` === value;
  } catch {
    return false;
  }
}

export const serverConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.int().min(0).max(65535).default(8080),
    data_dir: z.string().min(1).default('./data'),
    log_level: z.enum(LOG_LEVELS).default('info'),
    trust_proxy: z.boolean().default(false),
    public_url: z
      .string()
      .refine(isBaseUrl, { message: 'Expected an http(s) URL with no query or fragment and no trailing slash, such as https://assay.example.com' })
      .optional(),
    limits: z
      .object({
        body_bytes: z.int().min(1024).max(256 * 1024 * 1024).default(4 * 1024 * 1024),
        content_chars: z.int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
        upload_bytes: z.int().min(1024).max(4 * 1024 * 1024 * 1024).default(32 * 1024 * 1024),
        extract_workers: z.int().min(1).max(64).default(2),
        extract_timeout_ms: z.int().min(100).max(3_600_000).default(60_000),
        extract_memory_mb: z.int().min(32).max(16_384).default(512),
      })
      .strict()
      .prefault({}),
    timeouts: z
      .object({
        request_seconds: z.int().min(1).max(3600).default(60),
        headers_seconds: z.int().min(1).max(600).default(20),
        keep_alive_seconds: z.int().min(1).max(600).default(5),
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        max_failures: z.int().min(1).max(1_000_000).default(10),
        window_seconds: z.int().min(1).max(86_400).default(60),
        block_seconds: z.int().min(1).max(86_400).default(300),
      })
      .strict()
      .prefault({}),
    cors_origins: z
      .array(z.string().refine(isBareOrigin, { message: 'Expected a bare http(s) origin such as https://console.example.com (no path, no trailing slash)' }))
      .max(100)
      .default([]),
    tls: z
      .object({
        cert_file: z.string().min(1),
        key_file: z.string().min(1),
      })
      .strict()
      .optional(),
    classification: z
      .object({
        workers: z.int().min(1).max(64).default(2),
        budget_ms_per_mb: z.int().min(100).max(3_600_000).default(DEFAULT_BUDGET_MS_PER_MB),
        min_budget_ms: z.int().min(50).max(600_000).default(DEFAULT_MIN_BUDGET_MS),
        /** Jobs waiting for a worker before a classify or preview request is answered 503 (queue-admission.ts); unset: workers x DEFAULT_QUEUED_PER_WORKER. */
        max_queued: z.int('Expected a whole number of requests').min(1, 'Expected at least 1 (requests that may wait for a classification worker)').max(100_000, 'Expected at most 100000').optional(),
      })
      .strict()
      .transform((c) => ({ ...c, max_queued: c.max_queued ?? c.workers * DEFAULT_QUEUED_PER_WORKER }))
      .prefault({}),
    rule_import: z
      .object({
        pattern_seconds: z.number().min(0.001).max(600).default(10),
        request_seconds: z.number().min(0.01).max(3600).default(60),
      })
      .strict()
      .prefault({}),
    console: z
      .object({
        session_hours: z.number().min(0.1).max(24 * 30).default(12),
      })
      .strict()
      .prefault({}),
    webhooks: z
      .object({
        allow_private: z.boolean().default(false),
        timeout_ms: z.int().min(100).max(120_000).default(10_000),
        concurrency: z.int().min(1).max(64).default(4),
        poll_interval_ms: z.int().min(10).max(60_000).default(1000),
        backoff_base_ms: z.int().min(1).max(3_600_000).default(10_000),
        backoff_max_ms: z.int().min(1).max(86_400_000).default(3_600_000),
        give_up_after_hours: z.number().min(0.001).max(24 * 7).default(24),
        keep_days: z.number().min(0.01).max(3650).default(30),
      })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        /** Bearer token Prometheus sends to GET /metrics (besides admin keys). */
        token: z.string().min(16, 'Use at least 16 characters').max(512).regex(/^\S+$/, 'No whitespace').optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** Where the inventory lives: PostgreSQL when `url` is set, else SQLite in `server.data_dir`. */
export const storageConfigSchema = z
  .object({
    url: z
      .string()
      .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: 'Expected a postgres:// or postgresql:// URL' })
      .optional(),
    pool_size: z.int().min(1).max(1000).default(10),
    statement_timeout_ms: z.int().min(100).max(3_600_000).default(30_000),
  })
  .strict()
  .prefault({});

/** How log lines are written: `auto` is pretty on a terminal, JSON lines otherwise (journald, pipes). */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

export const logConfigSchema = z
  .object({
    format: z.enum(LOG_FORMATS).default('auto'),
  })
  .strict()
  .prefault({});

export const configSchema = z
  .object({
    log: logConfigSchema,
    server: serverConfigSchema,
    storage: storageConfigSchema,
    agent: agentConfigSchema,
  })
  .strict()
  .prefault({});

export type Config = z.output<typeof configSchema>;
export type ServerConfig = Config['server'];
export type StorageConfig = Config['storage'];
export type LogFormat = Config['log']['format'];
export type { AgentConfig } from './agent-config-schema.ts';
export { LOG_LEVELS };
