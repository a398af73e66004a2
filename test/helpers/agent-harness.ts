// Runs the real agent in-process against a real test server: settings for temp folders, captured
// JSON logs, the polling waitFor (from wait-for.ts), and inventory look-ups.
import { logSink } from './log-sink.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach } from 'vitest';
import { type Agent, createAgent } from '../../agent/agent.ts';
import { type AgentSettings, resolveAgentSettings } from '../../agent/settings/agent-settings.ts';
import { systemClock } from '../../lib/clock.ts';
import type { Asset } from '../../shared/api/schemas.ts';
import { configSchema } from '../../shared/config/config-schema.ts';
import { call, startTestServer, type TestServer } from './test-server.ts';
import { waitFor } from './wait-for.ts';

export const TEST_HOST = 'test-host';

export interface Cleanup {
  /** A fresh temp directory, removed after the test. */
  dir(prefix: string): string;
  /** Closed after the test (before the directories are removed). */
  track<T extends { close(): Promise<void> }>(closable: T): T;
  defer(fn: () => Promise<void> | void): void;
}

/** Registers an afterEach that undoes, newest first, what the test set up through the returned object. */
export function cleanupAfterEach(): Cleanup {
  const undo: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of undo.splice(0).reverse()) await fn();
  });
  return {
    dir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), `assay-${prefix}-`));
      undo.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    track(closable) {
      undo.push(() => closable.close());
      return closable;
    },
    defer: (fn) => void undo.push(fn),
  };
}

/** Settings for a test agent: fast stability, quick progress, short retries. */
export function testSettings(opts: { serverUrl: string; key: string; roots: string[]; stateDir: string; agent?: Record<string, unknown> }): AgentSettings {
  const extra = opts.agent ?? {};
  const config = configSchema.parse({
    agent: {
      ...extra,
      server_url: opts.serverUrl,
      api_key: opts.key,
      state_dir: opts.stateDir,
      hostname: TEST_HOST,
      progress_interval_ms: 500,
      watch: { stability_ms: 150, ...(extra.watch as object | undefined), roots: opts.roots },
      limits: { extract_timeout_ms: 20_000, extract_memory_mb: 256, ...(extra.limits as object | undefined) },
      delivery: { retry_initial_ms: 50, retry_max_ms: 500, request_timeout_ms: 5000, ...(extra.delivery as object | undefined) },
    },
  }).agent;
  return resolveAgentSettings(config, { cwd: process.cwd(), hostname: 'unused' });
}

export interface TestAgent {
  readonly agent: Agent;
  readonly logs: Record<string, unknown>[];
  readonly rawLogs: string[];
  close(): Promise<void>;
}

export { logSink, waitFor };

export async function startTestAgent(settings: AgentSettings): Promise<TestAgent> {
  const sink = logSink();
  const agent = createAgent({ config: settings, logger: pino({ level: 'debug' }, sink.stream), clock: systemClock, version: 'test' });
  await agent.start();
  return { agent, logs: sink.logs, rawLogs: sink.rawLogs, close: () => agent.close() };
}

/** Every agent asset (active and removed), by name. */
export async function agentAssets(api: string, key: string): Promise<Map<string, Asset>> {
  const res = await call(`${api}/assets?source=agent&status=all&limit=500`, { key });
  if (res.status !== 200) throw new Error(`GET /assets: ${res.status} ${res.text}`);
  return new Map((res.body as Asset[]).map((a) => [a.name, a]));
}

export const nameOf = (path: string) => `${TEST_HOST}:${path}`;

/** Runs an agent until the server holds `count` agent assets, then closes it; its logs stay readable. */
export async function deliverAll(settings: AgentSettings, api: string, key: string, count: number): Promise<{ agent: TestAgent; assets: Map<string, Asset> }> {
  const agent = await startTestAgent(settings);
  try {
    const assets = await waitFor(async () => {
      const a = await agentAssets(api, key);
      return a.size === count ? a : undefined;
    }, 'every file delivered');
    return { agent, assets };
  } finally {
    await agent.close();
  }
}

/** Active resources of this process, for "nothing left open after close()" checks. */
export function activeResources(): string[] {
  return process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
}

/** Resource kinds there are more of now than in `before` (timers, watchers, sockets, ...). */
export function leakedResources(before: readonly string[]): string[] {
  const count = (list: readonly string[]) => list.reduce((m, r) => m.set(r, (m.get(r) ?? 0) + 1), new Map<string, number>());
  const was = count(before);
  return [...count(activeResources())].filter(([r, n]) => n > (was.get(r) ?? 0)).map(([r, n]) => `${r} x${n - (was.get(r) ?? 0)}`);
}

export interface AgentTestSetup {
  readonly server: TestServer;
  readonly key: string;
  readonly watchDir: string;
  readonly stateDir: string;
  /** Settings for an agent on watchDir/stateDir (another key or server URL when given). */
  settings(key?: string, serverUrl?: string): AgentSettings;
}

/** A test server with workspace "acme" and its key, a folder to watch and a state directory, all cleaned up after the test. */
export async function setUpAgentTest(cleanup: Cleanup, opts: { limits?: { content_chars: number }; agent?: Record<string, unknown> } = {}): Promise<AgentTestSetup> {
  const watchDir = cleanup.dir('watch');
  const stateDir = cleanup.dir('state');
  const server = cleanup.track(await startTestServer(opts.limits ? { limits: opts.limits } : {}));
  const key = await server.workspaceWithKey('acme');
  const settings = (k = key, url = server.url) => testSettings({ serverUrl: url, key: k, roots: [watchDir], stateDir, ...(opts.agent ? { agent: opts.agent } : {}) });
  return { server, key, watchDir, stateDir, settings };
}
