// `assay start` as a newcomer runs it: creates ./data, the default workspace and a first key,
// serves, and exits 0 on SIGTERM. A second start reuses the data and prints no key.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from './helpers/test-server.ts';
import { waitFor } from './helpers/wait-for.ts';

const ROOT = join(import.meta.dirname, '..');
let cwd: string;
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function start(): { child: ChildProcess; output: () => string; ready: Promise<string> } {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'assay.js'), 'start', '--port', '0'], { cwd, env: { ...process.env, ASSAY_DATA_DIR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "server listening" line in: ${out}`)), 20_000);
    child.stdout!.on('data', () => {
      const m = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"server listening"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, output: () => out, ready };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('assay start', () => {
  it('bootstraps on first run, serves the API, and shuts down cleanly on SIGTERM', async () => {
    cwd = mkdtempSync(join(tmpdir(), 'assay-start-'));
    const first = start();
    const url = await first.ready;
    // The banner comes once the agent beside the server runs too, after the start-up log lines.
    const key = await waitFor(() => /^\s+(chk_[A-Za-z0-9_-]{43})$/m.exec(first.output())?.[1], `the first key in: ${first.output()}`);
    const banner = first.output().slice(first.output().indexOf('Assay '));
    expect(banner).toContain(`Web console:    ${url}/  (paste the key above to sign in)`);
    expect(banner).toContain(`The agent watches ${join(cwd, 'inbox')}`);
    // The first key has the admin role: it signs in to the console.
    const signIn = await call(`${url}/api/v1/admin/sessions`, { json: { key } });
    expect(signIn.status, signIn.text).toBe(201);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(cwd, 'data', 'assay.db'))).toBe(true);
    expect(statSync(join(cwd, 'data')).mode & 0o777).toBe(0o700);
    const res = await call(`${url}/api/v1/classify`, { key, json: { name: 'hello.txt', content: 'Confidential' } });
    expect(res.status).toBe(201);
    const started = Date.now();
    expect(await stop(first.child)).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);

    const second = start();
    const url2 = await second.ready;
    const assets = await call(`${url2}/api/v1/assets`, { key });
    expect((assets.body as { name: string }[]).map((a) => a.name)).toEqual(['hello.txt']);
    await waitFor(() => second.output().includes('Web console:'), 'the banner of the second start');
    expect(second.output()).not.toMatch(/chk_[A-Za-z0-9_-]{43}/); // (request lines name key prefixes only)
    expect(second.output()).toContain('--role admin');
    expect(await stop(second.child)).toBe(0);
  }, 90_000); // two full starts, each with its agent, on a shared machine
});
