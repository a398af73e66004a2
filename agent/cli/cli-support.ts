// What the agent's commands share: their I/O and dependencies, argument parsing that turns
// mistakes into AgentUsageError, and where the config file and the state directory are.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliFailure } from '../../lib/cli-failure.ts';
import type { Clock } from '../../lib/clock.ts';
import { loadConfig } from '../../shared/config/load-config.ts';

export interface AgentCliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface AgentCliDeps {
  readonly clock: Clock;
  readonly version: string;
  /** The machine's host name (asset name prefix unless agent.hostname is set). */
  readonly hostname: string;
  readonly cwd: string;
}

export class AgentUsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseAgentArgs<O extends Options>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new AgentUsageError((err as Error).message);
  }
}

/** The config file named by --config or ASSAY_CONFIG, or null (embedded defaults). */
export function readConfigText(flag: string | undefined, io: AgentCliIo): string | null {
  const file = flag ?? io.env.ASSAY_CONFIG;
  if (!file) return null;
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliFailure(`cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** The state directory for read-only commands: --state-dir, else agent.state_dir of the config. */
export function stateDirFor(values: { config?: string | undefined; 'state-dir'?: string | undefined }, io: AgentCliIo, cwd: string): { stateDir: string; hostname: string | undefined } {
  const config = loadConfig(readConfigText(values.config, io), io.env);
  return { stateDir: resolve(cwd, values['state-dir'] ?? config.agent.state_dir), hostname: config.agent.hostname };
}
