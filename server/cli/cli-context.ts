// Resolves the configuration for a CLI invocation (file, env, flags) and opens what admin
// commands work on.
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import type { Config } from '../../shared/config/config-schema.ts';
import { loadConfig } from '../../shared/config/load-config.ts';
import { CliFailure } from '../../lib/cli-failure.ts';
import type { Clock } from '../../lib/clock.ts';
import { DATABASE_FILE, openStorage } from '../server-process.ts';
import { type ClassificationService, createClassificationService } from '../services/classification-service.ts';
import { createClassificationPool } from '../../shared/classify-pool/classification-pool.ts';
import { createRuleAnalyser, ruleAnalyserOptions } from '../services/rule-analysis/rule-analyser.ts';
import { type AuditOrigin, type AuditTrail, cliOrigin, createAuditTrail } from '../services/audit-trail.ts';
import { createPolicyAdmin, type PolicyAdmin } from '../services/policy-admin.ts';
import { createPolicyCache } from '../services/policy-cache.ts';
import { createWebhookAdmin, type WebhookAdmin } from '../services/webhook-admin.ts';
import { createWorkspaceAdmin, type WorkspaceAdmin } from '../services/workspace-admin.ts';
import type { Repository } from '../storage/repository.ts';
import { type CliIo, parse, parseCount, positionals, UsageError } from './cli-io.ts';

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
      throw new CliFailure(`cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
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
  /** Records what the command changes, as done by `origin`. */
  readonly audit: AuditTrail;
  /** The CLI and the operating-system user running it. */
  readonly origin: AuditOrigin;
  readonly webhooks: WebhookAdmin;
  close(): Promise<void>;
}

/** The OS user running the command (by uid when it has no passwd entry, as in some containers). */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}

const hasDatabase = (dataDir: string) => existsSync(join(resolve(dataDir), DATABASE_FILE));

/** Opens the database of an admin command; only `server`, `start` and `init` create one. */
export async function openAdminContext(config: Config, clock: Clock): Promise<AdminContext> {
  const dir = config.server.data_dir;
  if (!config.storage.url && !hasDatabase(dir)) throw new CliFailure(`no Assay database in ${dir} (create one with "assay server --data-dir ${dir}" or pass the right --data-dir)`);
  const repo = await openStorage(config, clock);
  const { budget_ms_per_mb, min_budget_ms } = config.server.classification;
  const pool = createClassificationPool({ workers: 1, budgetMsPerMb: budget_ms_per_mb, minBudgetMs: min_budget_ms, logger: pino({ level: 'silent' }) });
  const analyser = createRuleAnalyser(ruleAnalyserOptions(config.server));
  const audit = createAuditTrail({ repo, clock });
  const origin = cliOrigin(osUser());
  return {
    config,
    repo,
    audit,
    origin,
    workspaces: createWorkspaceAdmin({ repo, clock, origin, audit }),
    policies: createPolicyAdmin({ repo, clock, analyser, origin, audit }),
    classifier: createClassificationService({ repo, clock, policies: createPolicyCache(repo), pool }),
    webhooks: createWebhookAdmin({ repo, clock, allowPrivate: config.server.webhooks.allow_private, audit, origin }),
    close: async () => {
      await Promise.all([pool.close(), analyser.close()]);
      await repo.close();
    },
  };
}

/** `assay init`: creates the data directory and an empty database (what `server` does first). */
export async function initCommand(args: readonly string[], io: CliIo, clock: Clock): Promise<number> {
  const { values, positionals: pos } = parse(args, {});
  positionals(pos, 0, 'init [--data-dir DIR]');
  const config = resolveConfig(values, io);
  const dir = config.server.data_dir;
  if (config.storage.url) {
    // PostgreSQL: opening runs the migrations (under an advisory lock), which is all init does.
    await (await openStorage(config, clock)).close();
    io.stdout.write('the PostgreSQL database of storage.url is migrated and ready\n');
    return 0;
  }
  if (hasDatabase(dir)) {
    io.stdout.write(`${dir} already has an Assay database; nothing changed\n`);
    return 0;
  }
  await (await openStorage(config, clock)).close();
  io.stdout.write(`created an Assay database in ${dir}\n`);
  return 0;
}
