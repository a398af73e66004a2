// At-least-once delivery across a server outage and a SIGKILL: the agent keeps classifying while
// the server is down, queues on disk, is killed mid-way, and after both restart every file is in
// the inventory exactly once, with nothing that was acknowledged sent again.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AssetDetail } from '../shared/api/schemas.ts';
import { agentAssets, cleanupAfterEach, nameOf, waitFor } from './helpers/agent-harness.ts';
import { provisionKey, type RestartableServer, startServerAt, writeAgentConfig } from './helpers/agent-process.ts';
import { spawnAssay } from './helpers/assay-process.ts';
import { makeDocx, makePdf } from './helpers/documents.ts';
import { call } from './helpers/test-server.ts';

const cleanup = cleanupAfterEach();

const created = (s: RestartableServer) => s.logs.filter((l) => l.path === '/api/v1/classify' && l.status === 201).length;

describe('agent delivery across an outage and a crash', () => {
  it('queues on disk while the server is down and delivers every file exactly once after SIGKILL and restart', async () => {
    const dataDir = cleanup.dir('data');
    const watchDir = cleanup.dir('watch');
    const stateDir = cleanup.dir('state');
    const etc = cleanup.dir('etc');
    const keyFile = join(etc, 'agent.key');
    const key = await provisionKey(dataDir, 'acme', keyFile);
    const first = cleanup.track(await startServerAt(dataDir, 0));
    const configFile = join(etc, 'agent.yaml');
    writeAgentConfig(configFile, { serverUrl: first.url, keyFile, roots: [watchDir], stateDir, concurrency: 1 });

    const agent1 = cleanup.track(spawnAssay(['agent', '--config', configFile]));
    await agent1.waitForLog((l) => l.msg === 'agent started', 'the agent to start');

    // Batch A, delivered while the server is up.
    const batchA: Record<string, Buffer | string> = {
      'a-contract.txt': 'Confidential: payment to IBAN DE89 3704 0044 0532 0130 00',
      'a-notes.txt': 'Nothing to see here.',
      'a-report.pdf': await makePdf(['For internal use only.']),
      'a-letter.docx': await makeDocx(['Dear all, lunch is at noon.']),
    };
    for (const [n, d] of Object.entries(batchA)) writeFileSync(join(watchDir, n), d);
    await waitFor(async () => (await agentAssets(first.api, key)).size === 4, 'batch A delivered');
    await waitFor(() => agent1.logs.filter((l) => l.msg === 'delivered').length === 4, 'batch A acknowledged');

    // The server goes away; batch B is classified locally and queued.
    await first.close();
    const labelsB: Record<string, string> = {};
    for (let i = 0; i < 12; i++) {
      const sensitive = i % 3 === 0;
      writeFileSync(join(watchDir, `b-${i}.txt`), sensitive ? `Strictly confidential item ${i}` : `Plain item ${i}`);
      labelsB[`b-${i}.txt`] = sensitive ? 'Confidential' : 'Public';
    }
    const isB = (l: Record<string, unknown>) => l.msg === 'classified locally' && String(l.path).includes('/b-');
    await agent1.waitForLog((l) => l.msg === 'delivery failed; kept in the outbox, will retry', 'a failed delivery');
    await waitFor(() => agent1.logs.filter(isB).length >= 4, 'several batch B files classified locally');
    for (const l of agent1.logs.filter(isB)) expect(l.label).toBe(labelsB[String(l.path).split('/').pop()!]);

    // Killed in the middle (some of batch B may not even be classified yet).
    agent1.child.kill('SIGKILL');
    expect((await agent1.exited).signal).toBe('SIGKILL');

    // The queue is on disk: `assay agent status` sees it.
    const status = spawnAssay(['agent', 'status', '--config', configFile, '--json']);
    expect((await status.exited).code, status.output()).toBe(0);
    const report = JSON.parse(status.output()) as { outbox: { depth: number; oldest: { path: string } | null }; files: { delivered: number } };
    expect(report.outbox.depth).toBeGreaterThanOrEqual(4);
    expect(report.outbox.oldest?.path).toMatch(/\/b-\d+\.txt$/);
    expect(report.files.delivered).toBe(4);

    // Both come back, on the same port.
    const second = cleanup.track(await startServerAt(dataDir, first.port));
    const agent2 = cleanup.track(spawnAssay(['agent', '--config', configFile]));
    const all = await waitFor(async () => {
      const a = await agentAssets(second.api, key);
      return a.size === 16 ? a : undefined;
    }, 'all 16 files in the inventory', 40_000);

    const expected = [...Object.keys(batchA), ...Object.keys(labelsB)].map((n) => nameOf(join(watchDir, n))).sort();
    expect([...all.keys()].sort()).toEqual(expected);
    for (const [n, label] of Object.entries(labelsB)) expect(all.get(nameOf(join(watchDir, n)))!.label.name).toBe(label);
    expect(all.get(nameOf(join(watchDir, 'a-contract.txt')))!.label.name).toBe('Confidential');
    // Exactly once: one classification per file in its history, and one 201 per file over both servers.
    for (const a of all.values()) {
      expect(((await call(`${second.api}/assets/${a.id}`, { key })).body as AssetDetail).history, a.name).toHaveLength(1);
    }
    // The restart's scan has looked at every file by now; unchanged batch A was not re-sent.
    await agent2.waitForLog((l) => l.msg === 'scan finished', 'the start-up scan to finish');
    expect(created(second)).toBe(12);
    expect(created(first)).toBe(4);

    agent2.child.kill('SIGTERM');
    expect((await agent2.exited).code).toBe(0);
  });
});
