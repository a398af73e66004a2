// The watcher: with inotify it watches folders only (one fs.watch each) and still reports every file created,
// edited, renamed or deleted in them; running out of inotify watches is said clearly and
// watching stops (scans take over) without leaving anything open, also before the watcher was
// ready; polling mode (network shares) picks up new files.
import { appendFileSync, type FSWatcher, mkdirSync, renameSync, rmSync, unlinkSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createPathFilter } from '../agent/files/path-filter.ts';
import { createFileWatcher, isWatchLimitError } from '../agent/watch/file-watcher.ts';
import { activeResources, agentAssets, cleanupAfterEach, leakedResources, logSink, nameOf, setUpAgentTest, startTestAgent, waitFor } from './helpers/agent-harness.ts';

const cleanup = cleanupAfterEach();

function watchForTest(root: string, events: { paths: string[]; added: string[]; gone: string[] }, opts: { fsWatchFn?: typeof watch } = {}) {
  const sink = logSink();
  const watcher = createFileWatcher({
    roots: [root],
    filter: createPathFilter({ roots: [root], include: [], exclude: ['skip'], formats: ['text'] }),
    polling: false,
    pollIntervalMs: 1000,
    logger: pino({ level: 'info' }, sink.stream),
    onPath: (p) => events.paths.push(p),
    onDirGone: (d) => events.gone.push(d),
    onDirAdded: (d) => events.added.push(d),
    fsWatchFn: opts.fsWatchFn,
  });
  cleanup.track(watcher);
  return { watcher, sink };
}

describe('file watcher', () => {
  it('falls back to scheduled scans when the inotify watch limit is reached (ENOSPC)', async () => {
    const root = cleanup.dir('watch');
    mkdirSync(join(root, 'sub'));
    const before = activeResources();
    const sink = logSink();
    const folderWatches: FSWatcher[] = [];
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
      fsWatchFn: ((path: string, options: object, listener: () => void) => {
        const w = watch(path, options, listener);
        folderWatches.push(w);
        return w;
      }) as typeof watch,
    });
    cleanup.track(watcher);
    await watcher.start();
    expect(watcher.mode()).toBe('inotify');
    expect(folderWatches).toHaveLength(2);

    const limit = Object.assign(new Error(`ENOSPC: System limit for number of file watchers reached, watch '${root}'`), { code: 'ENOSPC' });
    expect(isWatchLimitError(limit)).toBe(true);
    folderWatches[1]!.emit('error', limit);
    expect(watcher.mode()).toBe('scans-only');
    const line = sink.logs.find((l) => l.level === 50)!;
    expect(line.code).toBe('ENOSPC');
    expect(String(line.msg)).toMatch(/live watching is OFF.*sysctl fs\.inotify\.max_user_watches=524288/);

    // A second watcher of the same folder, alive, tells when the first would have reported the
    // files: both see the same inotify events and run the same code for them.
    const control = { paths: [] as string[], added: [] as string[], gone: [] as string[] };
    const live = watchForTest(root, control).watcher;
    await live.start();
    for (const name of ['after.txt', 'after-2.txt']) {
      writeFileSync(join(root, name), 'not watched any more');
      await waitFor(() => control.paths.includes(join(root, name)), `${name} reported to a live watcher`);
    }
    expect(seen).toEqual([]);
    await live.close();
    await watcher.close();
    await waitFor(() => leakedResources(before).length === 0, 'the watcher released', 3000).catch(() => undefined);
    expect(leakedResources(before)).toEqual([]);
  });

  it('watches folders only and reports files created, edited, renamed and deleted in them', async () => {
    const root = cleanup.dir('watch');
    const deep = join(root, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    mkdirSync(join(root, 'skip'));
    for (let i = 0; i < 20; i++) writeFileSync(join(deep, `old-${i}.txt`), `file ${i}`);
    writeFileSync(join(deep, 'photo.bin'), 'not a candidate');
    const events = { paths: [] as string[], added: [] as string[], gone: [] as string[] };
    const watched: string[] = [];
    const fsWatchFn = ((path: string, options: object, listener: () => void) => {
      watched.push(path);
      return watch(path, options, listener);
    }) as typeof watch;
    const { watcher, sink } = watchForTest(root, events, { fsWatchFn });
    await watcher.start();
    expect(watcher.mode()).toBe('inotify');
    // One watch per folder (the excluded one not), none per file.
    expect(watched.sort()).toEqual([root, join(root, 'a'), deep].sort());
    expect(sink.logs.find((l) => l.msg === 'watching')).toMatchObject({ mode: 'inotify', folders: 3 });
    expect(events.paths).toEqual([]);

    const created = join(deep, 'new.txt');
    writeFileSync(created, 'new');
    await waitFor(() => events.paths.includes(created), 'a new file in a nested folder reported', 3000);
    appendFileSync(join(deep, 'old-3.txt'), ' edited');
    await waitFor(() => events.paths.includes(join(deep, 'old-3.txt')), 'an edit reported', 3000);
    renameSync(join(deep, 'old-4.txt'), join(root, 'moved.txt'));
    await waitFor(() => events.paths.includes(join(deep, 'old-4.txt')) && events.paths.includes(join(root, 'moved.txt')), 'both names of a rename reported', 3000);
    unlinkSync(join(deep, 'old-5.txt'));
    await waitFor(() => events.paths.includes(join(deep, 'old-5.txt')), 'a deletion reported', 3000);
    mkdirSync(join(root, 'c'));
    await waitFor(() => events.added.includes(join(root, 'c')), 'a new folder reported', 3000);
    writeFileSync(join(root, 'c', 'in-new-folder.txt'), 'x');
    await waitFor(() => events.paths.includes(join(root, 'c', 'in-new-folder.txt')), 'a file in the new folder reported', 3000);
    rmSync(join(root, 'a'), { recursive: true });
    await waitFor(() => events.gone.includes(deep) && events.gone.includes(join(root, 'a')), 'the removed folders reported', 3000);

    // Not candidates: another format, an excluded folder.
    writeFileSync(join(root, 'c', 'photo.bin'), 'x');
    writeFileSync(join(root, 'skip', 'hidden.txt'), 'x');
    writeFileSync(join(root, 'c', 'last.txt'), 'x');
    await waitFor(() => events.paths.includes(join(root, 'c', 'last.txt')), 'the last file reported', 3000);
    expect(events.paths.filter((p) => p.endsWith('.bin') || p.includes(`${join(root, 'skip')}`))).toEqual([]);
  });

  it('start() resolves when the watch limit is hit before every folder is watched, and when closed first', async () => {
    const limit = Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
    const root = cleanup.dir('watch');
    mkdirSync(join(root, 'a'));
    const events = { paths: [] as string[], added: [] as string[], gone: [] as string[] };
    // The second folder cannot be watched: the first watch is closed and start() resolves.
    const before = activeResources();
    let calls = 0;
    const dropped = watchForTest(root, events, {
      fsWatchFn: ((path: string, options: object, listener: () => void) => {
        if (++calls === 2) throw limit;
        return watch(path, options, listener);
      }) as typeof watch,
    }).watcher;
    await dropped.start();
    expect(dropped.mode()).toBe('scans-only');
    expect(calls).toBe(2);
    await waitFor(() => leakedResources(before).length === 0, 'the first watch released', 3000).catch(() => undefined);
    expect(leakedResources(before)).toEqual([]);

    const closed = watchForTest(root, events).watcher;
    const starting = closed.start();
    await closed.close();
    await starting;
    expect(closed.mode()).toBe('closed');
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
