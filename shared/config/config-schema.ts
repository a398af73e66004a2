// The configuration file's schema: every key, its default and its meaning (config.example.yaml
// documents the same keys).
import { z } from 'zod';
import { agentConfigSchema } from './agent-config-schema.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const serverConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.int().min(0).max(65535).default(8080),
    data_dir: z.string().min(1).default('./data'),
    log_level: z.enum(LOG_LEVELS).default('info'),
    trust_proxy: z.boolean().default(false),
    limits: z
      .object({
        body_bytes: z.int().min(1024).max(256 * 1024 * 1024).default(4 * 1024 * 1024),
        content_chars: z.int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
      })
      .strict()
      .prefault({}),
    console: z
      .object({
        session_hours: z.number().min(0.1).max(24 * 30).default(12),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export const configSchema = z
  .object({
    server: serverConfigSchema,
    agent: agentConfigSchema,
  })
  .strict()
  .prefault({});

export type Config = z.output<typeof configSchema>;
export type ServerConfig = Config['server'];
export type { AgentConfig } from './agent-config-schema.ts';
export { LOG_LEVELS };
