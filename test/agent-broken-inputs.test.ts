// Hostile and broken inputs cost one recorded failure each: the agent stays up, records every
// one with its reason, keeps processing the rest, and does not retry a file until it changes.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentAssets, cleanupAfterEach, nameOf, setUpAgentTest, startTestAgent, waitFor } from './helpers/agent-harness.ts';
import { makeBinaryBlob, makeEncryptedPdf, makePdf, makeTruncatedPdf, makeZipBombDocx } from './helpers/documents.ts';

const cleanup = cleanupAfterEach();

describe('agent with broken inputs', () => {
  it('records each broken file with its reason and keeps processing the rest', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup, { agent: { limits: { max_file_bytes: 1024 * 1024 } } });
    const at = (name: string) => join(watchDir, name);

    writeFileSync(at('encrypted.pdf'), await makeEncryptedPdf('Confidential board minutes'));
    writeFileSync(at('truncated.pdf'), await makeTruncatedPdf());
    writeFileSync(at('bomb.docx'), await makeZipBombDocx());
    writeFileSync(at('binary.txt'), makeBinaryBlob());
    writeFileSync(at('huge.log'), 'x'.repeat(1200 * 1024));
    execFileSync('mkfifo', [at('pipe.txt')]); // a FIFO would block a naive reader forever
    mkdirSync(at('loops'));
    symlinkSync('.', at('loops/self')); // a directory loop
    symlinkSync('b.txt', at('loops/a.txt')); // a file link loop
    symlinkSync('a.txt', at('loops/b.txt'));
    // Permission errors: root reads everything, so a chmod-000 file only fails for other users
    // (as root this case is skipped; the FIFO stands in for a file that cannot be read).
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) {
      writeFileSync(at('locked.txt'), 'confidential');
      chmodSync(at('locked.txt'), 0o000);
    }
    writeFileSync(at('good.txt'), 'Strictly confidential memo.\n');
    writeFileSync(at('fine.pdf'), await makePdf(['Payment card 4111 1111 1111 1111']));

    const agent = cleanup.track(await startTestAgent(settings()));

    const expected: Record<string, string> = {
      'encrypted.pdf': 'encrypted',
      'truncated.pdf': 'corrupt',
      'bomb.docx': 'bomb',
      'binary.txt': 'binary',
      'huge.log': 'too_large',
      'pipe.txt': 'unreadable',
      ...(asRoot ? {} : { 'locked.txt': 'unreadable' }),
    };
    await waitFor(async () => {
      const a = await agentAssets(server.api, key);
      return a.has(nameOf(at('good.txt'))) && a.has(nameOf(at('fine.pdf')));
    }, 'the good files in the inventory', 30_000);
    const status = await waitFor(async () => {
      const s = await agent.agent.status();
      return s.files.unparseable === Object.keys(expected).length && s.scan?.state === 'finished' ? s : undefined;
    }, 'every broken file recorded', 30_000);

    const reasons = new Map(status.failures.map((f) => [f.path, f.reason]));
    for (const [name, code] of Object.entries(expected)) {
      expect(reasons.get(at(name)), name).toMatch(new RegExp(`^${code}: `));
    }
    expect(reasons.get(at('pipe.txt'))).toMatch(/FIFO/);
    // Links are not followed by default: the loops are never entered nor recorded.
    expect([...reasons.keys()].some((p) => p.includes('loops'))).toBe(false);
    // Every broken file reaches the inventory too, with its reason and the unreadable-file label.
    const assets = await waitFor(async () => {
      const a = await agentAssets(server.api, key);
      return Object.keys(expected).every((n) => a.get(nameOf(at(n)))?.unreadable) ? a : undefined;
    }, 'every broken file in the inventory', 30_000);
    for (const [name, code] of Object.entries(expected)) {
      const asset = assets.get(nameOf(at(name)))!;
      expect(asset.unreadable, name).toMatch(new RegExp(`^${code}: `));
      expect(asset.label.name, name).toBe('Confidential');
      expect(asset.matched_rules, name).toBe('');
    }
    expect(assets.get(nameOf(at('good.txt')))!.unreadable).toBeNull();
    expect(assets.get(nameOf(at('good.txt')))!.label.name).toBe('Confidential');
    expect(assets.get(nameOf(at('fine.pdf')))!.label.name).toBe('Confidential');

    // Still up: a new file is processed; a rescan does not retry the unchanged broken files.
    // Extraction attempts per file: the pool logs each failed one.
    const attempts = (name: string) => agent.logs.filter((l) => l.path === at(name) && (l.msg === 'extraction failed' || String(l.msg).startsWith('file '))).length;
    const broken = Object.keys(expected).filter((n) => n !== 'locked.txt');
    const before = broken.map(attempts);
    expect(Math.min(...before)).toBeGreaterThan(0);
    const lockedBefore = asRoot ? 0 : attempts('locked.txt');
    writeFileSync(at('later.md'), 'For internal use only.\n');
    await waitFor(async () => (await agentAssets(server.api, key)).get(nameOf(at('later.md'))), 'a file dropped after the broken ones');
    await agent.agent.scan();
    expect(broken.map(attempts)).toEqual(before);
    // A read error may be fixed by a chmod or an ACL, which does not change the file: it is retried.
    if (!asRoot) expect(attempts('locked.txt')).toBeGreaterThan(lockedBefore);

    // A broken file that changes is tried again.
    writeFileSync(at('truncated.pdf'), await makePdf(['Repaired: for internal use only']));
    const repaired = await waitFor(async () => {
      const a = (await agentAssets(server.api, key)).get(nameOf(at('truncated.pdf')));
      return a && a.unreadable === null ? a : undefined;
    }, 'the repaired PDF');
    expect(repaired.label.name).toBe('Internal');
  });

  it('follows links when asked, without looping on link cycles', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup, { agent: { watch: { follow_symlinks: true } } });
    const elsewhere = cleanup.dir('linked');
    writeFileSync(join(elsewhere, 'linked.txt'), 'Strictly confidential, reached through a link');
    mkdirSync(join(watchDir, 'a'));
    symlinkSync('..', join(watchDir, 'a', 'up')); // a cycle back to the root
    symlinkSync('.', join(watchDir, 'self'));
    symlinkSync(elsewhere, join(watchDir, 'shared'));
    writeFileSync(join(watchDir, 'a', 'plain.txt'), 'nothing');
    const agent = cleanup.track(await startTestAgent(settings()));
    const scan = await waitFor(async () => {
      const s = (await agent.agent.status()).scan;
      return s?.state === 'finished' ? s : undefined;
    }, 'the scan to finish');
    expect(scan.found).toBe(2);
    const assets = await waitFor(async () => {
      const a = await agentAssets(server.api, key);
      return a.size === 2 ? a : undefined;
    }, 'both files delivered');
    expect(assets.get(nameOf(join(watchDir, 'shared', 'linked.txt')))!.label.name).toBe('Confidential');
    expect(assets.get(nameOf(join(watchDir, 'a', 'plain.txt')))!.label.name).toBe('Public');
  });
});
