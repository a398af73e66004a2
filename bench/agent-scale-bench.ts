// The agent on a file-server-sized tree (default 200,000 small files in 20,000 folders): its RSS
// while watching, beside the same agent watching an empty folder (idle) and the same folders
// without files, so memory splits into a cost per folder and per file; time from start to
// "watching"; and the restart over the unchanged tree (time until its scan is done, files
// re-sent, counted from the server's request log, must be 0).
// The first inventory of 200,000 files would take most of an hour here, so the agent's state is
// seeded: the real agent inventories one folder first (real extraction, classification and
// delivery), and every other file, whose text is the same, gets that file's record with its own
// fingerprint through the agent's own state functions (saveClassified, recordAllDelivered).
import { lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStateDb } from '../agent/state/state-db.ts';
import { getFile, recordAllDelivered, saveClassified } from '../agent/state/file-records.ts';
import { type AgentServer, startAgent, startAgentServer } from './agent-bench.ts';
import { cpuSeconds, peakRssMib, rssMib } from './processes.ts';
import { waitFor } from '../test/helpers/wait-for.ts';

const TEXT = 'Minutes of the weekly team meeting: room booking, lunch order, nothing else.\n';
/** After the scan, the agent is left this long before its RSS is read (delivery and timers settle). */
const SETTLE_MS = 3000;

export interface AgentScaleResult {
  readonly files: number;
  readonly folders: number;
  readonly generate_s: number;
  readonly seed_s: number;
  readonly idle_rss_mib: number | null;
  readonly folders_only: AgentWatchRun;
  readonly full: AgentWatchRun;
  /** Watching RSS beyond idle, and split by folders-only vs full. */
  readonly beyond_idle_mib: number | null;
  readonly kib_per_folder: number | null;
  readonly kib_per_file: number | null;
}

export interface AgentWatchRun {
  /** Spawn to the 'watching' log line (chokidar's initial crawl done). */
  readonly seconds_to_watching: number | null;
  /** Folders chokidar watches (from that line). */
  readonly watched_folders: number | null;
  /** Spawn to 'scan finished'. */
  readonly seconds_to_scan_done: number;
  readonly scan_found: number;
  readonly files_resent: number;
  readonly rss_watching_mib: number | null;
  readonly peak_rss_mib: number | null;
  readonly cpu_s: number | null;
}

function folderOf(root: string, folder: number): string {
  return join(root, `dept-${String(folder % 100).padStart(2, '0')}`, `project-${folder}`);
}

function filesOf(root: string, folder: number, perFolder: number): string[] {
  return Array.from({ length: perFolder }, (_, i) => join(folderOf(root, folder), `notes-${i}.txt`));
}

function makeFolders(root: string, from: number, to: number, perFolder: number): void {
  for (let f = from; f < to; f++) {
    mkdirSync(folderOf(root, f), { recursive: true });
    for (const file of filesOf(root, f, perFolder)) writeFileSync(file, TEXT);
  }
}

async function watchRun(s: AgentServer, configFile: string, expectFound: number): Promise<AgentWatchRun> {
  const before = s.requests();
  const t0 = performance.now();
  let watchingS: number | null = null;
  let watched: number | null = null;
  const agent = startAgent(configFile, null, (e) => {
    if (e.msg !== 'watching') return;
    watchingS = (performance.now() - t0) / 1000;
    watched = typeof e.folders === 'number' ? e.folders : null;
  });
  try {
    const done = await agent.scanFinished;
    const scanS = (performance.now() - t0) / 1000;
    if (done.found !== expectFound) throw new Error(`the agent's scan found ${String(done.found)} files, expected ${expectFound}`);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const pid = agent.child.pid!;
    return {
      seconds_to_watching: watchingS,
      watched_folders: watched,
      seconds_to_scan_done: scanS,
      scan_found: Number(done.found),
      files_resent: s.requests() - before,
      rss_watching_mib: rssMib(pid),
      peak_rss_mib: peakRssMib(pid),
      cpu_s: cpuSeconds(pid),
    };
  } finally {
    await agent.stop();
  }
}

/** Gives every file of the tree the record of `template` (a file the real agent classified and delivered), with its own fingerprint. */
async function seedState(stateDir: string, template: string, paths: Iterable<string>): Promise<number> {
  const db = await openStateDb(stateDir);
  try {
    const t = await getFile(db, template);
    if (t?.status !== 'classified' || t.delivered_at === null) throw new Error(`the agent did not classify and deliver ${template}`);
    const batch: string[] = [];
    let n = 0;
    const flush = () =>
      db.transaction(async (tx) => {
        const now = new Date().toISOString();
        const flushed = batch.splice(0);
        for (const path of flushed) {
          const st = lstatSync(path);
          await saveClassified(tx, path, { dev: st.dev, ino: st.ino, size: st.size, mtime_ms: st.mtimeMs }, {
            format: t.format!,
            content_hash: t.content_hash!,
            truncated: t.truncated === 1,
            rules_version: t.rules_version!,
            label: t.label!,
            matched_rules: JSON.parse(t.matched_rules ?? '[]') as string[],
            now,
          });
        }
        await recordAllDelivered(
          tx,
          flushed.map((path) => ({ path, label: t.delivered_label!, matched_rules: t.delivered_rules!, content_hash: t.delivered_hash })),
          now,
        );
      });
    for (const path of paths) {
      batch.push(path);
      n++;
      if (batch.length === 5000) await flush();
    }
    await flush();
    return n;
  } finally {
    await db.close();
  }
}

export async function runAgentScaleBench(opts: { dir: string; files: number; folders: number }): Promise<AgentScaleResult> {
  const perFolder = Math.max(1, Math.round(opts.files / opts.folders));
  const files = perFolder * opts.folders;
  const root = join(opts.dir, 'tree');
  const foldersRoot = join(opts.dir, 'folders-only');
  const emptyRoot = join(opts.dir, 'empty');
  mkdirSync(emptyRoot, { recursive: true });
  const s = await startAgentServer(opts.dir);
  try {
    const idle = await watchRun(s, s.writeConfig(join(opts.dir, 'idle.yaml'), emptyRoot, join(opts.dir, 'state-idle')), 0);

    // The real first inventory of one folder, then the rest of the tree and the seeded state.
    const stateDir = join(opts.dir, 'state');
    const config = s.writeConfig(join(opts.dir, 'agent.yaml'), root, stateDir);
    makeFolders(root, 0, 1, perFolder);
    const first = startAgent(config, null);
    try {
      await first.scanFinished;
      await waitFor(() => s.requests() >= perFolder, 'the first folder delivered', 60_000, 200);
    } finally {
      await first.stop();
    }
    const g0 = performance.now();
    makeFolders(root, 1, opts.folders, perFolder);
    for (let f = 0; f < opts.folders; f++) mkdirSync(folderOf(foldersRoot, f), { recursive: true });
    const generateS = (performance.now() - g0) / 1000;
    const s0 = performance.now();
    function* rest() {
      for (let f = 1; f < opts.folders; f++) yield* filesOf(root, f, perFolder);
    }
    await seedState(stateDir, filesOf(root, 0, perFolder)[0]!, rest());
    const seedS = (performance.now() - s0) / 1000;

    const foldersOnly = await watchRun(s, s.writeConfig(join(opts.dir, 'folders.yaml'), foldersRoot, join(opts.dir, 'state-folders')), 0);
    const full = await watchRun(s, config, files);
    const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
    const folderCost = diff(foldersOnly.rss_watching_mib, idle.rss_watching_mib);
    const fileCost = diff(full.rss_watching_mib, foldersOnly.rss_watching_mib);
    return {
      files,
      folders: opts.folders,
      generate_s: generateS,
      seed_s: seedS,
      idle_rss_mib: idle.rss_watching_mib,
      folders_only: foldersOnly,
      full,
      beyond_idle_mib: diff(full.rss_watching_mib, idle.rss_watching_mib),
      kib_per_folder: folderCost === null ? null : (folderCost * 1024) / opts.folders,
      kib_per_file: fileCost === null ? null : (fileCost * 1024) / files,
    };
  } finally {
    await s.server.stop();
  }
}
