// A typo never changes what gets classified: every key of a rules file mutated by one character
// is refused with its path (never imported), the admin API (the console's rule editor) refuses
// the same, a rule without conditions has to say `match: always`, and rules stored before these
// checks keep loading and export in a form that imports again.
// Seed: ASSAY_FUZZ_SEED (fast-check prints the seed and path of a failure); runs: ASSAY_FUZZ_RUNS.
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueDefinitions } from '../shared/engine/catalogue/index.ts';
import { closestName } from '../shared/engine/did-you-mean.ts';
import { parseRuleInput } from '../shared/engine/rule-input.ts';
import { formatPath } from '../shared/engine/strict-parse.ts';
import { DefinitionError } from '../shared/errors.ts';
import { parseRuleFile } from '../server/services/rule-file.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

const SEED = Number(process.env.ASSAY_FUZZ_SEED ?? 19);
const RUNS = Number(process.env.ASSAY_FUZZ_RUNS ?? 150);

/** A rules file that uses every key of the format. */
const FULL = String.raw`rules:
  - format: 2
    name: Every key
    description: uses every field
    label: Confidential
    priority: 5
    enabled: true
    category: financial
    conditions:
      patterns:
        - id: card
          regex: '\b[0-9]{16}\b'
          flags: i
          group: 0
          validator: luhn
          min_entropy: 1
          confidence: high
          context:
            keywords: [card]
            window: 100
            required: false
      keywords: [secretword]
      keyword_confidence: low
      min_matches: 1
      min_confidence: low
      name_globs: ['*.txt']
      asset_types: [document]
      exclusions:
        values: ['4111111111111111']
        patterns: ['^0+$']
        stop_words: [example]
  - name: Everything else
    label: Internal
    conditions:
      match: always
exclusions:
  values: ['x']
  patterns: ['^9+$']
  stop_words: [sample]
`;

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** The path of every mapping key in the document. */
function keyPaths(value: Json, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyPaths(v, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [[...path, k], ...keyPaths(v, [...path, k])]);
}

/** The document with the key at `path` renamed (same position), and the names beside it. */
function renamed(doc: Json, path: Path, to: string): { doc: Json; siblings: string[] } {
  const copy = structuredClone(doc);
  let parent = copy as Record<string | number, Json>;
  for (const p of path.slice(0, -1)) parent = parent[p] as Record<string | number, Json>;
  const from = path[path.length - 1] as string;
  const siblings = Object.keys(parent);
  const entries = Object.entries(parent).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const k of siblings) delete parent[k];
  for (const [k, v] of entries) parent[k] = v;
  return { doc: copy, siblings };
}

const KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz_-0123456789ABCZ'.split('');
const oneCharEdit = (key: string) =>
  fc.oneof(
    fc.record({ at: fc.nat({ max: key.length }), c: fc.constantFrom(...KEY_CHARS) }).map(({ at, c }) => key.slice(0, at) + c + key.slice(at)),
    fc.nat({ max: key.length - 1 }).map((at) => key.slice(0, at) + key.slice(at + 1)),
    fc.record({ at: fc.nat({ max: key.length - 1 }), c: fc.constantFrom(...KEY_CHARS) }).map(({ at, c }) => key.slice(0, at) + c + key.slice(at + 1)),
  );

let t: TestServer;
let adminKey: string;
beforeAll(async () => {
  t = await startTestServer();
  await t.workspaceWithKey('acme');
  adminKey = await t.adminKey('acme');
  // Imported once, so that its patterns are proven and the runs below cost no ReDoS analysis.
  await t.policies.importRules((await t.workspaces.require('acme'))!, FULL, { merge: true });
});
afterAll(() => t.close());

describe('strict rule files', () => {
  it('every key path mutated by one character is refused with its path, and nothing is imported', async () => {
    const ws = (await t.workspaces.require('acme'))!;
    const doc = parse(FULL) as Json;
    const paths = keyPaths(doc);
    expect(paths.length).toBe(39);
    const before = await t.repo.getPolicy(ws.id);
    const mutation = fc.constantFrom(...paths).chain((path) => oneCharEdit(path[path.length - 1] as string).map((to) => ({ path, to })));
    await fc.assert(
      fc.asyncProperty(mutation, async ({ path, to }) => {
        const { doc: mutated, siblings } = renamed(doc, path, to);
        fc.pre(!siblings.includes(to)); // the same key, or a duplicate of one beside it
        const err = await t.policies.importRules(ws, stringify(mutated), { merge: false }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DefinitionError);
        const where = formatPath([...path.slice(0, -1), to]);
        expect((err as DefinitionError).problems.some((p) => p.includes(`${where}: unknown key`)), (err as DefinitionError).problems.join('\n')).toBe(true);
        expect(await t.repo.getPolicy(ws.id)).toEqual(before);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('suggests the key meant, or lists the allowed ones', () => {
    expect(closestName('keyword', ['patterns', 'keywords', 'min_matches'])).toBe('keywords');
    expect(closestName('validater', ['regex', 'validator'])).toBe('validator');
    expect(closestName('min-matches', ['min_matches'])).toBe('min_matches');
    expect(closestName('colour', ['patterns', 'keywords'])).toBeUndefined();
    const { problems } = parseRuleFile('- name: A\n  label: Internal\n  conditions: {keywords: [a], colour: red}\n');
    expect(problems).toEqual(['rules[0].conditions.colour: unknown key; allowed: patterns, keywords, keyword_confidence, min_matches, min_confidence, name_globs, asset_types, exclusions, match']);
    // Names an object inherits are unknown keys too.
    expect(parseRuleFile('- name: A\n  label: Internal\n  constructor: 1\n  conditions: {keywords: [a], toString: x}\n').problems).toEqual([
      'rules[0].constructor: unknown key; allowed: format, name, description, label, priority, enabled, category, conditions',
      'rules[0].conditions.toString: unknown key; allowed: patterns, keywords, keyword_confidence, min_matches, min_confidence, name_globs, asset_types, exclusions, match',
    ]);
  });

  it('a rule without conditions says match: always; match: always beside patterns is refused', () => {
    const rule = (conditions: object) => parseRuleInput({ name: 'R', label: 'Internal', conditions }, ['rule']);
    expect(rule({})).toEqual({ success: false, problems: [expect.stringMatching(/^rule\.conditions: no patterns, keywords, name_globs or asset_types, so the rule would match every asset; write "match: always"/)] });
    expect(rule({ match: 'always' }).success).toBe(true);
    expect(rule({ name_globs: ['*.pem'] }).success).toBe(true);
    expect(rule({ match: 'always', keywords: ['x'] })).toEqual({ success: false, problems: ['rule.conditions.match: "always" cannot be combined with patterns or keywords; remove one of them'] });
    expect(rule({ match: 'sometimes' })).toEqual({ success: false, problems: ['rule.conditions.match: "sometimes" is not allowed; allowed: always'] });
  });

  it('reports missing required fields, with priority defaulting to 100', () => {
    const { rules, problems } = parseRuleFile('- conditions: {keywords: [a]}\n- name: B\n  label: Internal\n  conditions: {keywords: [b]}\n');
    expect(problems).toEqual(['rules[0].name: required', 'rules[0].label: required']);
    expect(rules.map((r) => [r.name, r.priority])).toEqual([['B', 100]]);
  });

  it('the default catalogue passes the strict check', () => {
    for (const [i, def] of catalogueDefinitions().entries()) expect(parseRuleInput(def, ['catalogue', i])).toMatchObject({ success: true });
  });
});

describe('the admin API (console rule editor) refuses the same', () => {
  it('PUT /admin/rules/{name} with a mistyped key is 422 with the path and suggestion; nothing changes', async () => {
    const before = (await call(`${t.api}/rules`, { key: adminKey })).headers.get('etag');
    const res = await call(`${t.api}/admin/rules/Everything%20else`, {
      key: adminKey,
      method: 'PUT',
      json: { name: 'Everything else', label: 'Internal', conditions: { keyword: ['secretword'] } },
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ code: 'invalid_definition', detail: 'rule.conditions.keyword: unknown key; did you mean "keywords"?' });
    expect((await call(`${t.api}/rules`, { key: adminKey })).headers.get('etag')).toBe(before);
  });
});

describe('rules stored before match existed', () => {
  it('keep loading and classifying, and export with match: always so that the export imports again', async () => {
    await t.workspaces.create('legacy', null);
    const ws = (await t.workspaces.require('legacy'))!;
    // Written straight to storage, as an earlier version stored it: no conditions, no `match`.
    await t.repo.updatePolicy(ws.id, (p) => ({ ...p, rules: [...p.rules, { ...p.rules[0]!, name: 'Old catch-all', label: 'Internal', priority: 999, conditions: { ...p.rules[0]!.conditions, patterns: [], keywords: [] } }] }), '2026-06-12T08:30:00');
    const key = (await t.workspaces.createKey('legacy', 'k')).key;
    const res = await call(`${t.api}/classify/preview`, { key, json: { name: 'holiday.jpg', content: 'nothing here' } });
    expect((res.body as { matched_rules: string }).matched_rules).toBe('Old catch-all');
    const exported = await t.policies.exportRules(ws);
    expect(exported).toMatch(/name: Old catch-all[\s\S]*?match: always/);
    await expect(t.policies.importRules(ws, exported, { merge: false })).resolves.toBeDefined();
  });
});
