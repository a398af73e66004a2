// The agent's own metrics on agent.metrics.listen: off by default, loopback for a bare port,
// Prometheus text with files processed by format and outcome, extraction time, outbox depth,
// delivery errors and watcher mode, each counting exactly what the agent did.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseListen } from '../agent/metrics/metrics-server.ts';
import { cleanupAfterEach, startTestAgent, testSettings, waitFor } from './helpers/agent-harness.ts';
import { parsePrometheusText } from './helpers/prometheus-text.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
const cleanup = cleanupAfterEach();

async function scrape(url: string) {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

describe('agent metrics', () => {
  it('listens on loopback for a bare port and elsewhere only when told', () => {
    expect(parseListen('9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseListen('0.0.0.0:9464')).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(() => parseListen('http://x:1')).toThrow(/agent\.metrics\.listen/);
  });

  it('serves nothing unless agent.metrics.listen is set', async () => {
    const key = await server.workspaceWithKey('agent-metrics-off');
    const a = cleanup.track(await startTestAgent(testSettings({ serverUrl: server.url, key, roots: [cleanup.dir('root')], stateDir: cleanup.dir('state') })));
    expect(a.logs.some((l) => l.msg === 'agent metrics listening')).toBe(false);
  });

  it('counts files by format and outcome, extractions, the outbox, delivery errors and the watcher mode', async () => {
    const key = await server.workspaceWithKey('agent-metrics');
    const root = cleanup.dir('root');
    writeFileSync(join(root, 'a.txt'), 'Confidential — NDA');
    writeFileSync(join(root, 'b.txt'), 'hello');
    writeFileSync(join(root, 'c.md'), '# notes');
    writeFileSync(join(root, 'tool.exe'), Buffer.from([0x4d, 0x5a, 0, 0]));
    const a = cleanup.track(await startTestAgent(testSettings({ serverUrl: server.url, key, roots: [root], stateDir: cleanup.dir('state'), agent: { metrics: { listen: '127.0.0.1:0' } } })));
    const url = String(a.logs.find((l) => l.msg === 'agent metrics listening')!.url);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);

    const done = await waitFor(async () => {
      const e = await scrape(url);
      return e.sum('assay_agent_files_processed_total', { format: 'text', outcome: 'classified' }) === 3 && e.sum('assay_agent_outbox_depth') === 0 && e;
    }, 'three text files classified and delivered');
    expect(done.sum('assay_agent_extraction_duration_seconds_count', { format: 'text', result: 'ok' })).toBe(3);
    expect(done.sum('assay_agent_files_processed_total', { format: 'none' })).toBe(0); // tool.exe is not even submitted
    expect(done.sum('assay_agent_delivery_errors_total')).toBe(0);
    expect(done.samples.filter((s) => s.name === 'assay_agent_watcher').map((s) => [s.labels.mode, s.value])).toEqual([[a.logs.find((l) => l.msg === 'agent started')!.watching, 1]]);
    expect(done.types.has('process_cpu_user_seconds_total')).toBe(true);

    // A revoked key: the next file is classified locally and refused by the server (auth).
    await server.workspaces.revokeKey('agent-metrics', 'agent-metrics-key');
    writeFileSync(join(root, 'd.txt'), 'later');
    const refused = await waitFor(async () => {
      const e = await scrape(url);
      return e.sum('assay_agent_delivery_errors_total', { kind: 'auth' }) >= 1 && e;
    }, 'a delivery refused for the revoked key');
    expect(refused.sum('assay_agent_files_processed_total', { format: 'text', outcome: 'classified' })).toBe(4);
    expect(refused.sum('assay_agent_outbox_depth')).toBe(1);

    expect((await fetch(url.replace('/metrics', '/other'))).status).toBe(404);
  });
});
