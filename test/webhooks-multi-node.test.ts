// Two servers on one PostgreSQL database share the webhook outbox: every event is sent exactly
// once (each delivery leased by one node with FOR UPDATE SKIP LOCKED), in creation order, while
// classifications arrive through both nodes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { systemClock } from '../lib/clock.ts';
import { configSchema } from '../shared/config/config-schema.ts';
import { type RunningServer, startServer } from '../server/server-process.ts';
import { createWorkspaceAdmin } from '../server/services/workspace-admin.ts';
import { systemOrigin } from '../server/services/audit-trail.ts';
import { openPgRepository } from '../server/storage/pg-repository.ts';
import type { Repository } from '../server/storage/repository.ts';
import { logSink } from './helpers/log-sink.ts';
import { freshPgDatabase, unavailable } from './helpers/storage-backends.ts';
import { call } from './helpers/test-server.ts';
import { type Receiver, startReceiver } from './helpers/webhook-receiver.ts';
import { waitFor } from './helpers/wait-for.ts';

describe.skipIf(unavailable('postgres'))('webhooks with two servers on one PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof freshPgDatabase>>;
  const repos: Repository[] = [];
  const nodes: RunningServer[] = [];
  const logs: Record<string, unknown>[][] = [];
  let receiver: Receiver;
  let key: string;
  let admin: string;

  beforeAll(async () => {
    db = await freshPgDatabase();
    const config = configSchema.parse({
      server: { port: 0, classification: { workers: 1 }, webhooks: { allow_private: true, poll_interval_ms: 20, concurrency: 8, backoff_base_ms: 100, backoff_max_ms: 200 } },
    }).server;
    for (let i = 0; i < 2; i++) {
      const repo = await openPgRepository({ url: db.url, poolSize: 4, statementTimeoutMs: 30_000, clock: systemClock, waitMs: 0 });
      repos.push(repo);
      const sink = logSink();
      logs.push(sink.logs);
      nodes.push(await startServer({ config, logger: pino({ level: 'info' }, sink.stream), clock: systemClock, version: 'test', repo }));
    }
    const workspaces = createWorkspaceAdmin({ repo: repos[0]!, clock: systemClock, origin: systemOrigin('test-setup') });
    await workspaces.create('acme', null);
    key = (await workspaces.createKey('acme', 'k')).key;
    admin = (await workspaces.createKey('acme', 'a', 'admin')).key;
    receiver = await startReceiver((n) => (n % 7 === 3 ? 503 : 200));
  }, 60_000);

  afterAll(async () => {
    for (const n of nodes) await n.close();
    for (const r of repos) await r.close();
    await receiver?.close();
    await db?.drop();
  });

  it('sends each event once, in creation order, with both nodes polling', async () => {
    const created = await call(`${nodes[0]!.url}/api/v1/admin/webhooks`, { key: admin, json: { url: receiver.url, events: ['asset.classified'] } });
    expect(created.status, created.text).toBe(201);
    const id = (created.body as { id: number }).id;
    const names = Array.from({ length: 40 }, (_, i) => `doc-${String(i).padStart(2, '0')}.txt`);
    for (const [i, name] of names.entries()) {
      const res = await call(`${nodes[i % 2]!.url}/api/v1/classify`, { key, json: { name, content: 'x' } });
      expect(res.status).toBe(201);
    }
    await waitFor(async () => {
      const list = (await call(`${nodes[1]!.url}/api/v1/admin/webhooks/${id}/deliveries?limit=200`, { key: admin })).body as { status: string }[];
      return list.length === 40 && list.every((d) => d.status === 'delivered');
    }, 'all 40 delivered', 30_000);
    // Accepted answers: exactly one per event (503s were retried, and were not acted on).
    const accepted = receiver.requests.filter((_, n) => n % 7 !== 3);
    expect(accepted.map((r) => r.event.asset.name)).toEqual(names);
    expect(new Set(accepted.map((r) => r.headers['assay-event-id'])).size).toBe(40);
    // Every request, retries included, came in creation order: no event overtook an earlier one.
    const firstSeen = [...new Map(receiver.requests.map((r) => [r.event.asset.name, true])).keys()];
    expect(firstSeen).toEqual(names);
    // The senders' side: 40 deliveries logged across the two nodes, each event by one node only,
    // and as many attempts as the receiver saw requests.
    const delivered = logs.map((l) => l.filter((e) => e.msg === 'webhook delivered'));
    expect(delivered[0]!.length + delivered[1]!.length).toBe(40);
    const byNode = delivered.map((d) => new Set(d.map((e) => e.event_id)));
    expect([...byNode[0]!].filter((e) => byNode[1]!.has(e))).toEqual([]);
    const attempts = logs.flat().filter((e) => typeof e.msg === 'string' && e.msg.startsWith('webhook deliver')).length;
    expect(attempts).toBe(receiver.requests.length);
    console.info(`node A sent ${delivered[0]!.length}, node B ${delivered[1]!.length} of 40 events; ${receiver.requests.length} requests in all`);
  });
});
