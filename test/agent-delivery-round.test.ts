// A delivery round goes out whole: `requests_in_flight` requests open at the server at once, with
// sockets left over for the heartbeat; and of a round answered 2xx, 503 and not at all (timeout),
// only the 2xx item is acknowledged, the other two are sent again, and a 2xx whose label differs
// from the local one is reported as a mismatch for that file only. A real agent and a real server,
// with a proxy between them that holds POST /classify until a round is complete.
import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentAssets, cleanupAfterEach, setUpAgentTest, startTestAgent, TEST_HOST, waitFor } from './helpers/agent-harness.ts';

const cleanup = cleanupAfterEach();
const IN_FLIGHT = 3;
/** A partial round (the scan had queued fewer items) held this long with nothing new is refused, 503, and comes back fuller. */
const PARTIAL_ROUND_MS = 300;
/** How long a complete round is held waiting for a heartbeat to get through beside it. */
const HEARTBEAT_WAIT_MS = 1500;

interface Held {
  readonly name: string;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly body: Buffer;
}

describe('agent delivery: a round at once', () => {
  it('has requests_in_flight requests open together, and of a 2xx, a 503 and a timeout acknowledges only the 2xx and checks its label', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup, {
      agent: { delivery: { requests_in_flight: IN_FLIGHT, request_timeout_ms: 2000 }, schedules: { heartbeat: 0.1 } },
    });
    const forward = (h: Held) => {
      const upstream = httpRequest(`${server.url}${h.req.url}`, { method: h.req.method, headers: h.req.headers }, (up) => {
        h.res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(h.res);
      });
      upstream.end(h.body);
    };
    /** Forwards, and answers with the stored asset under another label (as if the server's rules differed). */
    const forwardRelabelled = (h: Held) => {
      const upstream = httpRequest(`${server.url}${h.req.url}`, { method: h.req.method, headers: h.req.headers }, async (up) => {
        const chunks: Buffer[] = [];
        for await (const c of up) chunks.push(c as Buffer);
        const asset = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { label: { name: string } };
        asset.label.name = 'Relabelled';
        h.res.writeHead(up.statusCode ?? 502, { 'Content-Type': 'application/json' }).end(JSON.stringify(asset));
      });
      upstream.end(h.body);
    };
    const refuse = (h: Held) => void h.res.writeHead(503, { 'Content-Type': 'application/json' }).end('{"detail":"busy"}');

    let phase: 'gathering' | 'full' | 'pass' = 'gathering';
    let held: Held[] = [];
    let open = 0;
    let peak = 0;
    let fullRound: string[] = [];
    let heartbeatBesideRound = false;
    const sentAgain = new Map<string, number>();
    let partialTimer: NodeJS.Timeout | undefined;
    let heartbeatTimer: NodeJS.Timeout | undefined;

    /** The complete round: the first answered by the server, the second 503, the third never (the agent times out). */
    function release(): void {
      clearTimeout(heartbeatTimer);
      phase = 'pass';
      const [ok, refused] = held;
      forwardRelabelled(ok!);
      refuse(refused!);
      held = [];
    }

    const proxy: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (req.method === 'PUT' && req.url?.startsWith('/api/v1/agents/') && phase === 'full') {
          heartbeatBesideRound = true;
          release();
        }
        if (!(req.method === 'POST' && req.url === '/api/v1/classify')) return forward({ name: '', req, res, body });
        const h: Held = { name: (JSON.parse(body.toString('utf8')) as { name: string }).name, req, res, body };
        open++;
        peak = Math.max(peak, open);
        res.on('close', () => open--);
        if (phase !== 'gathering') {
          if (phase === 'pass') sentAgain.set(h.name, (sentAgain.get(h.name) ?? 0) + 1);
          return forward(h);
        }
        held.push(h);
        clearTimeout(partialTimer);
        if (held.length === IN_FLIGHT) {
          phase = 'full';
          fullRound = held.map((x) => x.name);
          heartbeatTimer = setTimeout(release, HEARTBEAT_WAIT_MS);
          return;
        }
        partialTimer = setTimeout(() => {
          for (const x of held.splice(0)) refuse(x);
        }, PARTIAL_ROUND_MS);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    cleanup.defer(() => {
      clearTimeout(partialTimer);
      clearTimeout(heartbeatTimer);
      proxy.closeAllConnections();
      return new Promise<void>((r) => proxy.close(() => r()));
    });

    // One file more than a round: a round must not take it.
    for (const n of ['a', 'b', 'c', 'd']) writeFileSync(join(watchDir, `${n}.txt`), `Confidential ${n}`);
    const agent = cleanup.track(await startTestAgent(settings(key, `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)));
    const assets = await waitFor(async () => {
      const a = await agentAssets(server.api, key);
      return a.size === 4 ? a : undefined;
    }, 'every file delivered');

    expect(fullRound).toHaveLength(IN_FLIGHT);
    expect(new Set(fullRound).size).toBe(IN_FLIGHT);
    expect(peak).toBe(IN_FLIGHT);
    expect(heartbeatBesideRound).toBe(true);
    const [ok, refused, timedOut] = fullRound as [string, string, string];
    const rest = [...assets.keys()].find((name) => !fullRound.includes(name))!;
    // The 2xx item was acknowledged: never sent again. The 503 and the timed-out one were, once each, as was the fourth file.
    expect(Object.fromEntries(sentAgain)).toEqual({ [refused]: 1, [timedOut]: 1, [rest]: 1 });
    expect(sentAgain.has(ok)).toBe(false);
    // Only the relabelled answer differs from what the local engine found.
    const mismatches = agent.logs.filter((l) => String(l.msg).startsWith('the server classified differently'));
    expect(mismatches.map((l) => [`${TEST_HOST}:${String(l.path)}`, l.server_label])).toEqual([[ok, 'Relabelled']]);
  });
});
