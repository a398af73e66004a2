// `assay server` (the API) and `assay start` (first-run bootstrap, then the API; the agent joins
// it once it exists). Both run until the process entry point calls close().
import type { Clock } from '../../lib/clock.ts';
import { resolve } from 'node:path';
import type { Config } from '../../shared/config/config-schema.ts';
import { bootstrapFirstRun } from '../bootstrap.ts';
import { ensureLocalAgentKey } from '../local-agent-key.ts';
import { createLogger } from '../../lib/logger.ts';
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
  close(): Promise<void>;
}

export async function serveCommand(args: readonly string[], io: CliIo, opts: { clock: Clock; version: string; bootstrap: boolean }): Promise<Service> {
  const { values, positionals: pos } = parse(args, { host: { type: 'string' }, port: { type: 'string' } });
  positionals(pos, 0, 'no positional arguments');
  const config = resolveConfig(values, io);
  const logger = createLogger({ level: config.server.log_level });
  const metrics = createServerMetrics();
  const repo = await openStorage(config, opts.clock, logger, metrics.writes);
  try {
    const first = opts.bootstrap ? await bootstrapFirstRun(repo, opts.clock) : null;
    const localAgentKeyFile = opts.bootstrap ? await ensureLocalAgentKey(repo, opts.clock, resolve(config.server.data_dir)) : null;
    const server = await startServer({ config: config.server, logger, clock: opts.clock, version: opts.version, repo, metrics });
    if (first) {
      io.stdout.write(
        [
          '',
          `  Assay ${opts.version} is running at ${server.url}`,
          `  Created workspace "${first.workspace}" and its first API key. It is shown only this once; store it now:`,
          '',
          `    ${first.key}`,
          '',
          `  Try:  curl -s -H "X-API-Key: ${first.key}" ${server.url}/api/v1/labels`,
          `  API reference: ${server.url}/docs`,
          '',
          '',
        ].join('\n'),
      );
    }
    return {
      url: server.url,
      localAgentKeyFile,
      config,
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
