// The `agent:` section of the configuration file: every key of the file-watching agent, its
// default and its range (config.example.yaml documents the same keys).
import { z } from 'zod';
import { globToRegExp } from '../engine/name-glob.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const AGENT_FORMATS = ['pdf', 'docx', 'text', 'xlsx', 'pptx', 'odf', 'rtf', 'html', 'mail', 'archive', 'doc', 'xls', 'image'] as const;

const MIB = 1024 * 1024;

const glob = z
  .string()
  .min(1)
  .max(500)
  .refine(
    (g) => {
      try {
        globToRegExp(g);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'Invalid glob' },
  );

/** A node-cron expression; its fields are checked with node-cron when the agent loads its settings. */
const cronExpression = z.string().trim().min(1);

export const agentWatchSchema = z
  .object({
    roots: z.array(z.string().min(1)).default([]),
    include: z.array(glob).max(200).default([]),
    exclude: z.array(glob).max(200).default(['.*', '~$*', '*.tmp', '*.swp', '*.part', '*.crdownload']),
    follow_symlinks: z.boolean().default(false),
    polling: z.boolean().default(false),
    poll_interval_ms: z.int().min(100).max(3_600_000).default(5000),
    stability_ms: z.int().min(0).max(3_600_000).default(2000),
  })
  .strict()
  .prefault({});

export const agentLimitsSchema = z
  .object({
    max_file_bytes: z.int().min(1024).max(16 * 1024 * MIB).default(100 * MIB),
    max_text_chars: z.int().min(1024).max(256 * MIB).default(8 * MIB),
    content_chars: z.int().min(1024).max(64 * MIB).default(512 * 1024),
    body_bytes: z.int().min(4096).max(256 * MIB).default(3 * MIB),
    extract_timeout_ms: z.int().min(100).max(3_600_000).default(60_000),
    extract_memory_mb: z.int().min(32).max(16_384).default(512),
    archive_depth: z.int().min(1).max(20).default(3),
    archive_members: z.int().min(1).max(1_000_000).default(10_000),
    archive_inflated_bytes: z.int().min(MIB).max(16 * 1024 * MIB).default(256 * MIB),
    archive_ratio: z.int().min(10).max(100_000).default(200),
  })
  .strict()
  .prefault({});

/** OCR of images and of PDF pages without a text layer (tesseract.js, English data from npm). */
export const agentOcrSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Largest image or rendered page, width × height; a larger image is refused from its header. */
    max_pixels: z.int().min(10_000).max(400_000_000).default(40_000_000),
    /** Most pages read by OCR in one file; a PDF with more pages without text, or a longer TIFF, is refused whole. */
    max_pages: z.int().min(1).max(10_000).default(100),
    /** Resolution PDF pages without text are rendered at (lowered to stay within max_pixels). */
    pdf_dpi: z.int().min(72).max(600).default(300),
    page_timeout_ms: z.int().min(100).max(3_600_000).default(60_000),
    /** Budget of a whole file once OCR starts on it (it replaces limits.extract_timeout_ms). */
    file_timeout_ms: z.int().min(100).max(86_400_000).default(600_000),
  })
  .strict()
  .prefault({});

export const agentExtractSchema = z.object({ ocr: agentOcrSchema }).strict().prefault({});

export const agentSchedulesSchema = z
  .object({
    rescan: cronExpression.default('0 * * * *'),
    rule_refresh: cronExpression.default('*/5 * * * *'),
    /** Seconds between the agent's reports to the server (PUT /api/v1/agents/{id}); stale after three missed. */
    heartbeat: z.number().min(0.1).max(86_400).default(60),
  })
  .strict()
  .prefault({});

export const agentDeliverySchema = z
  .object({
    retry_initial_ms: z.int().min(10).max(3_600_000).default(1000),
    retry_max_ms: z.int().min(10).max(86_400_000).default(300_000),
    /** Includes the time the request waits in the server's classification queue. */
    request_timeout_ms: z.int().min(100).max(3_600_000).default(30_000),
    /** Requests a delivery round sends at once (its size); the client's pool has two sockets more, for heartbeats and rules. */
    requests_in_flight: z.int().min(1).max(64).default(16),
  })
  .strict()
  .prefault({});

/** `host:port`, `[v6]:port` or a bare port (then on loopback). */
const LISTEN = /^(?:(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):)?([0-9]{1,5})$/;

export const agentMetricsSchema = z
  .object({
    /** Where the agent serves GET /metrics; unset: no metrics endpoint. A bare port listens on 127.0.0.1. */
    listen: z
      .string()
      .regex(LISTEN, 'Expected a port, host:port or [ipv6]:port')
      .refine((v) => Number(LISTEN.exec(v)?.[1]) <= 65535, 'Port must be 0 to 65535')
      .optional(),
  })
  .strict()
  .prefault({});

export const agentConfigSchema = z
  .object({
    server_url: z.url({ protocol: /^https?$/, error: 'Expected an http:// or https:// URL' }).default('http://127.0.0.1:8080'),
    api_key: z.string().min(1).optional(),
    api_key_file: z.string().min(1).optional(),
    ca_file: z.string().min(1).optional(),
    hostname: z.string().min(1).max(253).optional(),
    state_dir: z.string().min(1).default('./data/agent'),
    log_level: z.enum(LOG_LEVELS).default('info'),
    concurrency: z.int().min(1).max(64).default(2),
    formats: z.array(z.enum(AGENT_FORMATS)).min(1).default([...AGENT_FORMATS]),
    progress_interval_ms: z.int().min(100).max(3_600_000).default(5000),
    watch: agentWatchSchema,
    limits: agentLimitsSchema,
    extract: agentExtractSchema,
    schedules: agentSchedulesSchema,
    delivery: agentDeliverySchema,
    metrics: agentMetricsSchema,
  })
  .strict()
  .prefault({});

export type AgentConfig = z.output<typeof agentConfigSchema>;
