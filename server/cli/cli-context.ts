// Resolves the configuration for a CLI invocation (file, env, flags) and opens what admin
// commands work on.
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import type { Config } from '../../shared/config/config-schema.ts';
import { loadConfig } from '../../shared/config/load-config.ts';
import type { Clock } from '../../lib/clock.ts';
import { openStorage } from '../server-process.ts';
import { type ClassificationService, createClassificationService } from '../services/classification-service.ts';
import { createClassificationPool } from '../../shared/classify-pool/classification-pool.ts';
import { createRuleAnalyser, ruleAnalyserOptions } from '../services/rule-analysis/rule-analyser.ts';
import { createPolicyAdmin, type PolicyAdmin } from '../services/policy-admin.ts';
import { createPolicyCache } from '../services/policy-cache.ts';
import { createWorkspaceAdmin, type WorkspaceAdmin } from '../services/workspace-admin.ts';
import type { Repository } from '../storage/repository.ts';
import { type CliIo, parseCount, UsageError } from './cli-io.ts';

export interface ConfigFlags {
  config?: string | undefined;
  'data-dir'?: string | undefined;
  host?: string | undefined;
  port?: string | undefined;
}

export function resolveConfig(flags: ConfigFlags, io: CliIo): Config {
  const file = flags.config ?? io.env.ASSAY_CONFIG;
  let text: string | null = null;
  if (file) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const config = loadConfig(text, io.env);
  const port = flags.port === undefined ? config.server.port : parseCount(flags.port, '--port');
  if (port > 65535) throw new UsageError('--port must be 0–65535');
  return Object.freeze({
    ...config,
    server: Object.freeze({
      ...config.server,
      data_dir: flags['data-dir'] ?? config.server.data_dir,
      host: flags.host ?? config.server.host,
      port,
    }),
  });
}

export interface AdminContext {
  readonly config: Config;
  readonly repo: Repository;
  readonly workspaces: WorkspaceAdmin;
  readonly policies: PolicyAdmin;
  readonly classifier: ClassificationService;
  close(): Promise<void>;
}

export async function openAdminContext(config: Config, clock: Clock): Promise<AdminContext> {
  const repo = await openStorage(config, clock);
  const { budget_ms_per_mb, min_budget_ms } = config.server.classification;
  const pool = createClassificationPool({ workers: 1, budgetMsPerMb: budget_ms_per_mb, minBudgetMs: min_budget_ms, logger: pino({ level: 'silent' }) });
  const analyser = createRuleAnalyser(ruleAnalyserOptions(config.server));
  return {
    config,
    repo,
    workspaces: createWorkspaceAdmin({ repo, clock }),
    policies: createPolicyAdmin({ repo, clock, analyser }),
    classifier: createClassificationService({ repo, clock, policies: createPolicyCache(repo), pool }),
    close: async () => {
      await Promise.all([pool.close(), analyser.close()]);
      await repo.close();
    },
  };
}
