// `assay classify` offline gives the label and matched rules the server gives, for the same
// files and rules: with the rules the agent cached, and with rules files saved from the API.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAgentCli } from '../agent/cli/agent-cli.ts';
import { systemClock } from '../lib/clock.ts';
import type { Asset } from '../shared/api/schemas.ts';
import { cleanupAfterEach, deliverAll, nameOf, setUpAgentTest, TEST_HOST } from './helpers/agent-harness.ts';
import { type CliResult, captureOutput } from './helpers/cli-runner.ts';
import { makeDocx, makePdf } from './helpers/documents.ts';
import { call } from './helpers/test-server.ts';

const cleanup = cleanupAfterEach();

async function cli(argv: string[]): Promise<CliResult> {
  const output = captureOutput();
  const { stdout, stderr } = output;
  const code = await runAgentCli(argv, { stdout, stderr, env: {} }, { clock: systemClock, version: 'test', hostname: TEST_HOST, cwd: process.cwd() });
  if (typeof code !== 'number') throw new Error('started a daemon');
  return output.result(code);
}

interface Offline {
  path: string;
  name: string;
  label: { name: string };
  matched_rules: string;
}

const RULES = `rules:
  - name: Salary sheet
    label: Restricted
    priority: 3
    conditions:
      keywords: [salary]
      min_matches: 2
      name_globs: ["*.csv"]
`;

describe('assay classify (offline)', () => {
  it('matches the server for the same content and rules', async () => {
    const { server, key, watchDir, stateDir, settings } = await setUpAgentTest(cleanup);
    const rulesDir = cleanup.dir('rules');
    await server.policies.importRules(await server.workspaces.require('acme'), RULES, { merge: true });
    const files = {
      'contract.txt': 'Confidential. Refunds to IBAN DE89 3704 0044 0532 0130 00.\n',
      'salaries.csv': 'name,salary\nAda,salary band 5\nBob,salary band 4\n',
      'salary-note.txt': 'salary salary salary (not a csv: the rule does not apply)\n',
      'report.pdf': await makePdf(['Annual report', 'For internal use only. Contact ops@example.com']),
      'letter.docx': await makeDocx(['Dear team,', 'nothing sensitive here.']),
    };
    for (const [name, data] of Object.entries(files)) writeFileSync(join(watchDir, name), data);
    const paths = Object.keys(files).map((n) => join(watchDir, n));

    const { assets } = await deliverAll(settings(), server.api, key, paths.length);
    expect(assets.get(nameOf(join(watchDir, 'salaries.csv')))!.label.name).toBe('Restricted');

    // 1. With the rules the agent cached in its state directory.
    const cached = await cli(['classify', ...paths, '--state-dir', stateDir, '--json']);
    expect(cached.code, cached.stderr).toBe(0);
    const offline = JSON.parse(cached.stdout) as Offline[];
    expect(offline).toHaveLength(paths.length);
    for (const o of offline) {
      const served = assets.get(o.name)!;
      expect({ path: o.path, label: o.label.name, matched_rules: o.matched_rules }).toEqual({ path: o.path, label: served.label.name, matched_rules: served.matched_rules });
    }

    // 2. With rules and labels saved from the API (what `curl .../rules > rules.json` gives).
    const rulesFile = join(rulesDir, 'rules.json');
    const labelsFile = join(rulesDir, 'labels.json');
    writeFileSync(rulesFile, (await call(`${server.api}/rules`, { key })).text);
    writeFileSync(labelsFile, (await call(`${server.api}/labels`, { key })).text);
    const fromFiles = await cli(['classify', ...paths, '--rules', rulesFile, '--labels', labelsFile]);
    expect(fromFiles.code, fromFiles.stderr).toBe(0);
    const lines = fromFiles.stdout.split('\n').filter(Boolean).map((l) => l.split('\t'));
    expect(lines.map(([path, label, rules]) => ({ path, label, rules }))).toEqual(
      paths.map((p) => ({ path: p, label: assets.get(nameOf(p))!.label.name, rules: assets.get(nameOf(p))!.matched_rules })),
    );

    // 3. The same text posted straight to the API gets the same answer.
    const direct = await call(`${server.api}/classify`, { key, json: { name: nameOf(paths[0]!), asset_type: 'document', content: files['contract.txt'] } });
    const first = offline.find((o) => o.path === paths[0])!;
    expect((direct.body as Asset).label.name).toBe(first.label.name);
    expect((direct.body as Asset).matched_rules).toBe(first.matched_rules);
  });

  it('says what is missing instead of guessing', async () => {
    const stateDir = cleanup.dir('state');
    const watchDir = cleanup.dir('offline');
    writeFileSync(join(watchDir, 'a.txt'), 'hello');
    const noRules = await cli(['classify', join(watchDir, 'a.txt'), '--state-dir', stateDir]);
    expect(noRules.code).toBe(1);
    expect(noRules.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(noRules.stderr).toMatch(/no cached rules in .*pass --rules FILE/);
    writeFileSync(join(stateDir, 'rules.json'), '[]');
    const noLabels = await cli(['classify', join(watchDir, 'a.txt'), '--rules', join(stateDir, 'rules.json')]);
    expect(noLabels.code).toBe(1);
    expect(noLabels.stderr).toMatch(/--labels FILE/);
  });
});
