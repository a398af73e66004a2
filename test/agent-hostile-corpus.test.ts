// The real agent against a folder holding the hostile corpus (test/helpers/hostile-documents.ts)
// beside good files, plus files that vanish or change while the scan runs: it survives all,
// records each hostile file, processes every good one, never contacts the URLs a document names
// and never lets the content of a file an XML entity names come out.
import { createServer, type Server } from 'node:http';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentAssets, cleanupAfterEach, nameOf, setUpAgentTest, startTestAgent, waitFor } from './helpers/agent-harness.ts';
import { makeDocx, makePdf } from './helpers/documents.ts';
import { hostileCorpus } from './helpers/hostile-documents.ts';

const cleanup = cleanupAfterEach();

/** A listener that records every connection made to it. */
async function tripwire(): Promise<{ url: string; connections: string[]; close(): Promise<void> }> {
  const connections: string[] = [];
  const server: Server = createServer((req, res) => {
    connections.push(`${req.method} ${req.url}`);
    res.end('tripwire');
  });
  server.on('connection', () => connections.push('tcp connection'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, connections, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const SECRET_MARKER = 'XXE-LEAK-7f3a9c';

describe('agent with a hostile corpus', () => {
  it('survives every hostile file, records each, processes every good file, fetches nothing', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup, { agent: { limits: { max_file_bytes: 8 * 1024 * 1024 } } });
    const listener = cleanup.track(await tripwire());
    const secretFile = join(cleanup.dir('secret'), 'passwd');
    writeFileSync(secretFile, `root:${SECRET_MARKER}:0:0\nCard 4111 1111 1111 1111\n`);
    const corpus = await hostileCorpus({ url: listener.url, secretFile });
    for (const f of corpus) writeFileSync(join(watchDir, f.name), f.data);
    const good: Record<string, string> = {
      'good.txt': 'Strictly confidential memo.\n',
      'good.pdf': 'Payment card 4111 1111 1111 1111',
    };
    writeFileSync(join(watchDir, 'good.txt'), good['good.txt']!);
    writeFileSync(join(watchDir, 'good.pdf'), await makePdf([good['good.pdf']!]));
    writeFileSync(join(watchDir, 'good.docx'), await makeDocx(['For internal use only.']));
    // Files that vanish or change while the agent reads: written now, then deleted or rewritten
    // in a loop while the start-up scan runs.
    const vanish = Array.from({ length: 20 }, (_, i) => join(watchDir, `vanish-${i}.txt`));
    const change = Array.from({ length: 5 }, (_, i) => join(watchDir, `change-${i}.txt`));
    for (const p of [...vanish, ...change]) writeFileSync(p, 'For internal use only. '.repeat(200));

    const agent = cleanup.track(await startTestAgent(settings()));
    for (let round = 0; round < 20; round++) {
      if (round < vanish.length) rmSync(vanish[round]!, { force: true });
      for (const p of change) writeFileSync(p, `${'x'.repeat(round * 50)} round ${round}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    for (const p of change) writeFileSync(p, 'Strictly confidential: final version.');

    const goodNames = ['good.txt', 'good.pdf', 'good.docx', ...change.map((p) => p.slice(watchDir.length + 1))];
    await waitFor(async () => {
      const a = await agentAssets(server.api, key);
      const done = goodNames.every((n) => a.get(nameOf(join(watchDir, n)))) && change.every((p) => a.get(nameOf(p))?.label.name === 'Confidential');
      return done ? a : undefined;
    }, 'every good file in the inventory', 60_000);
    // "Scan finished" means every file was scheduled, not that a slow hostile file is through its
    // extraction: wait until each one is accounted for, as a failure or in the inventory.
    const { status, assets } = await waitFor(async () => {
      const s = await agent.agent.status();
      if (s.scan?.state !== 'finished' || s.outbox.depth !== 0) return undefined;
      const a = await agentAssets(server.api, key);
      const failed = new Set(s.failures.map((f) => f.path));
      const settled = corpus.every((f) => failed.has(join(watchDir, f.name)) || a.has(nameOf(join(watchDir, f.name))));
      return settled ? { status: s, assets: a } : undefined;
    }, 'every hostile file recorded or classified, and the outbox drained', 60_000);

    expect(assets.get(nameOf(join(watchDir, 'good.txt')))!.label.name).toBe('Confidential');
    expect(assets.get(nameOf(join(watchDir, 'good.pdf')))!.label.name).toBe('Confidential');
    expect(assets.get(nameOf(join(watchDir, 'good.docx')))!.label.name).toBe('Internal');
    // A vanished file is never left as a live asset.
    for (const p of vanish) expect(assets.get(nameOf(p))?.removed_at ?? 'gone', p).not.toBeNull();

    // Each hostile file is recorded as a failure with its reason, or (empty files, documents whose
    // dangerous parts are ignored) classified from the text that was safe to read.
    const failures = new Map(status.failures.map((f) => [f.path, f.reason]));
    for (const f of corpus) {
      const path = join(watchDir, f.name);
      const reason = failures.get(path);
      const asset = assets.get(nameOf(path));
      if (f.expect === 'Public' || f.expect === 'Internal' || f.expect === 'Confidential') {
        expect(reason, f.name).toBeUndefined();
        expect(asset?.unreadable, f.name).toBeNull(); // classified from its text, not labelled as unreadable
        expect(asset?.label.name, `${f.name} (${f.what})`).toBe(f.expect);
      } else {
        // Delivered with its reason and the unreadable-file label (status lists only the latest failures).
        expect(asset?.unreadable, `${f.name} (${f.what})`).toMatch(new RegExp(`^${f.expect}: `));
        if (reason !== undefined) expect(asset?.unreadable, f.name).toBe(reason);
        expect(asset?.label.name, f.name).toBe('Confidential');
      }
    }

    // Nothing was fetched, nothing of the local file came out.
    expect(listener.connections).toEqual([]);
    const everything = JSON.stringify([...assets.values()]) + agent.rawLogs.join('\n') + server.rawLogs.join('\n');
    expect(everything).not.toContain(SECRET_MARKER);
    expect(await agent.agent.status()).toBeDefined(); // still answering
  }, 120_000);
});
