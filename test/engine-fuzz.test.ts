// Property-based fuzzing of the engine, the validators and rule import (the path of
// `assay rules import`): random text never makes classify() or a validator throw; a random rules
// file is either stored whole or refused with a DefinitionError and nothing changed.
// Seed: ASSAY_FUZZ_SEED (fast-check prints the seed and path of a failure); runs: ASSAY_FUZZ_RUNS.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { catalogueEntries } from '../shared/engine/catalogue/index.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { VALIDATOR_NAMES, VALIDATORS } from '../shared/engine/validators/index.ts';
import { AssayError, DefinitionError } from '../shared/errors.ts';
import { call, startTestServer, type TestServer } from './helpers/test-server.ts';

const SEED = Number(process.env.ASSAY_FUZZ_SEED ?? 20261126);
const RUNS = Number(process.env.ASSAY_FUZZ_RUNS ?? 300);

const examples = catalogueEntries().flatMap((e) => [...e.examples.match, ...e.examples.no_match.map((x) => x.text)]);
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const text = fc.oneof(
  fc.string({ maxLength: 500 }),
  fc.string({ unit: anyUnit, maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  // Catalogue values (valid and near-miss) glued together with random separators.
  fc.array(fc.oneof(fc.constantFrom(...examples), fc.string({ maxLength: 5 }), fc.constantFrom(' ', '\n', '\u0000', '-', ':', '=', 'İ', '💳')), { maxLength: 30 }).map((parts) => parts.join('')),
);

describe('engine and validators on random text', () => {
  const policy = compilePolicy(DEFAULT_LABELS, defaultRules());

  it('classify() never throws and reports findings inside the content', () => {
    fc.assert(
      fc.property(text, fc.option(fc.string({ maxLength: 40 })), fc.string({ unit: 'grapheme', maxLength: 60 }), (content, assetType, name) => {
        const result = classify(policy, { name: name || 'x', asset_type: assetType, content });
        expect(DEFAULT_LABELS.some((l) => l.name === result.label.name)).toBe(true);
        for (const f of result.findings) {
          expect(f.count).toBeGreaterThan(0);
          for (const s of f.samples) {
            expect(s.offset).toBeGreaterThanOrEqual(0);
            expect(s.offset + s.length).toBeLessThanOrEqual(content.length);
          }
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('every validator returns a boolean for any input', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALIDATOR_NAMES), text, (name, raw) => {
        expect(typeof VALIDATORS[name](raw)).toBe('boolean');
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });
});

// Rule files: mostly near-valid rules with random faults, so both outcomes are exercised.
const regexPool = ['[0-9]{4}', 'PF-[0-9]{4}', '(a+)+$', '([a-z]+)*x', '[', '(?<n>x)\\k<n>', 'a{2,1}', '\\bfoo\\b', '.*', '(?=x)', '[^\\s]{8,64}', '\\u{1F4B3}', '(a|a)*b'];
const label = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('Public', 'Internal', 'Confidential', 'Restricted') }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
const pattern = fc.oneof(
  fc.constantFrom(...regexPool),
  fc.record(
    {
      id: fc.string({ maxLength: 10 }),
      regex: fc.oneof(fc.constantFrom(...regexPool), fc.stringMatching(/^[a-z0-9\\[\]{},.?*+()|^$-]{1,12}$/)),
      flags: fc.constantFrom('', 'i', 'u', 'imsu', 'g', 'ii', 'x'),
      validator: fc.oneof(fc.constantFrom(...VALIDATOR_NAMES), fc.constantFrom('__proto__', 'constructor', 'nope')),
      group: fc.integer({ min: -1, max: 10 }),
      min_entropy: fc.double({ min: -1, max: 9, noNaN: true }),
      confidence: fc.constantFrom('low', 'medium', 'high', 'extreme'),
      context: fc.record({ keywords: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), window: fc.integer({ min: -5, max: 20_000 }) }),
    },
    { requiredKeys: ['regex'] },
  ),
);
const rule = fc.record(
  {
    format: fc.constantFrom(1, 2, 3),
    name: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'Dup')),
    label,
    priority: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(-1, 1.5, 2_000_000)),
    enabled: fc.boolean(),
    category: fc.string({ maxLength: 10 }),
    conditions: fc.record(
      {
        patterns: fc.array(pattern, { maxLength: 3 }),
        keywords: fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'confidential')), { maxLength: 4 }),
        min_matches: fc.integer({ min: 0, max: 5 }),
        name_globs: fc.array(fc.constantFrom('*.txt', '**/x/**', '[', '{a,b}', '***'), { maxLength: 2 }),
        asset_types: fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }),
        ['__proto__']: fc.constant({ polluted: 'yes' }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['name', 'label', 'priority', 'conditions'] },
);
const ruleFile = fc.oneof(
  fc.array(rule, { maxLength: 4 }).map((rules) => stringify(rules)),
  fc.record({ rules: fc.array(rule, { maxLength: 4 }), exclusions: fc.record({ values: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), patterns: fc.array(fc.constantFrom(...regexPool), { maxLength: 2 }) }) }).map((f) => JSON.stringify(f)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('rules: [', '{"rules": 1}', '- a\n - b', 'a: &a [*a]', '{"__proto__": {"polluted": "yes"}, "rules": []}', '---\n---\n'),
);

describe('rule import with random rule files', () => {
  let server: TestServer;
  let key: string;
  beforeAll(async () => {
    server = await startTestServer();
    key = await server.workspaceWithKey('rules-fuzz');
  });
  afterAll(() => server?.close());

  it('stores a file whole or refuses it with DefinitionError and changes nothing', async () => {
    const ws = (await server.repo.getWorkspaceByName('rules-fuzz'))!;
    let stored = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(ruleFile, fc.boolean(), fc.string({ maxLength: 200 }), async (file, merge, sample) => {
        const before = await server.repo.getPolicy(ws.id);
        try {
          const after = await server.policies.importRules(ws, file, { merge });
          stored++;
          // What was stored compiles and classifies any text.
          const compiled = compilePolicy(after.labels, after.rules, after.exclusions);
          classify(compiled, { name: 'a.txt', content: sample });
        } catch (err) {
          if (!(err instanceof DefinitionError)) throw err;
          refused++;
          expect(err.problems.length).toBeGreaterThan(0);
          expect(await server.repo.getPolicy(ws.id)).toEqual(before);
        }
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / 2) },
    );
    // Both outcomes happened, and the served rules are still well-formed.
    expect(stored).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    const res = await call(`${server.api}/rules`, { key });
    expect(res.status).toBe(200);
  });

  it('errors raised by import are typed (never a bare Error)', async () => {
    const ws = (await server.repo.getWorkspaceByName('rules-fuzz'))!;
    await expect(server.policies.importRules(ws, '\u0000\uffff', { merge: false })).rejects.toBeInstanceOf(AssayError);
  });
});

describe('rule files whose YAML aliases cannot be resolved', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.workspaceWithKey('aliases');
  });
  afterAll(() => server?.close());

  it('refuses an alias before its anchor and an alias bomb with DefinitionError, storing nothing', async () => {
    const ws = (await server.repo.getWorkspaceByName('aliases'))!;
    const before = await server.repo.getPolicy(ws.id);
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    laughs.push('rules: *j');
    for (const file of ['*-', 'rules: *nowhere', laughs.join('\n')]) {
      const err = await server.policies.importRules(ws, file, { merge: false }).catch((e: unknown) => e);
      expect(err, file.slice(0, 40)).toBeInstanceOf(DefinitionError);
    }
    expect(await server.repo.getPolicy(ws.id)).toEqual(before);
  });
});
