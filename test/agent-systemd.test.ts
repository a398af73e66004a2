// Both systemd units pass `systemd-analyze verify` (Debian package `systemd`). Without the
// command the test fails rather than skips, so CI cannot silently stop checking the units.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const UNITS = ['assay-agent.service', 'assay-server.service'].map((u) => join(ROOT, 'systemd', u));

function hasSystemdAnalyze(): boolean {
  try {
    execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('systemd units', () => {
  it('pass systemd-analyze verify', () => {
    expect(hasSystemdAnalyze(), 'systemd-analyze is missing: install the Debian package "systemd"').toBe(true);
    const run = spawnSync('systemd-analyze', ['verify', ...UNITS], { encoding: 'utf8' });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  });

  it('run the agent sandboxed, with its key from a credential and restarts only on failure', () => {
    const unit = readFileSync(UNITS[0]!, 'utf8');
    for (const line of ['User=assay-agent', 'StateDirectory=assay-agent', 'Restart=on-failure', 'RestartPreventExitStatus=78', 'ProtectSystem=strict', 'NoNewPrivileges=true', 'PrivateTmp=true', 'ProtectHome=read-only', 'LoadCredential=agent.key:/etc/assay/agent.key', 'Environment=ASSAY_AGENT_API_KEY_FILE=%d/agent.key']) {
      expect(unit).toContain(`\n${line}\n`);
    }
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute/m);
  });

  it('start the agent with its memory settings, in flags this Node.js accepts', () => {
    const unit = readFileSync(UNITS[0]!, 'utf8');
    const words = /^ExecStart=(.*)$/m.exec(unit)![1]!.trim().split(/\s+/);
    const flags = words.slice(1).filter((w) => w.startsWith('--'));
    expect(flags).toEqual(expect.arrayContaining(['--max-semi-space-size=4', '--heap-growing-percent=50']));
    // A misspelt or removed V8 flag makes node exit with "bad option" before the agent starts.
    const run = spawnSync(process.execPath, [...flags, '-e', '0'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
  });
});
