// `assay start` as a newcomer runs it: creates ./data, the default workspace and a first key,
// serves, and exits 0 on SIGTERM. A second start reuses the data and prints no key.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AssayProcess, spawnAssay } from './helpers/assay-process.ts';
import { call } from './helpers/test-server.ts';
import { waitFor } from './helpers/wait-for.ts';

let cwd: string;
const children: AssayProcess[] = [];
afterEach(async () => {
  // A failed assertion must not leave a server running.
  await Promise.all(children.splice(0).map((c) => c.close()));
  rmSync(cwd, { recursive: true, force: true });
});

const KEY_LINE = /^\s+(chk_[A-Za-z0-9_-]{43})$/m;

/** `assay start` in `cwd`, resolved with its URL once it logs that it listens. */
async function start(): Promise<{ proc: AssayProcess; url: string }> {
  const proc = spawnAssay(['start', '--port', '0'], { ASSAY_DATA_DIR: '' }, { cwd });
  children.push(proc);
  const listening = await Promise.race([
    proc.waitForLog((l) => l.msg === 'server listening', '"server listening"'),
    proc.exited.then((s) => Promise.reject(new Error(`exited ${s.code}: ${proc.output()}`))),
  ]);
  return { proc, url: String(listening.url) };
}

describe('assay start', () => {
  it('bootstraps on first run, serves the API, and shuts down cleanly on SIGTERM', async () => {
    cwd = mkdtempSync(join(tmpdir(), 'assay-start-'));
    const first = await start();
    const url = first.url;
    // The banner comes once the agent beside the server runs too, after the start-up log lines.
    const key = (await waitFor(() => KEY_LINE.exec(first.proc.output()), `the first key in: ${first.proc.output()}`))[1]!;
    const banner = first.proc.output().slice(first.proc.output().indexOf('Assay '));
    expect(banner).toContain(`Web console:    ${url}/  (paste the key above to sign in)`);
    expect(banner).toContain(`The agent watches ${join(cwd, 'inbox')}`);
    // The first key has the admin role: it signs in to the console.
    const signIn = await call(`${url}/api/v1/admin/sessions`, { json: { key } });
    expect(signIn.status, signIn.text).toBe(201);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(cwd, 'data', 'assay.db'))).toBe(true);
    expect(statSync(join(cwd, 'data')).mode & 0o777).toBe(0o700);
    const res = await call(`${first.url}/api/v1/classify`, { key, json: { name: 'hello.txt', content: 'Confidential' } });
    expect(res.status).toBe(201);
    expect(await first.proc.kill('SIGTERM')).toEqual({ code: 0, signal: null });

    const second = await start();
    const assets = await call(`${second.url}/api/v1/assets`, { key });
    expect((assets.body as { name: string }[]).map((a) => a.name)).toEqual(['hello.txt']);
    await waitFor(() => second.proc.output().includes('Web console:'), 'the banner of the second start');
    expect(second.proc.output()).toContain('--role admin');
    expect(await second.proc.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    // All its output is in once it has exited; request log lines name key prefixes, never a key.
    expect(second.proc.output()).not.toMatch(KEY_LINE);
    expect(second.proc.output()).not.toContain(key);
  }, 90_000); // two full starts, each with its agent, on a shared machine
});
