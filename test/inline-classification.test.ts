// Small contents under a policy made only of the catalogue's matchers are classified on the
// caller's thread (docs/security.md): which policies qualify, and that the pool routes by size and
// answers exactly as its workers do.
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createCatalogueCheck } from '../shared/classify-pool/catalogue-policy.ts';
import { createClassificationPool, INLINE_MAX_CHARS, type PoolPolicy } from '../shared/classify-pool/classification-pool.ts';
import type { PolicyDefinitions } from '../shared/classify-pool/classify-protocol.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS, type RuleDefinition } from '../shared/engine/rule-definition.ts';

const catalogue = defaultRules();
const policyOf = (rules: RuleDefinition[], exclusions = EMPTY_EXCLUSIONS): PolicyDefinitions => ({ labels: DEFAULT_LABELS, rules, exclusions });
const withFirst = (change: (r: RuleDefinition) => RuleDefinition) => [change(catalogue[0]!), ...catalogue.slice(1)];
const conditions = (r: RuleDefinition, c: Partial<RuleDefinition['conditions']>): RuleDefinition => ({ ...r, conditions: { ...r.conditions, ...c } });

describe('catalogue-only policies', () => {
  const check = createCatalogueCheck();

  it('accepts the catalogue, also renamed, reordered, relabelled or with rules disabled', () => {
    expect(check(policyOf(catalogue))).toBe(true);
    expect(check(policyOf(withFirst((r) => ({ ...r, name: 'Renamed', priority: 7, label: 'Public', enabled: false }))))).toBe(true);
    expect(check(policyOf(catalogue.slice(2)))).toBe(true);
  });

  it('refuses any matcher the catalogue does not have', () => {
    const contextOf = (p: RuleDefinition['conditions']['patterns'][number]) => ('context' in p ? p.context : undefined);
    const withPattern = catalogue.find((r) => r.conditions.patterns.some((p) => contextOf(p)))!;
    const cases: Record<string, PolicyDefinitions> = {
      'a custom regex': policyOf(withFirst((r) => conditions(r, { patterns: [...r.conditions.patterns, { regex: 'a+b', flags: '' }] }))),
      'a custom keyword list': policyOf(withFirst((r) => conditions(r, { keywords: ['project falcon'] }))),
      'custom context keywords': policyOf([
        conditions(withPattern, { patterns: withPattern.conditions.patterns.map((p) => { const c = contextOf(p); return c ? { ...p, context: { ...c, keywords: ['zzz'] } } : p; }) }),
        ...catalogue.filter((r) => r !== withPattern),
      ]),
      'a name glob': policyOf(withFirst((r) => conditions(r, { name_globs: ['*.txt'] }))),
      'a custom stop word': policyOf(withFirst((r) => conditions(r, { exclusions: { values: [], patterns: [], stop_words: ['acme'] } }))),
      'a custom rule exclusion pattern': policyOf(withFirst((r) => conditions(r, { exclusions: { values: [], patterns: ['^x'], stop_words: [] } }))),
      'a workspace exclusion pattern': policyOf(catalogue, { values: [], patterns: ['^x'], stop_words: [] }),
      'a workspace stop word': policyOf(catalogue, { values: [], patterns: [], stop_words: ['acme'] }),
    };
    for (const [what, policy] of Object.entries(cases)) expect(check(policy), what).toBe(false);
  });

  it('accepts exclusion values, which are looked up, not matched', () => {
    expect(check(policyOf(catalogue, { values: ['DE89370400440532013000'], patterns: [], stop_words: [] }))).toBe(true);
  });
});

describe('the pool with a catalogue-only policy', () => {
  const pool = createClassificationPool({ workers: 1, budgetMsPerMb: 10_000, minBudgetMs: 5_000, logger: pino({ level: 'silent' }) });
  afterAll(() => pool.close());
  const definitions = policyOf(catalogue);
  const compiled = compilePolicy(DEFAULT_LABELS, catalogue);
  const base: PoolPolicy = { key: 'catalogue', definitions, ruleNames: compiled.rules.map((r) => r.name) };
  const texts = [
    'nothing to see here',
    'IBAN DE89 3704 0044 0532 0130 00, card 4111 1111 1111 1111, SSN 123-45-6789. Strictly confidential.',
    'password = hunter2-Zq7\nAKIAIOSFODNN7EXAMPLE\nDate of birth: 01/02/1990, Mr John Smith, 12 Main Street, London SW1A 1AA',
  ];

  it('answers on this thread exactly as a worker does', async () => {
    for (const content of texts) {
      const asset = { name: 'a.txt', asset_type: 'document', content };
      expect(await pool.classify({ ...base, inline: compiled }, asset)).toEqual(await pool.classify(base, asset));
    }
  });

  it('sends a content over INLINE_MAX_CHARS to a worker', async () => {
    // The worker compiles `definitions` (no rules), the caller's thread would use `inline` (the
    // catalogue): which label comes back shows where the content was classified.
    const empty = policyOf([]);
    const routed: PoolPolicy = { key: 'empty', definitions: empty, ruleNames: [], inline: compiled };
    const secret = texts[1]!;
    const small = await pool.classify(routed, { name: 'a.txt', content: secret });
    const large = await pool.classify(routed, { name: 'a.txt', content: secret + ' '.repeat(INLINE_MAX_CHARS - secret.length + 1) });
    expect(small.matched_rules.length).toBeGreaterThan(0);
    expect(large.matched_rules).toEqual([]);
    expect(large.label).toEqual(compilePolicy(DEFAULT_LABELS, []).defaultLabel);
  });
});
