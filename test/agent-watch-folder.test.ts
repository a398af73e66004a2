// The agent end to end, in-process: real server on port 0, real agent on a temp folder, real
// PDF/DOCX/text files. Dropped files reach the inventory with the right labels; edits re-label,
// deletions and renames (of files and folders) are reported; a marker on the last page of a 300-page PDF still labels
// it while the request stays within the server's content limit; a rules change re-sends only
// the files whose result changed; nothing stays open after close().
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AssetDetail } from '../shared/api/schemas.ts';
import { activeResources, agentAssets, cleanupAfterEach, leakedResources, nameOf, setUpAgentTest, startTestAgent, waitFor } from './helpers/agent-harness.ts';
import { makeDocx, makePdf } from './helpers/documents.ts';
import { call } from './helpers/test-server.ts';

const IBAN = 'DE89 3704 0044 0532 0130 00';

const cleanup = cleanupAfterEach();


async function labelOf(api: string, key: string, path: string): Promise<string | undefined> {
  const a = (await agentAssets(api, key)).get(nameOf(path));
  return a && a.removed_at === null ? a.label.name : undefined;
}

async function historyLength(api: string, key: string, id: number): Promise<number> {
  return ((await call(`${api}/assets/${id}`, { key })).body as AssetDetail).history.length;
}

describe('agent watching a folder', () => {
  it('classifies dropped PDF, DOCX and text files, re-labels edits, reports deletions and renames', async () => {
    const { server, key, watchDir, stateDir, settings } = await setUpAgentTest(cleanup);
    const before = activeResources();
    const agent = cleanup.track(await startTestAgent(settings()));

    const files: Record<string, { data: string | Buffer; label: string }> = {
      'invoice.pdf': { data: await makePdf(['Quarterly numbers', `Please pay to IBAN ${IBAN} by Friday.`]), label: 'Confidential' },
      'menu.pdf': { data: await makePdf(['Lunch menu for Tuesday: soup and bread.']), label: 'Public' },
      'nda.docx': { data: await makeDocx(['This agreement is strictly confidential.']), label: 'Confidential' },
      'offsite.docx': { data: await makeDocx(['Team offsite agenda'], { table: [['day', 'topic'], ['Mon', 'planning']] }), label: 'Public' },
      'key.txt': { data: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n', label: 'Restricted' },
      'readme.txt': { data: 'Just some words about the project.\n', label: 'Public' },
      'memo.md': { data: '# Memo\nFor internal use only.\n', label: 'Internal' },
      'sub/dir/people.csv': { data: 'name,email\nAda,ada@example.com\n', label: 'Internal' },
    };
    mkdirSync(join(watchDir, 'sub', 'dir'), { recursive: true });
    for (const [name, f] of Object.entries(files)) writeFileSync(join(watchDir, name), f.data);
    writeFileSync(join(watchDir, 'clip.mp4'), Buffer.alloc(64, 1)); // no extractor: never submitted
    writeFileSync(join(watchDir, '.hidden.txt'), 'confidential'); // excluded by default

    for (const [name, f] of Object.entries(files)) {
      expect(await waitFor(() => labelOf(server.api, key, join(watchDir, name)), `${name} in the inventory`)).toBe(f.label);
    }
    const assets = await agentAssets(server.api, key);
    expect(assets.size).toBe(Object.keys(files).length);
    for (const a of assets.values()) expect(a.source).toBe('agent');
    expect(assets.get(nameOf(join(watchDir, 'invoice.pdf')))!.matched_rules).toBe('Financial data');

    // An edit that adds an IBAN re-labels the file.
    writeFileSync(join(watchDir, 'readme.txt'), `Just some words about the project.\nRefunds go to ${IBAN}.\n`);
    await waitFor(async () => (await labelOf(server.api, key, join(watchDir, 'readme.txt'))) === 'Confidential', 'readme.txt re-labelled');

    // A deleted file is marked removed.
    rmSync(join(watchDir, 'menu.pdf'));
    await waitFor(async () => (await agentAssets(server.api, key)).get(nameOf(join(watchDir, 'menu.pdf')))?.removed_at, 'menu.pdf marked removed');

    // A rename leaves no ghost: the old name is removed, the new one classified.
    renameSync(join(watchDir, 'offsite.docx'), join(watchDir, 'offsite-2026.docx'));
    await waitFor(async () => {
      const now = await agentAssets(server.api, key);
      return now.get(nameOf(join(watchDir, 'offsite.docx')))?.removed_at && now.get(nameOf(join(watchDir, 'offsite-2026.docx')))?.removed_at === null;
    }, 'rename reported');
    // So does renaming a folder: what was below it moves with it.
    renameSync(join(watchDir, 'sub', 'dir'), join(watchDir, 'sub', 'moved'));
    await waitFor(async () => {
      const now = await agentAssets(server.api, key);
      return now.get(nameOf(join(watchDir, 'sub/dir/people.csv')))?.removed_at && now.get(nameOf(join(watchDir, 'sub/moved/people.csv')))?.removed_at === null;
    }, 'folder rename reported');
    const active = [...(await agentAssets(server.api, key)).values()].filter((a) => a.removed_at === null).map((a) => a.name);
    expect(active.sort()).toEqual(
      ['invoice.pdf', 'nda.docx', 'offsite-2026.docx', 'key.txt', 'readme.txt', 'memo.md', 'sub/moved/people.csv'].map((n) => nameOf(join(watchDir, n))).sort(),
    );

    await waitFor(async () => (await agent.agent.status()).outbox.depth === 0, 'outbox drained');
    const status = await agent.agent.status();
    expect(status.files).toMatchObject({ tracked: 7, classified: 7, unparseable: 0, delivery_errors: 0 });
    expect(status.last_sync).not.toBeNull();
    // The state (index, outbox with document text, cached rules) is readable by the agent's user only.
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    for (const f of ['agent.db', 'agent.db-wal', 'policy.json']) expect(statSync(join(stateDir, f)).mode & 0o777, f).toBe(0o600);

    // Logs carry paths and label names, never document text or the key.
    const text = agent.rawLogs.join('\n');
    expect(text).toContain('"label":"Confidential"');
    for (const secret of [IBAN, 'PRIVATE KEY', 'strictly confidential', 'ada@example.com', key]) expect(text).not.toContain(secret);

    await agent.close();
    await agent.close(); // idempotent
    // Worker threads and sockets finish closing asynchronously: give them a moment, then none may remain.
    await waitFor(() => leakedResources(before).length === 0, 'resources released', 5000).catch(() => undefined);
    expect(leakedResources(before)).toEqual([]);
  });

  it('labels a 300-page PDF by a marker on its last page without exceeding the content limit', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup, { limits: { content_chars: 20_000 }, agent: { limits: { content_chars: 16_000 } } });
    const agent = cleanup.track(await startTestAgent(settings()));
    const filler = 'The quarterly facilities report lists routine maintenance tasks for the building. '.repeat(10);
    const pages = Array.from({ length: 300 }, (_, i) => `Page ${i + 1}. ${filler}`);
    pages[299] = `Final page. Strictly confidential: wire the balance to IBAN ${IBAN} today.`;
    const path = join(watchDir, 'annual-report.pdf');
    writeFileSync(path, await makePdf(pages));

    const asset = await waitFor(async () => (await agentAssets(server.api, key)).get(nameOf(path)), 'the large PDF in the inventory', 30_000);
    const local = agent.logs.find((l) => l.msg === 'classified locally' && l.path === path)!;
    expect(local.chars as number).toBeGreaterThan(100_000);
    expect(local.sent_chars as number).toBeLessThanOrEqual(16_000);
    expect(asset.label.name).toBe('Confidential');
    expect(asset.matched_rules).toBe((local.matched_rules as string[]).join(', '));
    expect(asset.matched_rules).toBe('Marked confidential, Financial data');
    expect(agent.logs.some((l) => String(l.msg).includes('condensed content may not'))).toBe(false);
    expect(server.logs.filter((l) => l.path === '/api/v1/classify').map((l) => l.status)).toEqual([201]);
  });

  it('re-classifies after a rules change and re-sends only the files whose result changed', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup, { agent: { schedules: { rule_refresh: '* * * * * *' } } });
    const agent = cleanup.track(await startTestAgent(settings()));
    const falcon = join(watchDir, 'falcon.txt');
    const other = join(watchDir, 'other.txt');
    writeFileSync(falcon, 'Status update on Project Falcon milestones.\n');
    writeFileSync(other, 'Minutes of the weekly sync.\n');
    await waitFor(async () => (await agentAssets(server.api, key)).size === 2, 'both files delivered');
    const first = await agentAssets(server.api, key);
    expect(first.get(nameOf(falcon))!.label.name).toBe('Public');

    const ws = await server.workspaces.require('acme');
    await server.policies.importRules(ws, 'rules:\n  - name: Project Falcon\n    label: Restricted\n    priority: 1\n    conditions:\n      keywords: [falcon]\n', { merge: true });
    await waitFor(async () => (await labelOf(server.api, key, falcon)) === 'Restricted', 'falcon.txt re-labelled after the rules change');
    await waitFor(() => agent.logs.some((l) => l.msg === 'classified locally' && l.path === other && l.queued === false), 'other.txt re-classified locally');

    const after = await agentAssets(server.api, key);
    expect(after.get(nameOf(falcon))!.matched_rules).toBe('Project Falcon');
    expect(await historyLength(server.api, key, after.get(nameOf(falcon))!.id)).toBe(2);
    expect(await historyLength(server.api, key, after.get(nameOf(other))!.id)).toBe(1);
    // Refreshes are conditional: what did not change answers 304.
    expect(server.logs.some((l) => (l.path === '/api/v1/labels' || l.path === '/api/v1/rules') && l.status === 304)).toBe(true);
  });
});
