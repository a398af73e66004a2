// SIGTERM while the agent is busy: it stops intake, persists what is in flight, closes its
// database and exits 0 within 5 s; restarted, it delivers everything, losing nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentAssets, cleanupAfterEach, waitFor } from './helpers/agent-harness.ts';
import { writeAgentConfig } from './helpers/agent-process.ts';
import { spawnAssay } from './helpers/assay-process.ts';
import { makePdf } from './helpers/documents.ts';
import { startTestServer } from './helpers/test-server.ts';

const cleanup = cleanupAfterEach();

describe('agent shutdown', () => {
  it('exits 0 within 5 s on SIGTERM in the middle of work and loses nothing', async () => {
    const watchDir = cleanup.dir('watch');
    const stateDir = cleanup.dir('state');
    const etc = cleanup.dir('etc');
    const server = cleanup.track(await startTestServer());
    const key = await server.workspaceWithKey('acme');
    const keyFile = join(etc, 'agent.key');
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    const configFile = join(etc, 'agent.yaml');
    writeAgentConfig(configFile, { serverUrl: server.url, keyFile, roots: [watchDir], stateDir, concurrency: 1 });

    const pdf = await makePdf(['Quarterly report', 'Strictly confidential figures']);
    const count = 24;
    for (let i = 0; i < count; i++) writeFileSync(join(watchDir, `doc-${i}.${i % 2 ? 'pdf' : 'txt'}`), i % 2 ? pdf : `Memo ${i}: for internal use only`);

    const first = cleanup.track(spawnAssay(['agent', '--config', configFile]));
    await first.waitForLog((l) => l.msg === 'classified locally', 'the first file to be classified');
    const started = Date.now();
    first.child.kill('SIGTERM');
    const { code } = await first.exited;
    expect(code, first.output().slice(-2000)).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(first.output()).toContain('"msg":"agent stopped"');

    const second = cleanup.track(spawnAssay(['agent', '--config', configFile]));
    const assets = await waitFor(async () => {
      const a = await agentAssets(server.api, key);
      return a.size === count ? a : undefined;
    }, `all ${count} files delivered after the restart`, 40_000);
    for (const a of assets.values()) expect(a.label.name).toBe(a.name.endsWith('.pdf') ? 'Confidential' : 'Internal');
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
