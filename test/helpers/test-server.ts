// Starts the real server on port 0 over a temp data directory, with workspaces and keys made
// through the same admin services the CLI uses. Logs are captured as parsed JSON lines. Storage is
// SQLite in the data directory, or a fresh PostgreSQL database when ASSAY_TEST_STORAGE=postgres
// (vitest.config.ts runs the API suites that way too).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logSink } from './log-sink.ts';
import { pino } from 'pino';
import { configSchema, type ServerConfig } from '../../shared/config/config-schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { startServer, type RunningServer } from '../../server/server-process.ts';
import { createServerMetrics } from '../../server/http/server-metrics.ts';
import { createPolicyAdmin, type PolicyAdmin } from '../../server/services/policy-admin.ts';
import { createRuleAnalyser } from '../../server/services/rule-analysis/rule-analyser.ts';
import { createWorkspaceAdmin, type WorkspaceAdmin } from '../../server/services/workspace-admin.ts';
import type { Repository } from '../../server/storage/repository.ts';
import { type Backend, openTestStorage } from './storage-backends.ts';
import { systemOrigin } from '../../server/services/audit-trail.ts';

export interface TestServer {
  readonly url: string;
  readonly api: string;
  readonly dataDir: string;
  /** Where the data lives: the SQLite file or the PostgreSQL URL. */
  readonly location: string;
  /** The environment that points the admin CLI at this server's database. */
  readonly cliEnv: Record<string, string>;
  readonly repo: Repository;
  readonly workspaces: WorkspaceAdmin;
  readonly policies: PolicyAdmin;
  readonly logs: Record<string, unknown>[];
  readonly rawLogs: string[];
  /** Creates a workspace (default scheme and rules) with one key; returns the key. */
  workspaceWithKey(name: string, opts?: { maxAssets?: number }): Promise<string>;
  /** Creates a key with the admin role in an existing workspace; returns the key. */
  adminKey(workspace: string, keyName?: string): Promise<string>;
  close(): Promise<void>;
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date('2026-06-12T08:30:00Z')): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
}

export async function startTestServer(
  opts: { limits?: Partial<ServerConfig['limits']>; clock?: Clock; server?: Record<string, unknown>; storage?: Backend } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assay-test-'));
  const clock = opts.clock ?? manualClock();
  const { stream, logs, rawLogs } = logSink();
  const logger = pino({ level: 'info' }, stream);
  // One classification worker unless a test asks for more: each one loads the engine through tsx.
  const serverSection = { classification: { workers: 1 }, ...opts.server };
  const config = configSchema.parse({ server: { ...serverSection, data_dir: dataDir, port: 0, limits: opts.limits ?? {} } }).server;
  // The metrics go to the storage too, for its group-commit batches (as serve-command does).
  const metrics = createServerMetrics();
  const storage = await openTestStorage(opts.storage ?? (process.env.ASSAY_TEST_STORAGE === 'postgres' ? 'postgres' : 'sqlite'), clock, dataDir, metrics.writes);
  const repo = storage.repo;
  let server: RunningServer;
  try {
    server = await startServer({ config, logger, clock, version: 'test', repo, metrics });
  } catch (err) {
    await storage.close();
    throw err;
  }
  const workspaces = createWorkspaceAdmin({ repo, clock, origin: systemOrigin('test-setup') });
  const analyser = createRuleAnalyser();
  const policies = createPolicyAdmin({ repo, clock, analyser, origin: systemOrigin('test-setup') });
  let closed = false;
  return {
    url: server.url,
    api: `${server.url}/api/v1`,
    dataDir,
    location: storage.location,
    cliEnv: storage.location.startsWith('postgres') ? { ASSAY_DATABASE_URL: storage.location } : { ASSAY_DATA_DIR: dataDir },
    repo,
    workspaces,
    policies,
    logs,
    rawLogs,
    async workspaceWithKey(name, o = {}) {
      await workspaces.create(name, o.maxAssets ?? null);
      return (await workspaces.createKey(name, `${name}-key`)).key;
    },
    async adminKey(workspace, keyName = `${workspace}-admin`) {
      return (await workspaces.createKey(workspace, keyName, 'admin')).key;
    },
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await analyser.close();
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** fetch with the key header and a JSON body. */
export async function call(
  url: string,
  opts: { key?: string; method?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key !== undefined) headers['X-API-Key'] = opts.key;
  let body: string | undefined = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(url, { method: opts.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}
