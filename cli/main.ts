// The `assay` process entry point: the only place that reads process.argv, the environment and
// signals. Dispatches to the server CLI (and, once it exists, the agent CLI).
import { runServerCli } from '../server/cli/admin-cli.ts';
import type { CliIo } from '../server/cli/cli-io.ts';
import { systemClock } from '../lib/clock.ts';
import { readPackageVersion } from '../server/version.ts';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env };
  const result = await runServerCli(process.argv.slice(2), io, { clock: systemClock, version: readPackageVersion() });
  if (typeof result === 'number') {
    process.exitCode = result;
    return;
  }
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`assay: ${signal}, shutting down\n`);
    const timer = setTimeout(() => {
      process.stderr.write('assay: shutdown took too long, exiting\n');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    result.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`assay: error while shutting down: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`assay: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
