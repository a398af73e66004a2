// Rule imports: a regex that can backtrack catastrophically is refused before anything is
// stored, so a hostile rule cannot hang classification; workspace exclusions round-trip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyAdmin } from '../server/services/policy-admin.ts';
import { createRuleAnalyser } from '../server/services/rule-analysis/rule-analyser.ts';
import { systemClock } from '../lib/clock.ts';
import { DefinitionError } from '../shared/errors.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';
import { systemOrigin } from '../server/services/audit-trail.ts';

let t: TestServer;
let key: string;
beforeAll(async () => {
  t = await startTestServer();
  key = await t.workspaceWithKey('acme');
});
afterAll(() => t.close());

const ws = async () => (await t.workspaces.require('acme'))!;

describe('rule import safety', () => {
  it('refuses (a+)+$ and polynomial patterns, stores nothing, and classification still works', async () => {
    const before = (await call(`${t.api}/rules`, { key })).headers.get('etag');
    const hostile = 'rules:\n  - name: Hostile\n    label: Restricted\n    priority: 1\n    conditions:\n      patterns: ["(a+)+$", "\\\\s*\\\\s*$"]\n';
    const err = await t.policies.importRules(await ws(), hostile, { merge: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DefinitionError);
    const problems = (err as DefinitionError).problems.join('\n');
    expect(problems).toMatch(/pattern 1: can backtrack catastrophically \(exponential/);
    expect(problems).toMatch(/pattern 2: can backtrack catastrophically \(polynomial/);
    expect((await call(`${t.api}/rules`, { key })).headers.get('etag')).toBe(before);

    const res = await call(`${t.api}/classify`, { key, json: { name: 'aaaa.txt', content: `${'a'.repeat(50_000)}!` } });
    expect(res.status).toBe(201);
  });

  it('does not analyse again the patterns the workspace already holds, only new ones', async () => {
    // A checker with a 1 ms budget can prove nothing non-trivial: whatever it lets through was skipped.
    const analyser = createRuleAnalyser({ patternTimeoutMs: 1 });
    const hurried = createPolicyAdmin({ repo: t.repo, clock: systemClock, analyser, origin: systemOrigin('test-setup') });
    await t.workspaces.create('reimport', null);
    const target = await t.workspaces.require('reimport');
    const exported = await t.policies.exportRules(target);
    await expect(hurried.importRules(target, exported, { merge: false })).resolves.toBeDefined();
    const fresh = String.raw`rules:
  - name: Fresh
    label: Restricted
    priority: 1
    conditions:
      patterns: ['\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.(?:com|[A-Za-z]{2,})\b']
`;
    await expect(hurried.importRules(target, fresh, { merge: true })).rejects.toThrow(/could not be proven/);
    await analyser.close();
  });

  it('refuses a hostile workspace exclusion pattern too', async () => {
    const text = 'rules: []\nexclusions:\n  patterns: ["(x|xx)+y"]\n';
    await expect(t.policies.importRules(await ws(), text, { merge: true })).rejects.toThrow(/workspace exclusion pattern 1/);
  });

  it('imports workspace exclusions, serves them in every rule, and exports them', async () => {
    const text = 'rules:\n  - name: Cards\n    label: Confidential\n    priority: 1\n    conditions:\n      patterns: [{ id: card, regex: "\\\\b[0-9]{16}\\\\b", validator: luhn }]\nexclusions:\n  values: ["4111111111111111"]\n';
    await t.policies.importRules(await ws(), text, { merge: false });
    const rules = (await call(`${t.api}/rules`, { key })).body as { name: string; format: number; conditions: { exclusions?: { values: string[] } } }[];
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ name: 'Cards', format: 2, conditions: { exclusions: { values: ['4111111111111111'] } } });
    const test = (content: string) => call(`${t.api}/classify/preview`, { key, json: { name: 'n', content } });
    expect(((await test('4111111111111111')).body as { matched_rules: string }).matched_rules).toBe('');
    expect(((await test('4012888888881881')).body as { matched_rules: string }).matched_rules).toBe('Cards');
    expect(await t.policies.exportRules(await ws())).toMatch(/exclusions:\n  values:\n    - "4111111111111111"/);
  });
});
