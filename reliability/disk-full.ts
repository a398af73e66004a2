// Fault (c): the agent's state directory fills up. On a small tmpfs mounted over the state
// directory (we run as root) a filler file takes the last byte while new files arrive; where
// mounting is not permitted, the agent is restarted under `ulimit -f` (SIGXFSZ ignored, so writes
// past the limit fail with EFBIG) instead. Expected: a clear error in the log, the agent stays
// up (tmpfs) or exits cleanly (ulimit), the state database passes integrity_check, and once space
// returns every file reaches the inventory with its label (at the next scheduled scan at worst).
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { STATE_DB_FILE } from '../agent/state/state-db.ts';
import { type AssayProcess, spawnAssay } from '../test/helpers/assay-process.ts';
import { waitFor } from '../test/helpers/wait-for.ts';
import { agentFaultDirs, allAgentAssets, FAULT_HOST as HOST, startServerForAgent } from './agent-fault-setup.ts';
import type { ServerProcess } from './processes.ts';
import { integrityCheck } from './sqlite-check.ts';

export interface DiskFullOptions {
  /** Skip the tmpfs and use the ulimit fallback (to exercise it where mounting works). */
  noMount?: boolean;
  /** Files delivered before the disk fills, and files arriving while it is full. */
  before: number;
  during: number;
  log(line: string): void;
}

export interface DiskFullResult {
  readonly method: 'tmpfs' | 'ulimit';
  readonly errorsLogged: number;
  readonly sampleError: string;
  readonly agentSurvived: boolean;
  readonly filesExpected: number;
  readonly filesFound: number;
  readonly lost: number;
  readonly integrity: string;
  readonly problems: readonly string[];
}

const FULL_ERROR = /SQLITE_FULL|SQLITE_IOERR|disk is full|disk I\/O error|ENOSPC|EFBIG|too large|no space/i;

function tryMountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Writes into `dir` until the file system refuses; returns the filler's path. */
function fillUp(dir: string): string {
  const filler = join(dir, 'filler.bin');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(16 * 1024, 0x5a);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  // Single bytes too, so not even a partial page is left.
  const fd2 = openSync(filler, 'a');
  try {
    for (;;) writeSync(fd2, Buffer.from([0]));
  } catch {
    // full
  } finally {
    closeSync(fd2);
  }
  return filler;
}

export async function runDiskFull(opts: DiskFullOptions): Promise<DiskFullResult> {
  const dirs = agentFaultDirs('assay-fault-disk-');
  const { base, watchDir, stateDir, configFile } = dirs;
  mkdirSync(stateDir, { mode: 0o700 });
  const problems: string[] = [];
  const expected = new Map<string, string>();
  const write = (name: string, i: number) => {
    const sensitive = i % 2 === 0;
    const path = join(watchDir, name);
    writeFileSync(path, sensitive ? `Strictly confidential, item ${i}. ${'padding '.repeat(50)}` : `Plain item ${i}. ${'padding '.repeat(50)}`);
    expected.set(`${HOST}:${path}`, sensitive ? 'Confidential' : 'Public');
  };
  const mounted = !opts.noMount && tryMountTmpfs(stateDir, '8m');
  const method = mounted ? 'tmpfs' : 'ulimit';
  opts.log(`  state directory on ${mounted ? 'an 8 MiB tmpfs' : 'the temp disk, under ulimit -f (mounting not permitted)'}`);
  let server: ServerProcess | null = null;
  let agent: AssayProcess | null = null;
  const logsOf: AssayProcess[] = [];
  try {
    // A scan every 3 s: files that failed while the disk was full are retried at the next scan.
    const started = await startServerForAgent(dirs, { rescan: '*/3 * * * * *' });
    server = started.server;
    const { key } = started;
    for (let i = 0; i < opts.before; i++) write(`before-${i}.txt`, i);
    agent = spawnAssay(['agent', '--config', configFile]);
    logsOf.push(agent);
    /** Live agent assets by name. */
    const inventory = async () => new Map((await allAgentAssets(server!.api, key)).filter((a) => a.removed_at === null).map((a) => [a.name, a]));
    await waitFor(async () => (await inventory()).size >= opts.before, 'the first files delivered', 60_000, 200);

    // The disk fills up.
    let filler: string | null = null;
    if (mounted) {
      filler = fillUp(stateDir);
      opts.log(`  filled the tmpfs (${statSync(filler).size} bytes of filler)`);
    } else {
      await agent.kill('SIGTERM');
      // 96 blocks of 512 bytes: room for the 32 KiB -shm index and a few WAL frames, then EFBIG.
      agent = spawnAssay(['agent', '--config', configFile], {}, { shellPrefix: "trap '' XFSZ; ulimit -f 96;" });
      logsOf.push(agent);
    }
    for (let i = 0; i < opts.during; i++) write(`during-${i}.txt`, opts.before + i);
    const errorLine = await waitFor(() => agent!.logs.find((l) => (l.level as number) >= 50 && FULL_ERROR.test(JSON.stringify(l))), 'a logged disk-full error', 30_000, 100).catch(() => undefined);
    await sleep(2000);
    const alive = agent.child.exitCode === null && agent.child.signalCode === null;
    if (!errorLine) problems.push('no error naming the full disk was logged');
    opts.log(`  ${opts.during} files arrived while full; agent ${alive ? 'still running' : `exited (${agent.child.exitCode ?? agent.child.signalCode})`}; logged: ${errorLine ? String(errorLine.err ?? errorLine.msg).slice(0, 120) : '-'}`);
    if (mounted && !alive) problems.push(`the agent exited on a full disk (code ${agent.child.exitCode}, signal ${agent.child.signalCode})`);

    // Space returns.
    if (filler) rmSync(filler);
    if (!alive || !mounted) {
      await agent.kill('SIGTERM');
      agent = spawnAssay(['agent', '--config', configFile]);
      logsOf.push(agent);
    }
    opts.log('  space returned');
    const marks = new Map(logsOf.map((p) => [p, p.logs.length]));
    const recovered = await waitFor(async () => {
      const inv = await inventory();
      return [...expected].every(([name, label]) => inv.get(name)?.label.name === label) ? inv : undefined;
    }, 'every file in the inventory after recovery', 90_000, 250).catch((err: Error) => {
      problems.push(err.message);
      return undefined;
    });
    const inv = recovered ?? (await inventory());
    if (!recovered) opts.log(`  state directory now: ${execFileSync('ls', ['-la', stateDir], { encoding: 'utf8' }).replace(/\n/g, ' | ')}`);
    // A write that began while the disk was full can fail just after the filler is removed (the
    // agent retries failed files every 3 s), so a disk-full error logged before the agent's first
    // state write after the space returned ('classified locally') is the full disk's, not a fault
    // of recovery. Every other error after the mark counts, and so does a disk-full one after that.
    const later = logsOf.flatMap((p) => {
      const since = p.logs.slice(marks.get(p) ?? 0);
      const firstWrite = since.findIndex((l) => l.msg === 'classified locally');
      return since.filter((l, i) => (l.level as number) >= 50 && !(FULL_ERROR.test(JSON.stringify(l)) && (firstWrite < 0 || i < firstWrite)));
    });
    const distinct = [...new Set(later.map((l) => `${String(l.msg)}: ${String(l.err ?? '')}`))];
    if (later.length > 0) problems.push(`${later.length} errors after space returned: ${distinct.slice(0, 5).join(' | ')}`);
    const found = [...expected].filter(([name, label]) => inv.get(name)?.label.name === label).length;
    await agent.kill('SIGTERM');
    const integrity = await integrityCheck(join(stateDir, STATE_DB_FILE));
    if (integrity !== 'ok') problems.push(`agent state integrity_check: ${integrity}`);
    try {
      JSON.parse(readFileSync(join(stateDir, 'policy.json'), 'utf8'));
    } catch (err) {
      problems.push(`policy.json unreadable after the fault: ${(err as Error).message}`);
    }
    const errorsLogged = logsOf.flatMap((p) => p.logs).filter((l) => (l.level as number) >= 50 && FULL_ERROR.test(JSON.stringify(l))).length;
    return {
      method,
      errorsLogged,
      sampleError: errorLine ? `${String(errorLine.msg)}: ${String(errorLine.err ?? '')}`.slice(0, 200) : '',
      agentSurvived: mounted ? alive : true,
      filesExpected: expected.size,
      filesFound: found,
      lost: expected.size - found,
      integrity,
      problems,
    };
  } finally {
    await agent?.kill('SIGTERM');
    await server?.kill('SIGTERM');
    if (mounted) {
      try {
        execFileSync('umount', [stateDir], { stdio: 'ignore' });
      } catch {
        execFileSync('umount', ['-l', stateDir], { stdio: 'ignore' });
      }
    }
    rmSync(base, { recursive: true, force: true });
  }
}
