// The fast parts of `npm run faults` (reliability/), at small sizes: the server SIGKILLed in a
// classify burst loses nothing acknowledged; a full state directory (tmpfs, where mounting is
// permitted) is a logged error, no corruption, and recovery once space returns. (Scenario (b),
// the agent killed mid-scan with the server down, runs only in `npm run faults`: its fast
// counterpart is test/agent-offline-queue.test.ts.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDiskFull } from '../reliability/disk-full.ts';
import { runServerKill } from '../reliability/server-kill.ts';

const quiet = () => {};

function canMountTmpfs(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'assay-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmdirSync(dir);
  }
}

describe('faults', () => {
  it('server SIGKILLed mid-burst: consistent database, every acknowledged request present', async () => {
    const r = await runServerKill({ rounds: 1, concurrency: 6, killAfterAcks: 60, log: quiet });
    expect(r.problems).toEqual([]);
    expect(r.acknowledged).toBeGreaterThanOrEqual(60);
    expect(r.lost).toBe(0);
    expect(r.found).toBe(r.acknowledged);
  }, 60_000);

  it.skipIf(!canMountTmpfs())('state directory full: logged error, no corruption, recovery when space returns', async () => {
    const r = await runDiskFull({ before: 5, during: 8, log: quiet });
    expect(r.problems).toEqual([]);
    expect(r.method).toBe('tmpfs');
    expect(r.errorsLogged).toBeGreaterThan(0);
    expect(r.sampleError).toMatch(/SQLITE_FULL|disk is full/);
    expect(r.agentSurvived).toBe(true);
    expect(r.integrity).toBe('ok');
    expect(r.lost).toBe(0);
  }, 120_000);
});
