// `assay classify --format text|json|ndjson|sarif`: SARIF 2.1.0 valid by the schema (test/fixtures/sarif),
// one result per finding with the rule, the level of its label, a relative path and only masked
// samples; JSON and NDJSON records equal to what the API's classify preview answers for the same
// files and rules; --fail-at keeps its exit codes with every format; bad flags are usage errors.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentCli } from '../agent/cli/agent-cli.ts';
import { assetName, assetTypeFor } from '../agent/files/asset-identity.ts';
import { systemClock } from '../lib/clock.ts';
import type { Preview } from '../shared/api/schemas.ts';
import { captureOutput } from './helpers/cli-runner.ts';
import { makeZip } from './helpers/office-documents.ts';
import { sarifValidator } from './helpers/sarif-schema.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

const IBAN = 'DE89370400440532013000';
const SSN = '536-90-4399';
const TEXTS: Record<string, string> = {
  'contract.txt': `Confidential — NDA. Payment to IBAN ${IBAN}.`,
  'menu.txt': 'Lunch menu: soup and bread.',
  'sub dir/ünïcode staff.csv': `name,ssn,iban\nAda Lovelace,${SSN},${IBAN}\nAlan Turing,078-05-1120,GB82WEST12345698765432\n`,
  'notes.md': 'For internal use only. Contact ops@example.com',
};

let t: TestServer;
let key: string;
let dir: string;
let rulesFile: string;
let labelsFile: string;

interface FileRecord extends Preview {
  path: string;
  unreadable: string | null;
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; rules: { id: string; defaultConfiguration: { level: string } }[] } }; originalUriBaseIds: Record<string, { uri: string }>; results: SarifResult[] }[];
}

async function cli(...argv: string[]) {
  const output = captureOutput();
  const code = await runAgentCli(['classify', ...argv], { stdout: output.stdout, stderr: output.stderr, env: {} }, { clock: systemClock, version: '9.9.9-test', hostname: 'ci-host', cwd: dir });
  if (typeof code !== 'number') throw new Error('started a daemon');
  return output.result(code);
}
const policyArgs = () => ['--rules', rulesFile, '--labels', labelsFile];

beforeAll(async () => {
  t = await startTestServer();
  key = await t.workspaceWithKey('acme');
  dir = mkdtempSync(join(tmpdir(), 'assay-formats-'));
  const policyDir = mkdtempSync(join(tmpdir(), 'assay-formats-policy-'));
  rulesFile = join(policyDir, 'rules.json');
  labelsFile = join(policyDir, 'labels.json');
  writeFileSync(rulesFile, (await call(`${t.api}/rules`, { key })).text);
  writeFileSync(labelsFile, (await call(`${t.api}/labels`, { key })).text);
  mkdirSync(join(dir, 'tree', 'sub dir'), { recursive: true });
  for (const [name, text] of Object.entries(TEXTS)) writeFileSync(join(dir, 'tree', name), text);
  writeFileSync(join(dir, 'tree', 'locked.zip'), await makeZip({ 'a.txt': 'x' }, { encrypted: ['a.txt'] }));
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(rulesFile, '..'), { recursive: true, force: true });
});

describe('--format json and ndjson', () => {
  it('carry the fields of the API classify answer, equal to what the API says for the same text', async () => {
    const json = await cli('tree', ...policyArgs(), '--format', 'json');
    expect(json.code, json.stderr).toBe(1); // locked.zip cannot be read (no --fail-at: exit 1, as before)
    const records = JSON.parse(json.stdout) as FileRecord[];
    expect(records.map((r) => r.path).sort()).toEqual([...Object.keys(TEXTS), 'locked.zip'].map((n) => join(dir, 'tree', n)).sort());
    for (const r of records.filter((x) => x.unreadable === null)) {
      const text = readFileSync(r.path, 'utf8');
      const preview = await call(`${t.api}/classify/preview`, { key, json: { name: assetName('ci-host', r.path), asset_type: assetTypeFor(r.path), content: text } });
      expect(preview.status).toBe(200);
      const { path: _path, unreadable: _unreadable, ...fields } = r;
      expect(fields, r.path).toEqual(preview.body);
    }
    expect(records.filter((r) => r.findings.length > 0).length).toBeGreaterThanOrEqual(3);
    const locked = records.find((r) => r.path.endsWith('locked.zip'))!;
    expect(locked).toMatchObject({ label: { name: 'Confidential' }, matched_rules: '', findings: [], unreadable: expect.stringMatching(/^encrypted: /) });

    // --json is the older spelling of --format json.
    expect((await cli('tree', ...policyArgs(), '--json')).stdout).toBe(json.stdout);

    const nd = await cli('tree', ...policyArgs(), '--format', 'ndjson');
    expect(nd.code).toBe(1);
    expect(nd.stdout.endsWith('\n')).toBe(true);
    const lines = nd.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as FileRecord);
    expect(lines).toEqual(records);
  }, 120_000);
});

describe('--format sarif', () => {
  let log: SarifLog;
  let raw: string;
  let records: FileRecord[];

  beforeAll(async () => {
    const out = await cli('tree', ...policyArgs(), '--format', 'sarif');
    expect(out.code, out.stderr).toBe(1);
    raw = out.stdout;
    log = JSON.parse(raw) as SarifLog;
    records = JSON.parse((await cli('tree', ...policyArgs(), '--format', 'json')).stdout) as FileRecord[];
  }, 120_000);

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    const validate = sarifValidator();
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    expect(log.version).toBe('2.1.0');
    // The validator is not a rubber stamp: a broken log fails.
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    const [run] = log.runs;
    expect(validate({ ...log, runs: [{ ...run, results: [{ ...run!.results[0], level: 'fatal' }] }] })).toBe(false);
  });

  it('has one result per finding, and one per unreadable file, each naming a rule of the driver', () => {
    const [run] = log.runs;
    const findings = records.flatMap((r) => r.findings.map((f) => ({ path: r.path, rule: f.rule })));
    const unreadable = records.filter((r) => r.unreadable !== null);
    expect(run!.results).toHaveLength(findings.length + unreadable.length);
    expect(run!.tool.driver.name).toBe('Assay');
    const ids = run!.tool.driver.rules.map((r) => r.id);
    for (const res of run!.results) {
      expect(ids[res.ruleIndex!]).toBe(res.ruleId);
    }
    expect(run!.results.map((r) => r.ruleId).sort()).toEqual([...findings.map((f) => f.rule), ...unreadable.map(() => 'assay/unreadable')].sort());
  });

  it('maps the label to the level: Restricted error, Confidential warning, Internal note, Public none', async () => {
    const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as { name: string }[];
    expect(labels.map((l) => l.name)).toEqual(['Public', 'Internal', 'Confidential', 'Restricted']);
    const want: Record<string, string> = { Public: 'none', Internal: 'note', Confidential: 'warning', Restricted: 'error' };
    const [run] = log.runs;
    const byRuleLabel = new Map(records.flatMap((r) => r.findings.map((f) => [f.rule, f.label])));
    for (const res of run!.results.filter((r) => r.ruleId !== 'assay/unreadable')) expect(res.level, res.ruleId).toBe(want[byRuleLabel.get(res.ruleId)!]);
    expect(new Set(run!.results.map((r) => r.level)).size).toBeGreaterThanOrEqual(2);
    expect(run!.results.find((r) => r.ruleId === 'assay/unreadable')!.level).toBe('warning'); // Confidential
    const rules = JSON.parse(readFileSync(rulesFile, 'utf8')) as { name: string; label: { name: string } }[];
    for (const rule of rules) expect(run!.tool.driver.rules.find((r) => r.id === rule.name)!.defaultConfiguration.level).toBe(want[rule.label.name]);
  });

  it('locates each result by its path relative to the working directory, and shows only masked samples', () => {
    const [run] = log.runs;
    expect(run!.originalUriBaseIds.SRCROOT!.uri).toBe(`file://${dir}/`);
    const uris = new Set(run!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect(uris).toContain('tree/sub%20dir/%C3%BCn%C3%AFcode%20staff.csv');
    expect(uris).toContain('tree/contract.txt');
    expect(uris).toContain('tree/locked.zip');
    for (const r of run!.results) expect(r.locations[0]!.physicalLocation.artifactLocation.uriBaseId).toBe('SRCROOT');
    const staff = run!.results.filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('staff.csv'));
    const masked = records.find((r) => r.path.endsWith('staff.csv'))!.findings.flatMap((f) => f.samples.map((s) => s.value));
    expect(masked.length).toBeGreaterThan(0);
    for (const value of masked) expect(staff.map((r) => r.message.text).join('\n')).toContain(value);
    for (const secret of [IBAN, SSN, 'GB82WEST12345698765432', '078-05-1120', 'ops@example.com']) expect(raw).not.toContain(secret);
  });
});

describe('--fail-at with every format', () => {
  it('exits 3 at or above the label and 0 below it, with the full report on stdout', async () => {
    for (const format of ['text', 'json', 'ndjson', 'sarif']) {
      const gate = await cli('tree', ...policyArgs(), '--format', format, '--fail-at', 'Restricted');
      expect(gate.code, `${format}: ${gate.stderr}`).toBe(3);
      expect(gate.stderr).toMatch(/file\(s\) at or above Restricted/);
      if (format === 'sarif') expect((JSON.parse(gate.stdout) as SarifLog).runs[0]!.results.length).toBeGreaterThan(0);
      if (format === 'json') expect(JSON.parse(gate.stdout)).toHaveLength(5);
      if (format === 'ndjson') expect(gate.stdout.trimEnd().split('\n')).toHaveLength(5);
      if (format === 'text') expect(gate.stdout.trimEnd().split('\n')).toHaveLength(4);
    }
    const calm = await cli(join('tree', 'menu.txt'), ...policyArgs(), '--format', 'sarif', '--fail-at', 'Internal');
    expect(calm.code, calm.stderr).toBe(0);
    expect((JSON.parse(calm.stdout) as SarifLog).runs[0]!.results).toEqual([]);
  }, 180_000);

  it('refuses an unknown format, or --json with another format, as usage errors', async () => {
    const bad = await cli('tree', ...policyArgs(), '--format', 'xml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format: "xml" is not one of text, json, ndjson, sarif/);
    expect(bad.stdout).toBe('');
    const both = await cli('tree', ...policyArgs(), '--json', '--format', 'sarif');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--json and --format sarif contradict/);
    expect((await cli('tree', ...policyArgs(), '--format')).code).toBe(2);
  });
});
