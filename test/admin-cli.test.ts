// The admin CLI end to end over a temp data directory: workspaces, keys, labels, rules,
// CSV import, manual entry; bad arguments print usage and change nothing.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { runCli } from './helpers/cli-runner.ts';
import { call, manualClock } from './helpers/test-server.ts';
import { openDataDir, startServer } from '../server/server-process.ts';
import { configSchema } from '../shared/config/config-schema.ts';
import { pino } from 'pino';

const run = promisify(execFile);
const clock = manualClock();
let dir: string;
let dataDir: string;
const cli = (...argv: string[]) => runCli(argv, { dataDir, clock });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'assay-cli-'));
  dataDir = join(dir, 'data');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('assay workspaces', () => {
  it('creates, lists, suspends, resumes, sets plan and quota', async () => {
    expect((await cli('init')).code).toBe(0);
    expect((await cli('workspaces', 'create', 'acme', '--max-assets', '10')).code).toBe(0);
    expect((await cli('workspaces', 'create', 'beta')).code).toBe(0);
    const dup = await cli('workspaces', 'create', 'acme');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    expect((await cli('workspaces', 'suspend', 'acme')).code).toBe(0);
    expect((await cli('workspaces', 'plan', 'beta', 'inactive')).code).toBe(0);
    expect((await cli('workspaces', 'quota', 'beta', '--max-assets', '5')).code).toBe(0);
    const list = JSON.parse((await cli('workspaces', 'list', '--json')).stdout) as { name: string; suspended: boolean; plan: string; max_assets: number | null }[];
    expect(list.map((w) => [w.name, w.suspended, w.plan, w.max_assets])).toEqual([
      ['acme', true, 'active', 10],
      ['beta', false, 'inactive', 5],
    ]);
    await cli('workspaces', 'resume', 'acme');
    await cli('workspaces', 'quota', 'acme', '--max-assets', 'none');
    const table = (await cli('workspaces', 'list')).stdout;
    expect(table.split('\n')[0]).toMatch(/^NAME\s+PLAN\s+SUSPENDED\s+ASSETS\s+MAX ASSETS\s+CREATED$/);
    expect(table).toMatch(/acme\s+active\s+no\s+0\s+-/);
  });

  it('refuses bad arguments with usage and exit 2, writing nothing', async () => {
    for (const argv of [
      ['workspaces', 'create'],
      ['workspaces', 'create', 'x', '--max-assets', 'many'],
      ['workspaces', 'plan', 'x', 'gold'],
      ['workspaces', 'frobnicate'],
      ['keys', 'create', '--workspace', 'x'],
      ['keys', 'create', '--name', 'k'],
      ['labels', 'set', '--workspace', 'x', 'L', '--level', 'high', '--color', '#000000'],
      ['nonsense'],
      ['workspaces', 'list', '--bogus-flag'],
    ]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/Usage: assay/);
    }
    expect(() => readdirSync(dataDir)).toThrow();
  });
});

describe('assay keys', () => {
  it('prints a new key alone on the last stdout line, lists without it, revokes', async () => {
    await cli('init');
    await cli('workspaces', 'create', 'acme');
    const created = await cli('keys', 'create', '--workspace', 'acme', '--name', 'jira-sync');
    expect(created.code).toBe(0);
    const lines = created.stdout.trimEnd().split('\n');
    const key = lines[lines.length - 1]!;
    expect(key).toMatch(/^chk_[A-Za-z0-9_-]{43}$/);
    const listed = await cli('keys', 'list', '--workspace', 'acme');
    expect(listed.stdout).toContain('jira-sync');
    expect(listed.stdout).toContain(key.slice(0, 12));
    expect(listed.stdout).not.toContain(key);
    expect(listed.stdout).toMatch(/never/);
    expect((await cli('keys', 'revoke', '--workspace', 'acme', 'jira-sync')).code).toBe(0);
    expect((await cli('keys', 'revoke', '--workspace', 'acme', 'jira-sync')).code).toBe(1);
    const json = JSON.parse((await cli('keys', 'list', '--workspace', 'acme', '--json')).stdout) as { revoked_at: string | null; key_hash?: unknown }[];
    expect(json[0]!.revoked_at).not.toBeNull();
    expect(json[0]).not.toHaveProperty('key_hash');
    expect((await cli('keys', 'list', '--workspace', 'nope')).stderr).toMatch(/workspace "nope" does not exist/);
  });
});

describe('assay labels and rules', () => {
  it('sets and removes labels, refusing to orphan a rule', async () => {
    await cli('init');
    await cli('workspaces', 'create', 'acme');
    expect((await cli('labels', 'set', '--workspace', 'acme', 'Secret', '--level', '5', '--color', '#112233')).code).toBe(0);
    expect((await cli('labels', 'list', '--workspace', 'acme')).stdout).toMatch(/5\s+Secret\s+#112233/);
    const clash = await cli('labels', 'set', '--workspace', 'acme', 'Other', '--level', '5', '--color', '#112233');
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/level 5 is used twice/);
    const badColor = await cli('labels', 'set', '--workspace', 'acme', 'X', '--level', '6', '--color', 'red');
    expect(badColor.code).toBe(1);
    const orphan = await cli('labels', 'remove', '--workspace', 'acme', 'Confidential');
    expect(orphan.code).toBe(1);
    expect(orphan.stderr).toMatch(/label "Confidential" is in use by rules "Marked confidential", "Financial data"/);
    expect((await cli('labels', 'remove', '--workspace', 'acme', 'Secret')).code).toBe(0);
  });

  it('imports, exports, enables and disables rules; a bad file changes nothing', async () => {
    await cli('init');
    await cli('workspaces', 'create', 'acme');
    const exported = (await cli('rules', 'export', '--workspace', 'acme')).stdout;
    expect(exported).toMatch(/name: Marked confidential/);
    const good = join(dir, 'rules.yaml');
    writeFileSync(good, 'rules:\n  - name: Project X\n    label: Restricted\n    priority: 1\n    conditions:\n      keywords: [project x]\n');
    expect((await cli('rules', 'import', good, '--workspace', 'acme', '--merge')).code).toBe(0);
    expect((await cli('rules', 'list', '--workspace', 'acme')).stdout).toMatch(/1\s+Project X\s+Restricted\s+yes/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, '- name: A\n  label: Nope\n  priority: 1\n  conditions: {patterns: ["(x"]}\n- name: B\n  priority: "high"\n  conditions: {}\n');
    const r = await cli('rules', 'import', bad, '--workspace', 'acme');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rules\[1\]\.label/);
    expect(r.stderr).toMatch(/rules\[1\]\.priority/);
    expect(r.stderr).toMatch(/unknown label "Nope"/); // one pass: rule B's problems do not hide rule A's
    const bad2 = join(dir, 'bad2.yaml');
    writeFileSync(bad2, '- name: A\n  label: Nope\n  priority: 1\n  conditions: {patterns: ["(x"]}\n');
    const r2 = await cli('rules', 'import', bad2, '--workspace', 'acme');
    expect(r2.stderr).toMatch(/unknown label "Nope"/);
    expect(r2.stderr).toMatch(/invalid regular expression/);
    const rules = JSON.parse((await cli('rules', 'list', '--workspace', 'acme', '--json')).stdout) as { name: string }[];
    expect(rules.length).toBe(defaultRules().length + 1);
    expect((await cli('rules', 'disable', '--workspace', 'acme', 'Project X')).code).toBe(0);
    expect((await cli('rules', 'list', '--workspace', 'acme')).stdout).toMatch(/Project X\s+Restricted\s+no/);
    // Round trip: the export imports back to the same rules.
    const roundTrip = join(dir, 'export.yaml');
    writeFileSync(roundTrip, (await cli('rules', 'export', '--workspace', 'acme')).stdout);
    expect((await cli('rules', 'import', roundTrip, '--workspace', 'acme')).code).toBe(0);
    expect(JSON.parse((await cli('rules', 'list', '--workspace', 'acme', '--json')).stdout)).toEqual(JSON.parse(JSON.stringify(rules)).map((r: { name: string; enabled: boolean }) => (r.name === 'Project X' ? { ...r, enabled: false } : r)));
  });
});

describe('assay import-csv and add', () => {
  it('classifies rows as source csv and reports bad rows by line', async () => {
    await cli('init');
    await cli('workspaces', 'create', 'acme');
    const csv = join(dir, 'assets.csv');
    writeFileSync(
      csv,
      '\ufeffname,asset_type,content\n' +
        'contract.pdf,document,"Confidential — NDA, signed"\n' +
        ',document,no name here\n' +
        'multi-line.txt,,"line one\nIBAN DE89370400440532013000"\n' +
        'menu.txt,,soup\n',
    );
    const r = await cli('import-csv', csv, '--workspace', 'acme');
    expect(r.stdout).toMatch(/^3 rows classified, 1 failed$/m);
    expect(r.stdout).toMatch(/line 3: name is empty/);
    expect(r.code).toBe(1);
    const repo = await openDataDir(dataDir, clock);
    try {
      const ws = (await repo.getWorkspaceByName('acme'))!;
      const assets = await repo.listAssets(ws.id, { limit: 10 });
      expect(assets.map((a) => [a.name, a.source, a.label.name]).sort()).toEqual([
        ['contract.pdf', 'csv', 'Confidential'],
        ['menu.txt', 'csv', 'Public'],
        ['multi-line.txt', 'csv', 'Confidential'],
      ]);
    } finally {
      await repo.close();
    }
  });

  it('refuses a CSV without a name column', async () => {
    await cli('init');
    await cli('workspaces', 'create', 'acme');
    const csv = join(dir, 'x.csv');
    writeFileSync(csv, 'title,content\na,b\n');
    const r = await cli('import-csv', csv, '--workspace', 'acme');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs a "name" column/);
  });

  it('adds a manual asset from a content file', async () => {
    await cli('init');
    await cli('workspaces', 'create', 'acme');
    const f = join(dir, 'content.txt');
    writeFileSync(f, '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n');
    const r = await cli('add', '--workspace', 'acme', '--name', 'server.key', '--type', 'credential', '--content-file', f);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'server.key', source: 'manual', label: { name: 'Restricted' }, matched_rules: 'Credentials' });
  });
});

describe('the assay binary', () => {
  it('runs from the package bin: a key created by the CLI works against the server', async () => {
    const bin = join(import.meta.dirname, '..', 'bin', 'assay.js');
    const env = { ...process.env, ASSAY_DATA_DIR: dataDir };
    await run(process.execPath, [bin, 'init'], { env });
    await run(process.execPath, [bin, 'workspaces', 'create', 'acme'], { env });
    const { stdout } = await run(process.execPath, [bin, 'keys', 'create', '--workspace', 'acme', '--name', 'ci'], { env });
    const key = stdout.trimEnd().split('\n').pop()!;
    const repo = await openDataDir(dataDir, clock);
    const config = configSchema.parse({ server: { port: 0, data_dir: dataDir } }).server;
    const server = await startServer({ config, logger: pino({ level: 'silent' }), clock, version: 'test', repo });
    try {
      expect((await call(`${server.url}/api/v1/labels`, { key })).status).toBe(200);
    } finally {
      await server.close();
      await repo.close();
    }
    const usage = await run(process.execPath, [bin, 'bogus']).catch((e: { code: number; stderr: string }) => e);
    expect((usage as { code: number }).code).toBe(2);
  });
});
