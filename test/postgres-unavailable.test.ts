// The database going away under a running server on PostgreSQL (a TCP relay between them is cut):
// requests are answered 503 with Retry-After and a JSON detail, never 500, and the server serves
// again by itself once the database is reachable. Opening waits for an unreachable database,
// logging each attempt, and gives up only after `waitMs`.
import { createServer, type Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { configSchema } from '../shared/config/config-schema.ts';
import { StorageUnavailableError } from '../shared/errors.ts';
import { startServer, type RunningServer } from '../server/server-process.ts';
import { createWorkspaceAdmin } from '../server/services/workspace-admin.ts';
import { openPgRepository } from '../server/storage/pg-repository.ts';
import type { Repository } from '../server/storage/repository.ts';
import { freePort } from './helpers/assay-process.ts';
import { logSink } from './helpers/log-sink.ts';
import { freshPgDatabase, unavailable } from './helpers/storage-backends.ts';
import { call, manualClock } from './helpers/test-server.ts';
import { systemOrigin } from '../server/services/audit-trail.ts';

/** Relays 127.0.0.1:port to the database; `cut` closes it and every connection through it. */
function relay(port: number, target: URL): { start(): Promise<void>; cut(): Promise<void> } {
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  return {
    start: () =>
      new Promise((resolve) => {
        server = createServer((client) => {
          const upstream = new Socket();
          upstream.connect(Number(target.port), target.hostname);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('error', () => undefined);
            s.on('close', () => sockets.delete(s));
          }
          client.pipe(upstream).pipe(client);
        });
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    cut: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server?.close(() => resolve());
      }),
  };
}

describe.skipIf(unavailable('postgres'))('PostgreSQL unreachable', () => {
  let db: Awaited<ReturnType<typeof freshPgDatabase>>;
  let repo: Repository;
  let server: RunningServer;
  let link: ReturnType<typeof relay>;
  let key: string;
  const clock = manualClock();

  beforeAll(async () => {
    db = await freshPgDatabase();
    const target = new URL(db.url);
    const port = await freePort();
    link = relay(port, target);
    await link.start();
    const viaRelay = new URL(db.url);
    viaRelay.port = String(port);
    repo = await openPgRepository({ url: viaRelay.toString(), poolSize: 4, statementTimeoutMs: 10_000, clock, waitMs: 0 });
    const admin = createWorkspaceAdmin({ repo, clock, origin: systemOrigin('test-setup') });
    await admin.create('acme', null);
    key = (await admin.createKey('acme', 'k')).key;
    const config = configSchema.parse({ server: { port: 0, data_dir: '/nonexistent-assay-test' } }).server;
    server = await startServer({ config, logger: pino({ level: 'silent' }), clock, version: 'test', repo });
  });

  afterAll(async () => {
    await server?.close();
    await repo?.close();
    await db?.drop();
  });

  it('answers 503 with Retry-After and a JSON detail while it is gone, and recovers by itself', async () => {
    const classify = (name: string) => call(`${server.url}/api/v1/classify`, { key, json: { name, content: 'hello' } });
    expect((await classify('before.txt')).status).toBe(201);
    await link.cut();
    for (const name of ['during-1.txt', 'during-2.txt']) {
      const res = await classify(name);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(res.body).toEqual({ detail: expect.stringMatching(/^The database is unavailable/), code: 'storage_unavailable' });
    }
    expect((await call(`${server.url}/api/v1/assets`, { key })).status).toBe(503);
    await link.start();
    expect((await classify('after.txt')).status).toBe(201);
    const names = (await call(`${server.url}/api/v1/assets`, { key })).body as { name: string }[];
    expect(names.map((a) => a.name).sort()).toEqual(['after.txt', 'before.txt']);
  });

  it('waits for an unreachable database at start-up, logging each attempt, until waitMs', async () => {
    const sink = logSink();
    const waits: number[] = [];
    const start = manualClock();
    const url = `postgres://postgres:secret-pw@127.0.0.1:${await freePort()}/none`;
    const opening = openPgRepository({
      url,
      poolSize: 1,
      statementTimeoutMs: 1000,
      clock: start,
      logger: pino({ level: 'info' }, sink.stream),
      waitMs: 10_000,
      sleep: async (ms) => void (waits.push(ms), start.advance(ms)),
    });
    await expect(opening).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    const lines = sink.logs.filter((l) => l.msg === 'database unavailable; waiting for it');
    expect(lines).toHaveLength(waits.length);
    expect(JSON.stringify(sink.logs)).not.toContain('secret-pw');
    expect(String(lines[0]!.database)).toMatch(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:/);
  });
});
