// The agent `assay start` runs beside its server: it watches ./inbox (created if missing) and
// delivers to that server with the key the server keeps in DATA_DIR/agent.key.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Clock } from '../../lib/clock.ts';
import type { AgentConfig, LogFormat } from '../../shared/config/config-schema.ts';
import { resolveAgentSettings } from '../settings/agent-settings.ts';
import { type RunningAgent, runAgent } from './run-agent.ts';

export const INBOX_DIR = 'inbox';

export interface LocalServer {
  readonly url: string;
  readonly localAgentKeyFile: string;
  readonly agentConfig: AgentConfig;
  readonly dataDir: string;
  readonly logFormat: LogFormat;
}

export async function startLocalAgent(server: LocalServer, deps: { clock: Clock; version: string; hostname: string; cwd: string; stdoutIsTty: boolean }): Promise<RunningAgent & { inbox: string }> {
  const inbox = resolve(deps.cwd, INBOX_DIR);
  mkdirSync(inbox, { recursive: true });
  const { api_key: _inline, ...agentConfig } = server.agentConfig;
  const settings = resolveAgentSettings(
    {
      ...agentConfig,
      server_url: server.url,
      api_key_file: server.localAgentKeyFile,
      state_dir: join(resolve(deps.cwd, server.dataDir), 'agent'),
      watch: { ...agentConfig.watch, roots: [inbox] },
    },
    { cwd: deps.cwd, hostname: deps.hostname, logFormat: server.logFormat },
  );
  const agent = await runAgent(settings, deps);
  return { inbox, close: () => agent.close() };
}
