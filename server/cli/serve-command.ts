// `assay server` (the API) and `assay start` (first-run bootstrap, then the API; the agent joins
// it once it exists). Both run until the process entry point calls close().
import type { Clock } from '../../lib/clock.ts';
import { resolve } from 'node:path';
import type { Config } from '../../shared/config/config-schema.ts';
import { bootstrapFirstRun, DEFAULT_WORKSPACE } from '../bootstrap.ts';
import { ensureLocalAgentKey } from '../local-agent-key.ts';
import { createLogger, resolveLogFormat } from '../../lib/logger.ts';
import { openStorage, startServer } from '../server-process.ts';
import { createServerMetrics } from '../http/server-metrics.ts';
import { resolveConfig } from './cli-context.ts';
import { type CliIo, parse, positionals } from './cli-io.ts';

export interface Service {
  /** Base URL the API listens on. */
  readonly url: string;
  /** With `start`: the file holding the key of the agent that runs beside the server. */
  readonly localAgentKeyFile: string | null;
  readonly config: Config;
  /** With `start`: what the first run created (the key is shown once, in the banner). */
  readonly firstRun: { workspace: string; key: string } | null;
  readonly version: string;
  close(): Promise<void>;
}

const RULE = `  ${'─'.repeat(76)}`;

/**
 * What `assay start` prints once everything runs: where the server and the web console are and
 * how to sign in — on the first run with the admin key it just made (shown this once), later
 * with how to make an admin key. `extra` lines go at the end (the local agent's inbox).
 */
export function startBanner(s: Service, extra: readonly string[] = []): string {
  const signIn = s.firstRun
    ? [
        `  Created workspace "${s.firstRun.workspace}" and its first key, with the admin role. It is shown only this once; store it now:`,
        '',
        `    ${s.firstRun.key}`,
        '',
        `  Web console:    ${s.url}/  (paste the key above to sign in)`,
        `  Try the API:    curl -s -H "X-API-Key: ${s.firstRun.key}" ${s.url}/api/v1/labels`,
      ]
    : [
        `  Web console:    ${s.url}/  (sign in with an admin key; to make one:`,
        `                  npx assay keys create --workspace ${DEFAULT_WORKSPACE} --name console-admin --role admin)`,
      ];
  return [RULE, `  Assay ${s.version} is running at ${s.url}`, '', ...signIn, `  API reference:  ${s.url}/docs`, ...(extra.length ? ['', ...extra] : []), RULE, '', ''].join('\n');
}

export async function serveCommand(args: readonly string[], io: CliIo, opts: { clock: Clock; version: string; bootstrap: boolean }): Promise<Service> {
  const { values, positionals: pos } = parse(args, { host: { type: 'string' }, port: { type: 'string' } });
  positionals(pos, 0, 'no positional arguments');
  const config = resolveConfig(values, io);
  const tty = io.stdout.isTTY === true;
  const format = resolveLogFormat(config.log.format, tty);
  const logger = createLogger({ level: config.server.log_level, format, colors: format === 'pretty' && tty });
  const metrics = createServerMetrics();
  const repo = await openStorage(config, opts.clock, logger, metrics.writes);
  try {
    const firstRun = opts.bootstrap ? await bootstrapFirstRun(repo, opts.clock) : null;
    const localAgentKeyFile = opts.bootstrap ? await ensureLocalAgentKey(repo, opts.clock, resolve(config.server.data_dir)) : null;
    const server = await startServer({ config: config.server, logger, clock: opts.clock, version: opts.version, repo, metrics });
    return {
      url: server.url,
      localAgentKeyFile,
      config,
      firstRun,
      version: opts.version,
      async close() {
        await server.close();
        await repo.close();
        logger.flush();
      },
    };
  } catch (err) {
    await repo.close();
    throw err;
  }
}
