// `assay server` (the API) and `assay start` (first-run bootstrap, then the API; the agent joins
// it once it exists). Both run until the process entry point calls close().
import type { Clock } from '../clock.ts';
import { bootstrapFirstRun } from '../bootstrap.ts';
import { createLogger } from '../logger.ts';
import { openDataDir, startServer } from '../server-process.ts';
import { resolveConfig } from './cli-context.ts';
import { type CliIo, parse, positionals } from './cli-io.ts';

export interface Service {
  close(): Promise<void>;
}

export async function serveCommand(args: readonly string[], io: CliIo, opts: { clock: Clock; version: string; bootstrap: boolean }): Promise<Service> {
  const { values, positionals: pos } = parse(args, { host: { type: 'string' }, port: { type: 'string' } });
  positionals(pos, 0, 'no positional arguments');
  const config = resolveConfig(values, io);
  const logger = createLogger({ level: config.server.log_level });
  const repo = await openDataDir(config.server.data_dir, opts.clock);
  try {
    const first = opts.bootstrap ? await bootstrapFirstRun(repo, opts.clock) : null;
    const server = await startServer({ config: config.server, logger, clock: opts.clock, version: opts.version, repo });
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
