// Starts an agent for a command (`assay agent`, `assay start`): its own pino logger on stdout,
// cleaned up if start-up fails; close() stops the agent and flushes the log.
import type { Clock } from '../../lib/clock.ts';
import { createLogger, resolveLogFormat } from '../../lib/logger.ts';
import { createAgent } from '../agent.ts';
import type { AgentSettings } from '../settings/agent-settings.ts';

export interface RunningAgent {
  close(): Promise<void>;
}

/** `stdoutIsTty` decides `log.format: auto`: readable lines on a terminal, JSON lines otherwise. */
export async function runAgent(settings: AgentSettings, deps: { clock: Clock; version: string; stdoutIsTty: boolean }): Promise<RunningAgent> {
  const format = resolveLogFormat(settings.log_format, deps.stdoutIsTty);
  const logger = createLogger({ level: settings.log_level, name: 'assay-agent', format, colors: format === 'pretty' && deps.stdoutIsTty });
  const agent = createAgent({ config: settings, logger, clock: deps.clock, version: deps.version });
  try {
    await agent.start();
  } catch (err) {
    await agent.close();
    throw err;
  }
  return {
    async close() {
      await agent.close();
      logger.flush();
    },
  };
}
