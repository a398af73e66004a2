// The watcher: running out of inotify watches is said clearly and watching stops (scans take
// over) without leaving anything open; polling mode (network shares) picks up new files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createPathFilter } from '../agent/files/path-filter.ts';
import { createFileWatcher, isWatchLimitError } from '../agent/watch/file-watcher.ts';
import { activeResources, agentAssets, cleanupAfterEach, leakedResources, logSink, nameOf, setUpAgentTest, startTestAgent, waitFor } from './helpers/agent-harness.ts';

const cleanup = cleanupAfterEach();

describe('file watcher', () => {
  it('falls back to scheduled scans when the inotify watch limit is reached (ENOSPC)', async () => {
    const root = cleanup.dir('watch');
    const before = activeResources();
    const sink = logSink();
    let chokidar: FSWatcher | null = null;
    const seen: string[] = [];
    const watcher = createFileWatcher({
      roots: [root],
      filter: createPathFilter({ roots: [root], include: [], exclude: [], formats: ['text'] }),
      polling: false,
      pollIntervalMs: 1000,
      logger: pino({ level: 'info' }, sink.stream),
      onPath: (p) => seen.push(p),
      onDirGone: () => undefined,
      onDirAdded: () => undefined,
      watchFn: (paths, options) => (chokidar = watch(paths, options)),
    });
    cleanup.track(watcher);
    await watcher.start();
    expect(watcher.mode()).toBe('inotify');

    const limit = Object.assign(new Error(`ENOSPC: System limit for number of file watchers reached, watch '${root}'`), { code: 'ENOSPC' });
    expect(isWatchLimitError(limit)).toBe(true);
    chokidar!.emit('error', limit);
    expect(watcher.mode()).toBe('scans-only');
    const line = sink.logs.find((l) => l.level === 50)!;
    expect(line.code).toBe('ENOSPC');
    expect(String(line.msg)).toMatch(/live watching is OFF.*sysctl fs\.inotify\.max_user_watches=524288/);

    writeFileSync(join(root, 'after.txt'), 'not watched any more');
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]);
    await watcher.close();
    await waitFor(() => leakedResources(before).length === 0, 'the watcher released', 3000).catch(() => undefined);
    expect(leakedResources(before)).toEqual([]);
  });

  it('picks up new files in polling mode', async () => {
    const { server, key, watchDir, settings } = await setUpAgentTest(cleanup, { agent: { watch: { polling: true, poll_interval_ms: 100 } } });
    const agent = cleanup.track(await startTestAgent(settings()));
    expect((await agent.agent.status()).watcher).toBe('polling');
    await waitFor(() => agent.logs.some((l) => l.msg === 'scan finished'), 'the start-up scan done (so only polling can see the file)');
    writeFileSync(join(watchDir, 'share.txt'), 'Strictly confidential');
    expect((await waitFor(async () => (await agentAssets(server.api, key)).get(nameOf(join(watchDir, 'share.txt'))), 'the file delivered')).label.name).toBe('Confidential');
  });
});
