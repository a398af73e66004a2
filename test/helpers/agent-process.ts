// The agent as a separate process (`assay agent --config FILE`, see assay-process.ts), for
// signals (SIGKILL, SIGTERM): its key and config file, and a real server that can be stopped and
// started again over the same data directory and port. Imports no vitest, so the fault runs in
// reliability/ use it too.
import { writeFileSync } from 'node:fs';
import { pino } from 'pino';
import { systemClock } from '../../lib/clock.ts';
import { openDataDir, startServer } from '../../server/server-process.ts';
import { createWorkspaceAdmin } from '../../server/services/workspace-admin.ts';
import { configSchema } from '../../shared/config/config-schema.ts';
import { logSink } from './log-sink.ts';
import { systemOrigin } from '../../server/services/audit-trail.ts';

export interface RestartableServer {
  readonly url: string;
  readonly api: string;
  readonly port: number;
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A real server over `dataDir`; closing it keeps the data (unlike startTestServer). */
export async function startServerAt(dataDir: string, port: number): Promise<RestartableServer> {
  const sink = logSink();
  const config = configSchema.parse({ server: { data_dir: dataDir, port } }).server;
  const repo = await openDataDir(dataDir, systemClock);
  const server = await startServer({ config, logger: pino({ level: 'info' }, sink.stream), clock: systemClock, version: 'test', repo });
  return {
    url: server.url,
    api: `${server.url}/api/v1`,
    port: Number(new URL(server.url).port),
    logs: sink.logs,
    async close() {
      await server.close();
      await repo.close();
    },
  };
}

/**
 * Creates workspace `workspace` (no quota) and its key `<workspace>-key` in `dataDir` (server
 * closed or running); writes the key to `keyFile` (0600) when given.
 */
export async function provisionKey(dataDir: string, workspace = 'acme', keyFile?: string): Promise<string> {
  const repo = await openDataDir(dataDir, systemClock);
  try {
    const admin = createWorkspaceAdmin({ repo, clock: systemClock, origin: systemOrigin('test-setup') });
    await admin.create(workspace, null);
    const { key } = await admin.createKey(workspace, `${workspace}-key`);
    if (keyFile) writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    return key;
  } finally {
    await repo.close();
  }
}

/** An agent config file with quick timings (hostname `test-host` unless given; `rescan` a cron schedule; requests time out after 3 s unless given). */
export function writeAgentConfig(file: string, o: { serverUrl: string; keyFile: string; roots: string[]; stateDir: string; hostname?: string; concurrency?: number; rescan?: string; requestTimeoutMs?: number }): void {
  writeFileSync(
    file,
    [
      'agent:',
      `  server_url: ${o.serverUrl}`,
      `  api_key_file: ${o.keyFile}`,
      `  state_dir: ${o.stateDir}`,
      `  hostname: ${o.hostname ?? 'test-host'}`,
      `  concurrency: ${o.concurrency ?? 2}`,
      '  progress_interval_ms: 500',
      '  watch:',
      `    roots: [${o.roots.map((r) => JSON.stringify(r)).join(', ')}]`,
      '    stability_ms: 150',
      '  limits:',
      '    extract_memory_mb: 256',
      '  delivery:',
      '    retry_initial_ms: 100',
      '    retry_max_ms: 1000',
      `    request_timeout_ms: ${o.requestTimeoutMs ?? 3000}`,
      ...(o.rescan ? ['  schedules:', `    rescan: '${o.rescan}'`] : []),
      '',
    ].join('\n'),
  );
}
