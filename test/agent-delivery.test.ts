// How delivery reacts to each kind of answer: 401 pauses loudly and keeps the item; 402 keeps it
// queued until the plan is active again; 422 is recorded as a permanent failure; 503 with
// Retry-After is retried no sooner than asked; backoff grows with jitter up to its cap.
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../agent/client/backoff.ts';
import { agentAssets, cleanupAfterEach, nameOf, setUpAgentTest, startTestAgent, waitFor } from './helpers/agent-harness.ts';

const cleanup = cleanupAfterEach();


describe('backoff', () => {
  it('grows exponentially with jitter up to its cap, and never undercuts Retry-After', () => {
    const low = { initialMs: 1000, maxMs: 60_000, random: () => 0 };
    const high = { ...low, random: () => 0.999999 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(high, n))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(low, n))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(high, 50)).toBe(60_000);
    expect(backoffDelay(low, 1, 30_000)).toBe(30_000);
    expect(backoffDelay(low, 1, 10 * 3600_000)).toBe(3600_000); // a bogus Retry-After is capped at an hour
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(null, 0)).toBeNull();
  });
});

describe('agent delivery', () => {
  it('pauses on 401 and keeps the item; a new key delivers it', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup);
    const first = cleanup.track(await startTestAgent(settings(key)));
    writeFileSync(join(watchDir, 'one.txt'), 'Confidential one');
    await waitFor(async () => (await agentAssets(server.api, key)).size === 1, 'the first file delivered');

    await server.workspaces.revokeKey('acme', 'acme-key');
    writeFileSync(join(watchDir, 'two.txt'), 'Confidential two');
    const paused = await waitFor(async () => {
      const s = await first.agent.status();
      return s.delivery?.status === 'paused' ? s : undefined;
    }, 'delivery paused');
    expect(paused.delivery!.reason).toMatch(/401.*Invalid or revoked API key/);
    expect(paused.outbox.depth).toBe(1);
    expect(first.logs.some((l) => l.level === 50 && String(l.msg).startsWith('DELIVERY PAUSED'))).toBe(true);
    await first.close();

    const newKey = (await server.workspaces.createKey('acme', 'replacement')).key;
    const second = cleanup.track(await startTestAgent(settings(newKey)));
    await waitFor(async () => (await agentAssets(server.api, newKey)).get(nameOf(join(watchDir, 'two.txt'))), 'the queued file delivered with the new key');
    await waitFor(async () => (await second.agent.status()).outbox.depth === 0, 'outbox drained');
  });

  it('keeps items queued while the plan is inactive (402) and delivers them once it is active', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup);
    await server.workspaces.update('acme', { plan: 'inactive' });
    const agent = cleanup.track(await startTestAgent(settings(key)));
    writeFileSync(join(watchDir, 'quota.txt'), 'Internal use only');
    const queued = await waitFor(async () => {
      const s = await agent.agent.status();
      return s.outbox.oldest?.last_error ? s : undefined;
    }, 'a 402 recorded on the item');
    expect(queued.outbox.oldest!.last_error).toMatch(/402.*plan/i);
    await server.workspaces.update('acme', { plan: 'active' });
    await waitFor(async () => (await agentAssets(server.api, key)).size === 1, 'delivered after the plan is active');
  });

  it('records a 422 as a permanent failure and does not retry it until the file changes', async () => {
    // The agent is (wrongly) allowed to send more than this server accepts.
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup, { limits: { content_chars: 2048 }, agent: { limits: { content_chars: 4096 } } });
    const agent = cleanup.track(await startTestAgent(settings(key)));
    const path = join(watchDir, 'long.txt');
    writeFileSync(path, `${'Plain words. '.repeat(300)}`);
    const refused = await waitFor(async () => {
      const s = await agent.agent.status();
      return s.files.delivery_errors === 1 ? s : undefined;
    }, 'the refusal recorded');
    expect(refused.outbox.depth).toBe(0);
    expect(refused.failures[0]).toMatchObject({ path, kind: 'delivery' });
    expect(refused.failures[0]!.reason).toMatch(/^HTTP 422: body\.content: String should have at most 2048 characters/);
    const requests = () => server.logs.filter((l) => l.path === '/api/v1/classify').length;
    const before = requests();
    await agent.agent.scan();
    // Delivery is asynchronous: a file queued again by the scan would be sent after scan()
    // returns. The outbox goes in order, so once a file written after the scan is delivered, a
    // re-send of the refused one would have been made, and counted, before it.
    const marker = join(watchDir, 'after-scan.txt');
    writeFileSync(marker, 'Internal marker');
    await waitFor(async () => (await agentAssets(server.api, key)).get(nameOf(marker)), 'the file written after the scan delivered');
    expect(requests()).toBe(before + 1);
    writeFileSync(path, 'Short now, and confidential.');
    await waitFor(async () => (await agentAssets(server.api, key)).get(nameOf(path)), 'the changed file delivered');
  });

  it('waits as long as Retry-After asks after a 503', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup);
    // A proxy in front of the real server that answers the first POST /classify with 503.
    let refusedAt = 0;
    let retriedAt = 0;
    const proxy: Server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/api/v1/classify') {
        if (refusedAt === 0) {
          refusedAt = Date.now();
          req.resume();
          res.writeHead(503, { 'Retry-After': '1', 'Content-Type': 'application/json' }).end('{"detail":"maintenance"}');
          return;
        }
        retriedAt ||= Date.now();
      }
      const upstream = httpRequest(`${server.url}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    cleanup.defer(() => new Promise<void>((r) => proxy.close(() => r())));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    cleanup.track(await startTestAgent(settings(key, url)));
    writeFileSync(join(watchDir, 'later.txt'), 'For internal use only');
    await waitFor(async () => (await agentAssets(server.api, key)).size === 1, 'delivered after the 503');
    expect(retriedAt - refusedAt).toBeGreaterThanOrEqual(1000);
  });
});
