// The `assay` process entry point: the only place that reads process.argv, the environment and
// signals. Dispatches to the agent CLI (`agent`, `classify`) or the server CLI; `start` runs
// the server and an agent watching ./inbox. The server side is imported only for the commands
// that use it, so that an `assay agent` process does not load (or keep in memory) express, pg,
// recheck and the rest of the server; its bundle is split for that (bin/worker-bundles.js).
import { hostname } from 'node:os';
import { AGENT_COMMANDS, AGENT_USAGE, runAgentCli } from '../agent/cli/agent-cli.ts';
import type { AgentCliDeps } from '../agent/cli/cli-support.ts';
import { startLocalAgent } from '../agent/cli/local-agent.ts';
import type { CliIo } from '../server/cli/cli-io.ts';
import type { Service } from '../server/cli/serve-command.ts';
import { failureLine, wantsStack } from '../lib/cli-failure.ts';
import { systemClock } from '../lib/clock.ts';
import { readPackageVersion } from '../server/version.ts';

const SHUTDOWN_GRACE_MS = 10_000;
const HELP = new Set([undefined, 'help', '--help', '-h']);

interface Closable {
  close(): Promise<void>;
}

/** `assay start`: the server, then an agent on ./inbox; closing stops the agent first. */
async function withLocalAgent(service: Service, io: CliIo, deps: AgentCliDeps): Promise<Closable> {
  if (service.localAgentKeyFile === null) return service;
  const { startBanner } = await import('../server/cli/serve-command.ts');
  let agent;
  try {
    agent = await startLocalAgent(
      { url: service.url, localAgentKeyFile: service.localAgentKeyFile, agentConfig: service.config.agent, dataDir: service.config.server.data_dir, logFormat: service.config.log.format },
      { ...deps, stdoutIsTty: io.stdout.isTTY === true },
    );
  } catch (err) {
    if (service.firstRun) io.stdout.write(startBanner(service)); // the key is shown only now
    await service.close();
    throw err;
  }
  // The banner last, after the start-up log lines, so that it is what the terminal shows.
  io.stdout.write(
    startBanner(service, [`  The agent watches ${agent.inbox}: drop documents there (Office, PDF, mail, archives, scans, text; docs/agent.md lists them)`, '  and list them in the console\'s Inventory or with GET /api/v1/assets.']),
  );
  return {
    async close() {
      await agent.close();
      await service.close();
    },
  };
}

/** Commands that run until a signal; their signal handlers are in place before start-up begins. */
function isService(argv: readonly string[]): boolean {
  if (argv.includes('--help') || argv.includes('-h')) return false;
  return argv[0] === 'start' || argv[0] === 'server' || (argv[0] === 'agent' && argv[1] !== 'status');
}

async function run(argv: readonly string[], io: CliIo, deps: AgentCliDeps): Promise<number | Closable> {
  if ((AGENT_COMMANDS as readonly string[]).includes(argv[0] ?? '')) return runAgentCli(argv, io, deps);
  const { runServerCli } = await import('../server/cli/admin-cli.ts');
  const served = await runServerCli(argv, io, deps);
  if (HELP.has(argv[0])) io.stdout.write(AGENT_USAGE);
  return typeof served !== 'number' && argv[0] === 'start' ? withLocalAgent(served, io, deps) : served;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env };
  const deps: AgentCliDeps = { clock: systemClock, version: readPackageVersion(), hostname: hostname(), cwd: process.cwd() };
  const started = run(argv, io, deps);
  if (!isService(argv)) {
    const code = await started;
    if (typeof code === 'number') process.exitCode = code;
    else await code.close(); // not expected: every service command is listed in isService
    return;
  }
  // A signal during start-up waits for start-up to finish, then shuts down what was started.
  // Repeats are ignored while shutting down (the grace timer bounds it): Ctrl-C under `npm start`
  // delivers SIGINT twice, once from the terminal and once relayed by npm, and the default action
  // of the second one would kill the process before it has finished closing.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`assay: ${signal}, shutting down\n`);
    const timer = setTimeout(() => {
      process.stderr.write('assay: shutdown took too long, exiting\n');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    started
      .then((r) => (typeof r === 'number' ? r : r.close().then(() => 0)))
      .then(
        (code) => process.exit(code),
        (err: unknown) => {
          process.stderr.write(`assay: error while shutting down: ${failureLine(err) ?? String(err)}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const result = await started;
  if (typeof result === 'number') {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    process.exitCode = result;
  }
}

main().catch((err: unknown) => {
  // A failure the commands did not turn into a line themselves: still one line, the stack only
  // at debug level (or for a bug, which nothing describes).
  const line = failureLine(err);
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`assay: ${line ?? stack}\n`);
  if (line !== null && wantsStack(process.env)) process.stderr.write(`${stack}\n`);
  process.exit(1);
});
