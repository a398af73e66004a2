// The agent's commands: `assay agent` (the daemon), `assay agent status` and `assay classify`.
// Returns an exit code, or the running daemon for the entry point to close on a signal.
import { AGENT_DIR, CliFailure, failureLine, wantsStack } from '../../lib/cli-failure.ts';
import { DefinitionError } from '../../shared/errors.ts';
import { loadAgentSettings } from '../settings/agent-settings.ts';
import { openExistingStateDb } from '../state/state-db.ts';
import { formatAgentStatus, readAgentStatus } from '../status/agent-status.ts';
import { classifyCommand } from './classify-command.ts';
import { type RunningAgent, runAgent } from './run-agent.ts';
import { type AgentCliDeps, type AgentCliIo, AgentUsageError, parseAgentArgs, readConfigText, stateDirFor } from './cli-support.ts';

export const AGENT_COMMANDS = ['agent', 'classify'] as const;

/** sysexits EX_CONFIG: the systemd unit does not restart on it (RestartPreventExitStatus=78). */
export const EXIT_CONFIG = 78;

export const AGENT_USAGE = `
Agent
  agent [--config FILE]                  watch agent.watch.roots, classify, deliver (runs until SIGTERM)
  agent status [--config FILE] [--state-dir DIR] [--json]
                                         files tracked, outbox, last sync, scan progress, failures
  classify PATH... [--format text|json|ndjson|sarif] [--fail-at LABEL] [--rules FILE [--labels FILE]]
           [--config FILE] [--state-dir DIR]
                                         classify files (folders recursively) offline with the cached
                                         rules (or a rules file: GET /api/v1/rules JSON plus --labels,
                                         or {"labels","rules"}); --format: text (default), json (or
                                         --json), ndjson, sarif (SARIF 2.1.0); --fail-at LABEL: exit 3
                                         when any file is at or above LABEL, else 0 (CI gate)
`;

async function daemon(args: readonly string[], io: AgentCliIo, deps: AgentCliDeps): Promise<number | RunningAgent> {
  const { values, positionals } = parseAgentArgs(args, {});
  if (positionals.length > 0) throw new AgentUsageError(`unexpected argument "${positionals[0]}"`);
  let settings;
  try {
    settings = loadAgentSettings(readConfigText(values.config, io), io.env, { cwd: deps.cwd, hostname: deps.hostname });
  } catch (err) {
    if (err instanceof CliFailure) {
      io.stderr.write(`assay agent: ${err.message}; not starting\n`);
      return EXIT_CONFIG;
    }
    if (!(err instanceof DefinitionError)) throw err;
    io.stderr.write(`assay agent: invalid configuration, not starting:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return EXIT_CONFIG;
  }
  return runAgent(settings, { ...deps, stdoutIsTty: (io.stdout as { isTTY?: boolean }).isTTY === true });
}

async function status(args: readonly string[], io: AgentCliIo, deps: AgentCliDeps): Promise<number> {
  const { values, positionals } = parseAgentArgs(args, { 'state-dir': { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length > 0) throw new AgentUsageError(`unexpected argument "${positionals[0]}"`);
  const { stateDir } = stateDirFor(values, io, deps.cwd);
  const db = await openExistingStateDb(stateDir);
  if (!db) {
    io.stderr.write(`assay: no agent state in ${stateDir} (has the agent run with this state_dir?)\n`);
    return 1;
  }
  try {
    const s = await readAgentStatus(db);
    io.stdout.write(values.json ? `${JSON.stringify(s, null, 2)}\n` : `state:              ${stateDir}\n${formatAgentStatus(s)}`);
    return 0;
  } finally {
    await db.close();
  }
}

export async function runAgentCli(argv: readonly string[], io: AgentCliIo, deps: AgentCliDeps): Promise<number | RunningAgent> {
  const [command, ...args] = argv;
  try {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(AGENT_USAGE);
      return 0;
    }
    if (command === 'classify') return await classifyCommand(args, io, deps);
    if (command === 'agent' && args[0] === 'status') return await status(args.slice(1), io, deps);
    if (command === 'agent') return await daemon(args, io, deps);
    throw new AgentUsageError(`unknown command "${command ?? ''}"`);
  } catch (err) {
    if (err instanceof AgentUsageError) {
      io.stderr.write(`assay: ${err.message}\n${AGENT_USAGE}`);
      return 2;
    }
    if (err instanceof DefinitionError) {
      io.stderr.write(`assay: invalid configuration:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`);
      return 1;
    }
    const line = failureLine(err, AGENT_DIR);
    if (line === null) throw err;
    io.stderr.write(`assay: ${line}\n`);
    if (wantsStack(io.env) && err instanceof Error) io.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
