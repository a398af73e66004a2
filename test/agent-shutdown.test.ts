// SIGTERM while the agent is busy: it stops intake, abandons what the server has not answered (it
// stays queued), closes its database and exits 0; restarted, it delivers everything, losing nothing.
// The stop is bounded without a stopwatch in the test: `assay` exits 1 with "shutdown took too long"
// if close() has not finished SHUTDOWN_GRACE_MS (10 s, cli/main.ts) after the signal, inside
// systemd's TimeoutStopSec (15 s), and close() waits for nothing outside the process but its
// delivery grace (DELIVERY_GRACE_MS, 1.5 s, agent/agent.ts). Here the server never answers the
// agent's deliveries and the agent's requests would time out only after ten minutes, so an agent
// that waited for them would be cut off by that deadline (exit 1), as one with the grace removed is.
import { writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentAssets, cleanupAfterEach, waitFor } from './helpers/agent-harness.ts';
import { writeAgentConfig } from './helpers/agent-process.ts';
import { spawnAssay } from './helpers/assay-process.ts';
import { makePdf } from './helpers/documents.ts';
import { startTestServer } from './helpers/test-server.ts';

const cleanup = cleanupAfterEach();

/** A proxy to `target` that, while `holding`, takes the agent's deliveries (POST /api/v1/classify) and never answers them. */
async function holdingProxy(target: string): Promise<{ url: string; holding: boolean; held: number; close(): Promise<void> }> {
  const open = new Set<ServerResponse>();
  const state = {
    url: '',
    holding: true,
    held: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.socket?.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (state.holding && req.method === 'POST' && req.url === '/api/v1/classify') {
      state.held++;
      open.add(res);
      req.resume();
      return;
    }
    const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return state;
}

describe('agent shutdown', () => {
  it('exits 0 on SIGTERM in the middle of work while the server answers none of its deliveries, and loses nothing', async () => {
    const watchDir = cleanup.dir('watch');
    const stateDir = cleanup.dir('state');
    const etc = cleanup.dir('etc');
    const server = cleanup.track(await startTestServer());
    const proxy = cleanup.track(await holdingProxy(server.url));
    const key = await server.workspaceWithKey('acme');
    const keyFile = join(etc, 'agent.key');
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    const configFile = join(etc, 'agent.yaml');
    writeAgentConfig(configFile, { serverUrl: proxy.url, keyFile, roots: [watchDir], stateDir, concurrency: 1, requestTimeoutMs: 600_000 });

    const pdf = await makePdf(['Quarterly report', 'Strictly confidential figures']);
    const count = 24;
    for (let i = 0; i < count; i++) writeFileSync(join(watchDir, `doc-${i}.${i % 2 ? 'pdf' : 'txt'}`), i % 2 ? pdf : `Memo ${i}: for internal use only`);

    const first = cleanup.track(spawnAssay(['agent', '--config', configFile]));
    await first.waitForLog((l) => l.msg === 'classified locally', 'the first file to be classified');
    await waitFor(() => proxy.held > 0, 'a delivery the server holds unanswered');
    first.child.kill('SIGTERM');
    const { code } = await first.exited;
    expect(code, first.output().slice(-2000)).toBe(0);
    expect(first.output()).toContain('"msg":"agent stopped"');
    expect(first.output()).not.toMatch(/shutdown took too long|error while shutting down|"level":50/);
    const delivered = await agentAssets(server.api, key);
    expect(delivered.size).toBe(0); // nothing reached the server: every delivery was held, then abandoned

    proxy.holding = false;
    const second = cleanup.track(spawnAssay(['agent', '--config', configFile]));
    const assets = await waitFor(async () => {
      const a = await agentAssets(server.api, key);
      return a.size === count ? a : undefined;
    }, `all ${count} files delivered after the restart`, 40_000);
    for (const a of assets.values()) expect(a.label.name).toBe(a.name.endsWith('.pdf') ? 'Confidential' : 'Internal');
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 90_000);
});
