// The agent's first inventory of a generated 10,000-file tree, the real agent and the real server
// each in its own process on loopback: time until every file is in the server's inventory, peak
// RSS of both, then a restart over the unchanged tree (time until its scan is done, files
// re-sent as counted from the server's request log). Baseline: the same tree through a shell
// pipeline of pdftotext / unzip -p and ripgrep with the catalogue's regexes, two at a time.
import { type ChildProcess, spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { generateAgentTree } from './agent-tree.ts';
import { ripgrepPatternSets } from './engine-bench.ts';
import { BIN } from '../test/helpers/assay-process.ts';
import { spawnChild } from '../test/helpers/child-process.ts';
import { waitFor } from '../test/helpers/wait-for.ts';
import { assayCli, BENCH_OUTPUT_CHARS, type BenchProcess, cpuSeconds, mainThreadCpuSeconds, peakRssMib, startAssayServer, writeBatches } from './processes.ts';
import { seededRandom } from './seeded-random.ts';

export interface AgentBenchResult {
  readonly files: number;
  readonly by_format: Record<string, number>;
  readonly sensitive_files: number;
  readonly tree_mb: number;
  readonly initial: {
    seconds: number;
    files_per_s: number;
    classify_requests: number;
    agent_peak_rss_mib: number | null;
    server_peak_rss_mib: number | null;
    /** CPU time used during the scan: what the files cost, whatever else the machine was doing. */
    agent_cpu_s: number | null;
    server_cpu_s: number | null;
    /** The part of it on each process's main thread (event loop); the rest is worker threads, V8's background threads (compilation, GC) and libuv's pool. */
    agent_main_thread_cpu_s: number | null;
    server_main_thread_cpu_s: number | null;
    /** The server's group-commit transactions of classifications during the scan (GET /metrics), and how many classifications each held on average. */
    server_write_batches: number | null;
    server_mean_batch_size: number | null;
  };
  readonly restart: { seconds_until_idle: number; files_resent: number; agent_peak_rss_mib: number | null };
  readonly shell: { seconds: number | null; files_per_s: number | null; note: string };
  readonly ratio_vs_shell: number | null;
}

/** Writes one pattern per line; rg reads them with -f. */
function patternFile(file: string, patterns: readonly string[]): string {
  writeFileSync(file, `${patterns.join('\n')}\n`);
  return file;
}

/**
 * The same tree through pdftotext / unzip -p and rg, as an administrator would script it. The
 * catalogue's regexes are split by what compiles (ripgrepPatternSets): those rg's default engine
 * takes in one rg, the few that need look-around in a second `rg --pcre2`, so every text is
 * searched twice. Missing tools: no figure, and the note
 * says which apt-get line installs them.
 */
function shellBaseline(root: string, dir: string): { seconds: number | null; note: string } {
  const missing: string[] = [];
  for (const [cmd, arg, pkg] of [['rg', '--version', 'ripgrep'], ['pdftotext', '-v', 'poppler-utils'], ['unzip', '-v', 'unzip']] as const) {
    if (spawnSync(cmd, [arg]).error) missing.push(pkg);
  }
  if (missing.length > 0) return { seconds: null, note: `not measured: ${missing.join(', ')} not installed (apt-get install ${missing.join(' ')})` };
  const { plain, pcre } = ripgrepPatternSets();
  const env = { ...process.env, ROOT: root, PAT: patternFile(join(dir, 'rg-default.txt'), plain), PCRE: patternFile(join(dir, 'rg-pcre2.txt'), pcre) };
  // rg exits 1 when nothing matched.
  const rgPlain = 'rg --count-matches -f "$PAT"';
  const rgPcre = 'rg --pcre2 --count-matches -f "$PCRE"';
  // The text of a batch goes to a temporary file that both rg read.
  const both = (extract: string) => `t=$(mktemp); for f; do ${extract}; done > "$t"; ${rgPlain} "$t" > /dev/null || true; ${pcre.length > 0 ? `${rgPcre} "$t" > /dev/null || true; ` : ''}rm -f "$t"`;
  const script = [
    'set -e',
    // Text and CSV: rg over the tree (its own two threads), once per engine.
    `${rgPlain} -j2 -g '*.txt' -g '*.csv' "$ROOT" > /dev/null || [ $? -eq 1 ]`,
    ...(pcre.length > 0 ? [`${rgPcre} -j2 -g '*.txt' -g '*.csv' "$ROOT" > /dev/null || [ $? -eq 1 ]`] : []),
    // DOCX and PDF: one extraction per file, the text of 100 files at a time searched by both rg, two batches at a time.
    `find "$ROOT" -name '*.docx' -print0 | xargs -0 -P2 -n100 sh -c '${both('unzip -p "$f" word/document.xml; echo')}' _`,
    `find "$ROOT" -name '*.pdf' -print0 | xargs -0 -P2 -n100 sh -c '${both('pdftotext -q "$f" -')}' _`,
  ].join('\n');
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', script], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`shell baseline failed: ${r.stderr}`);
  return {
    seconds: (performance.now() - t0) / 1000,
    note: `rg with ${plain.length} regexes (default engine) and ${pcre.length} (PCRE2); pdftotext / unzip -p per file, the text of 100 files to a temporary file both rg read, 2 pipelines at a time`,
  };
}

export interface AgentRun {
  readonly child: ChildProcess;
  readonly scanFinished: Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** The Node.js flags the shipped systemd unit starts the agent with (`ExecStart=/usr/bin/node FLAGS… …/assay.js agent`), so the bench measures the agent as it runs. */
export function unitNodeFlags(unitFile = join(import.meta.dirname, '..', 'systemd', 'assay-agent.service')): string[] {
  const execStart = readFileSync(unitFile, 'utf8').split('\n').find((l) => l.startsWith('ExecStart='));
  if (execStart === undefined) throw new Error(`${unitFile} has no ExecStart line`);
  const words = execStart.slice('ExecStart='.length).trim().split(/\s+/);
  const script = words.findIndex((w, i) => i > 0 && !w.startsWith('-'));
  return words.slice(1, script);
}

/**
 * The glibc settings the shipped systemd unit gives the agent (`Environment=MALLOC_…` lines, e.g.
 * MALLOC_ARENA_MAX), so the bench measures its memory as it runs; the unit's other variables
 * (paths, credentials) are the bench's own here.
 */
export function unitMallocEnvironment(unitFile = join(import.meta.dirname, '..', 'systemd', 'assay-agent.service')): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(unitFile, 'utf8').split('\n')) {
    const m = /^Environment=(MALLOC_[A-Z_]+)=(\S+)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

/**
 * The real agent (`bin/assay.js agent`) in its own process, with the systemd unit's Node.js flags and glibc settings; `onEntry` sees each of its log lines.
 * BENCH_AGENT_PROFILE_DIR=dir: the agent runs with --cpu-prof into that directory (open the .cpuprofile in Chrome DevTools).
 * BENCH_AGENT_NODE_FLAGS: more Node.js flags for the agent, after the unit's.
 */
export function startAgent(configFile: string, log: WriteStream | null, onEntry?: (entry: Record<string, unknown>) => void): AgentRun {
  const profileDir = process.env.BENCH_AGENT_PROFILE_DIR;
  // BENCH_AGENT_NODE_FLAGS="--flag …": Node.js/V8 flags added after the unit's (to try one before it goes into the unit).
  const extra = process.env.BENCH_AGENT_NODE_FLAGS?.split(/\s+/).filter((f) => f !== '') ?? [];
  const nodeArgs = [...unitNodeFlags(), ...extra, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const run = spawnChild(process.execPath, [...nodeArgs, BIN, 'agent', '--config', configFile], {
    env: { ...unitMallocEnvironment(), ...process.env, ASSAY_CONFIG: '' }, // a variable set by the caller wins (A/B runs)
    stderr: 'inherit',
    maxOutputChars: BENCH_OUTPUT_CHARS,
    onLine: (line) => {
      log?.write(`${line}\n`);
      if (onEntry && line.startsWith('{')) onEntry(JSON.parse(line) as Record<string, unknown>);
    },
  });
  const scanFinished = run.waitForLine((line) => {
    if (!line.startsWith('{') || !line.includes('"scan finished"')) return undefined;
    const entry = JSON.parse(line) as Record<string, unknown>;
    return entry.msg === 'scan finished' ? entry : undefined;
  }, "the agent's scan finished");
  scanFinished.catch(() => undefined);
  return {
    child: run.child,
    scanFinished,
    async stop() {
      await run.kill('SIGTERM');
    },
  };
}

export interface AgentServer {
  readonly server: BenchProcess;
  readonly key: string;
  /** The server's group-commit transactions so far and the classifications they held (GET /metrics with an admin key). */
  /** The server's group-commit transactions and their classifications so far; null when GET /metrics fails (said on stderr). */
  writeBatches(): Promise<{ count: number; items: number } | null>;
  /** Classifications and removals the server received so far (from its request log). */
  requests(): number;
  /** Writes an agent configuration file watching `root` with its state in `stateDir`. */
  writeConfig(file: string, root: string, stateDir: string, extra?: readonly string[]): string;
}

/** The real server with a workspace and an agent key, counting the agent's requests from its log. */
export async function startAgentServer(dir: string): Promise<AgentServer> {
  const dataDir = join(dir, 'agent-server');
  assayCli(dataDir, 'init');
  assayCli(dataDir, 'workspaces', 'create', 'fileserver');
  const key = assayCli(dataDir, 'keys', 'create', '--workspace', 'fileserver', '--name', 'agent').trim().split('\n').pop()!;
  const adminKey = assayCli(dataDir, 'keys', 'create', '--workspace', 'fileserver', '--name', 'bench-metrics', '--role', 'admin').trim().split('\n').pop()!;
  const keyFile = join(dir, 'agent.key');
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  let requests = 0;
  const server = await startAssayServer(dataDir, {
    onLogLine: (line) => {
      if (line.includes('"msg":"request"') && line.includes('"method":"POST"') && /"path":"[^"]*\/(classify|assets\/removals)"/.test(line)) requests++;
    },
  });
  return {
    server,
    key,
    requests: () => requests,
    writeBatches: () => writeBatches(server.url, adminKey),
    writeConfig(file, root, stateDir, extra = []) {
      writeFileSync(
        file,
        ['agent:', `  server_url: ${server.url}`, `  api_key_file: ${keyFile}`, `  state_dir: ${stateDir}`, '  hostname: bench-host', '  watch:', `    roots: [${JSON.stringify(root)}]`, ...extra, ''].join('\n'),
      );
      return file;
    },
  };
}

function openReadOnly(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(db)));
  });
}

function agentAssets(db: sqlite3.Database): Promise<number> {
  return new Promise((resolve, reject) =>
    db.get<{ n: number }>("SELECT count(*) AS n FROM assets WHERE source = 'agent' AND removed_at IS NULL", (err, row) => (err ? reject(err) : resolve(row!.n))),
  );
}

/** Counts the agent's assets through the API, page by page (the bench's cross-check of the database count). */
async function countThroughApi(url: string, key: string): Promise<number> {
  let n = 0;
  let next: string | null = `${url}/api/v1/assets?source=agent&limit=500`;
  while (next) {
    const res: Response = await fetch(next, { headers: { 'x-api-key': key } });
    if (!res.ok) throw new Error(`GET /assets: HTTP ${res.status}`);
    n += ((await res.json()) as unknown[]).length;
    const link = res.headers.get('link');
    // The Link URL is relative unless server.public_url is set: resolve it against the page it came from.
    next = link ? new URL(/^<([^>]+)>/.exec(link)![1]!, next).href : null;
  }
  return n;
}

export async function runAgentBench(opts: { dir: string; files: number; timeoutS: number }): Promise<AgentBenchResult> {
  const tree = await generateAgentTree(join(opts.dir, 'tree'), opts.files, seededRandom(21));
  const shell = shellBaseline(tree.root, opts.dir);

  const { server, key, requests, writeConfig, writeBatches } = await startAgentServer(opts.dir);
  const configFile = writeConfig(join(opts.dir, 'agent.yaml'), tree.root, join(opts.dir, 'agent-state'), [
    // BENCH_AGENT_EXTRACT_MEMORY_MB=n: the workers' heap limit (agent.limits.extract_memory_mb; default 512).
    ...(process.env.BENCH_AGENT_EXTRACT_MEMORY_MB ? ['  limits:', `    extract_memory_mb: ${Number(process.env.BENCH_AGENT_EXTRACT_MEMORY_MB)}`] : []),
  ]);
  const dataDir = join(opts.dir, 'agent-server');
  const db = await openReadOnly(join(dataDir, 'assay.db'));
  // BENCH_AGENT_LOG=file: the agent's log lines (both runs) are kept there.
  const agentLog = process.env.BENCH_AGENT_LOG ? createWriteStream(process.env.BENCH_AGENT_LOG) : null;
  try {
    // The server's counters before the agent starts, so that none of its work is missed.
    const serverCpu0 = cpuSeconds(server.child.pid!) ?? 0;
    const serverMainCpu0 = mainThreadCpuSeconds(server.child.pid!) ?? 0;
    const batches0 = await writeBatches();
    const t0 = performance.now();
    const first = startAgent(configFile, agentLog);
    let initialS: number;
    let agentRss: number | null;
    let agentCpu: number | null;
    let agentMainCpu: number | null;
    try {
      await waitFor(async () => (await agentAssets(db)) >= tree.files, 'every file in the inventory', opts.timeoutS * 1000, 200);
      initialS = (performance.now() - t0) / 1000;
      await first.scanFinished;
      agentRss = peakRssMib(first.child.pid!);
      agentCpu = cpuSeconds(first.child.pid!);
      agentMainCpu = mainThreadCpuSeconds(first.child.pid!);
    } finally {
      await first.stop();
    }
    const serverRss = peakRssMib(server.child.pid!);
    const serverCpu1 = cpuSeconds(server.child.pid!);
    const serverCpu = serverCpu1 === null ? null : serverCpu1 - serverCpu0;
    const serverMainCpu1 = mainThreadCpuSeconds(server.child.pid!);
    const serverMainCpu = serverMainCpu1 === null ? null : serverMainCpu1 - serverMainCpu0;
    const initialRequests = requests();
    const batches1 = await writeBatches();
    const batches = batches0 && batches1 && Number.isFinite(batches1.count - batches0.count) ? { count: batches1.count - batches0.count, items: batches1.items - batches0.items } : null;

    const t1 = performance.now();
    const second = startAgent(configFile, agentLog);
    let restartS: number;
    let restartRss: number | null;
    try {
      await second.scanFinished;
      restartS = (performance.now() - t1) / 1000;
      await new Promise((r) => setTimeout(r, 1000)); // anything queued would be on its way by now
      restartRss = peakRssMib(second.child.pid!);
    } finally {
      await second.stop();
    }
    const inInventory = await countThroughApi(server.url, key);
    if (inInventory !== tree.files) throw new Error(`the API lists ${inInventory} agent assets, expected ${tree.files}`);
    return {
      files: tree.files,
      by_format: tree.byFormat,
      sensitive_files: tree.sensitive,
      tree_mb: tree.bytes / 2 ** 20,
      initial: { seconds: initialS, files_per_s: tree.files / initialS, classify_requests: initialRequests, agent_peak_rss_mib: agentRss, server_peak_rss_mib: serverRss, agent_cpu_s: agentCpu, server_cpu_s: serverCpu, agent_main_thread_cpu_s: agentMainCpu, server_main_thread_cpu_s: serverMainCpu,
        server_write_batches: batches?.count ?? null,
        server_mean_batch_size: batches && batches.count > 0 ? batches.items / batches.count : null,
      },
      restart: { seconds_until_idle: restartS, files_resent: requests() - initialRequests, agent_peak_rss_mib: restartRss },
      shell: { seconds: shell.seconds, files_per_s: shell.seconds === null ? null : tree.files / shell.seconds, note: shell.note },
      ratio_vs_shell: shell.seconds === null ? null : initialS / shell.seconds,
    };
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
    await server.stop();
    agentLog?.end();
  }
}
