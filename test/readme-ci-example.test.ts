// The README's CI step, run exactly as written (the lines between its ci-example markers) with
// bash against a real server and a temp folder: a clean folder passes with an empty SARIF log, a
// folder with a secret fails the gate (exit 3) with a valid log that shows the finding, masked.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarifValidator } from './helpers/sarif-schema.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** The shell lines of the README's fenced block between the markers, untouched. */
function ciExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- ci-example:start -->\n```sh\n([\s\S]*?)```\n<!-- ci-example:end -->/.exec(readme);
  if (!block) throw new Error('README.md has no ci-example block');
  return block[1]!;
}

function runStep(cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile('bash', ['-c', ciExample()], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

let t: TestServer;
let key: string;
const dirs: string[] = [];
const folder = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'assay-ci-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};
interface Log {
  runs: { results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
}

beforeAll(async () => {
  t = await startTestServer();
  key = await t.workspaceWithKey('acme');
});
afterAll(async () => {
  await t?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('README CI example', () => {
  it('is a shell block that runs the classify gate with SARIF output', () => {
    const lines = ciExample();
    expect(lines).toContain('--format sarif --fail-at Confidential');
    expect(lines).toContain('$ASSAY_URL/api/v1/rules');
  });

  it('passes a clean folder with an empty, valid SARIF log', async () => {
    const dir = folder({ 'menu.txt': 'Lunch menu: soup and bread.', 'readme.md': 'How to build the project.' });
    const run = await runStep(dir, { ASSAY_HOME: ROOT, ASSAY_URL: t.url, ASSAY_KEY: key });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('assay: exit 0');
    const log = JSON.parse(readFileSync(join(dir, 'assay.sarif'), 'utf8')) as Log;
    const validate = sarifValidator();
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    expect(log.runs[0]!.results).toEqual([]);
  }, 120_000);

  it('fails the gate (exit 3) on a folder with a secret, and the log shows the masked finding', async () => {
    const dir = folder({ 'menu.txt': 'Lunch menu.', 'payroll.csv': 'name,iban\nAda,DE89370400440532013000\n' });
    const run = await runStep(dir, { ASSAY_HOME: ROOT, ASSAY_URL: t.url, ASSAY_KEY: key });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toContain('assay: exit 3');
    expect(run.stderr).toMatch(/1 file\(s\) at or above Confidential/);
    const text = readFileSync(join(dir, 'assay.sarif'), 'utf8');
    const log = JSON.parse(text) as Log;
    const validate = sarifValidator();
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const results = log.runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    expect(new Set(results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))).toEqual(new Set(['payroll.csv']));
    expect(results.some((r) => r.message.text.includes('DE89 **** **** **** **** 00'))).toBe(true);
    expect(text).not.toContain('DE89370400440532013000');
  }, 120_000);

  it('fails (curl exit 22) with a wrong key, before classifying anything', async () => {
    const dir = folder({ 'menu.txt': 'Lunch menu.' });
    const run = await runStep(dir, { ASSAY_HOME: ROOT, ASSAY_URL: t.url, ASSAY_KEY: 'chk_wrong' });
    expect(run.code).toBe(22);
    expect(run.stderr).toMatch(/401/);
  }, 60_000);
});
