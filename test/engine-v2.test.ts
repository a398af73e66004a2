// Rule format 2 in the engine: validators, entropy, capture groups, context, confidence,
// exclusions (per rule and workspace-wide), and format-1 compatibility.
import { describe, expect, it } from 'vitest';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { type RuleDefinitionInput, ruleDefinitionSchema, withWorkspaceExclusions } from '../shared/engine/rule-definition.ts';
import { compileServedPolicy } from '../shared/engine/served-policy.ts';

const rule = (r: RuleDefinitionInput) => ruleDefinitionSchema.parse(r);
const policyOf = (...rules: RuleDefinitionInput[]) => compilePolicy(DEFAULT_LABELS, rules.map(rule));
const CARD = { id: 'card', regex: '\\b[0-9]{4}(?:[ -]?[0-9]{4}){3}\\b', validator: 'luhn' as const };

describe('format 2 patterns', () => {
  it('counts a match only when its validator accepts it', () => {
    const p = policyOf({ name: 'Cards', label: 'Confidential', priority: 1, conditions: { patterns: [CARD] } });
    expect(classify(p, { name: 'n', content: 'pay 4111 1111 1111 1111' }).matched_rules).toEqual(['Cards']);
    expect(classify(p, { name: 'n', content: 'order 4111 1111 1111 1112' }).matched_rules).toEqual([]);
  });

  it('applies an entropy threshold to the value', () => {
    const p = policyOf({ name: 'Secret', label: 'Restricted', priority: 1, conditions: { patterns: [{ regex: 'token=([A-Za-z0-9]{20,40})', group: 1, min_entropy: 3.5 }] } });
    expect(classify(p, { name: 'n', content: 'token=aaaaaaaaaaaaaaaaaaaaaaaa' }).matched_rules).toEqual([]);
    const r = classify(p, { name: 'n', content: 'x token=q8ZfT3kLp0Vw9XnB2rYc7MdH' });
    expect(r.matched_rules).toEqual(['Secret']);
    expect(r.findings[0]!.samples[0]).toMatchObject({ offset: 8, length: 24 });
    expect(r.findings[0]!.samples[0]!.value).not.toContain('T3kLp0Vw9XnB2rYc');
  });

  it('requires context when told to, and otherwise raises confidence with it', () => {
    const p = policyOf(
      { name: 'Routing', label: 'Confidential', priority: 1, conditions: { patterns: [{ regex: '\\b[0-9]{9}\\b', validator: 'aba_routing', context: { keywords: ['routing number', 'ABA'], window: 30, required: true } }] } },
      { name: 'Cards', label: 'Confidential', priority: 2, conditions: { patterns: [{ ...CARD, confidence: 'medium', context: { keywords: ['visa', 'card'], window: 20 } }] } },
    );
    expect(classify(p, { name: 'n', content: 'ABA routing number: 011000015' }).matched_rules).toEqual(['Routing']);
    expect(classify(p, { name: 'n', content: 'Reference 011000015' }).matched_rules).toEqual([]);
    expect(classify(p, { name: 'n', content: `routing number ${' '.repeat(40)}011000015` }).matched_rules).toEqual([]);
    expect(classify(p, { name: 'n', content: 'Visa 4111111111111111' }).findings[0]!.confidence).toBe('high');
    expect(classify(p, { name: 'n', content: 'ref 4111111111111111' }).findings[0]!.confidence).toBe('medium');
  });

  it('drops matches below min_confidence', () => {
    const p = policyOf({ name: 'Weak', label: 'Internal', priority: 1, conditions: { patterns: [{ regex: '\\bX-[0-9]{3}\\b', confidence: 'low', context: { keywords: ['ticket'] } }], min_confidence: 'medium' } });
    expect(classify(p, { name: 'n', content: 'X-123' }).matched_rules).toEqual([]);
    expect(classify(p, { name: 'n', content: 'ticket X-123' }).findings[0]).toMatchObject({ count: 1, confidence: 'medium' });
  });

  it('keeps the first five samples by position and counts the rest', () => {
    const p = policyOf({ name: 'IDs', label: 'Internal', priority: 1, conditions: { patterns: [{ id: 'a', regex: '\\bA[0-9]{6}\\b' }, { id: 'b', regex: '\\bB[0-9]{6}\\b' }] } });
    const content = 'B000001 A000002 B000003 A000004 A000005 B000006 A000007';
    const f = classify(p, { name: 'n', content }).findings[0]!;
    expect(f.count).toBe(7);
    expect(f.detectors).toEqual([
      { id: 'a', count: 4 },
      { id: 'b', count: 3 },
    ]);
    expect(f.samples.map((s) => [s.detector, s.offset])).toEqual([
      ['b', 0],
      ['a', 8],
      ['b', 16],
      ['a', 24],
      ['a', 32],
    ]);
  });
});

describe('exclusions', () => {
  const base: RuleDefinitionInput = {
    name: 'Cards',
    label: 'Confidential',
    priority: 1,
    conditions: { patterns: [CARD], exclusions: { values: ['4111-1111-1111-1111'], patterns: ['^5555'], stop_words: [] } },
  };

  it('ignores allow-listed values and values matching an exclusion pattern', () => {
    const p = policyOf(base);
    expect(classify(p, { name: 'n', content: '4111 1111 1111 1111' }).matched_rules).toEqual([]);
    expect(classify(p, { name: 'n', content: '5555555555554444' }).matched_rules).toEqual([]);
    expect(classify(p, { name: 'n', content: '4012888888881881' }).matched_rules).toEqual(['Cards']);
  });

  it('applies workspace-wide exclusions to every rule, and serves them folded into each rule', () => {
    const defs = [rule(base), rule({ name: 'Tokens', label: 'Restricted', priority: 2, conditions: { patterns: [{ regex: 'tok_[a-z0-9]{8}' }] } })];
    const ws = { values: ['4012888888881881'], patterns: [], stop_words: ['tok_example'] };
    const server = compilePolicy(DEFAULT_LABELS, defs, ws);
    const content = 'card 4012888888881881 key tok_example1';
    expect(classify(server, { name: 'n', content }).matched_rules).toEqual([]);
    expect(classify(server, { name: 'n', content: 'tok_abcdefgh' }).matched_rules).toEqual(['Tokens']);
    const served = defs.map((d) => ({ ...withWorkspaceExclusions(d, ws), label: DEFAULT_LABELS.find((l) => l.name === d.label)! }));
    expect(served.every((r) => r.format === 2)).toBe(true);
    const client = compileServedPolicy(DEFAULT_LABELS, served);
    for (const c of [content, 'tok_abcdefgh', '4111111111111111 4012888888881881 5105105105105100']) {
      expect(JSON.stringify(classify(client, { name: 'n', content: c }))).toBe(JSON.stringify(classify(server, { name: 'n', content: c })));
    }
  });

  it('drops pattern matches containing a stop word, case-insensitively', () => {
    const p = policyOf({ name: 'Pw', label: 'Restricted', priority: 1, conditions: { patterns: [{ regex: 'password=(\\S{6,64})', group: 1 }], exclusions: { stop_words: ['changeme', 'example'] } } });
    expect(classify(p, { name: 'n', content: 'password=ChangeMe123' }).matched_rules).toEqual([]);
    expect(classify(p, { name: 'n', content: 'password=Xk2!pq9z' }).matched_rules).toEqual(['Pw']);
  });

  it('counts a stop word only written as words, not as letters of random mixed case', () => {
    const p = policyOf({ name: 'T', label: 'Restricted', priority: 1, conditions: { patterns: [{ regex: 'tok_[A-Za-z0-9_]{8,40}' }], exclusions: { stop_words: ['fake', 'tokenhere', 'changeme', 'your_'] } } });
    const found = (v: string) => classify(p, { name: 'n', content: `key ${v} end` }).matched_rules.length > 0;
    for (const quiet of ['tok_fake12345', 'tok_FAKE_TOKEN', 'tok_MyFakeKey9', 'tok_Fake9x8y7z', 'tok_PutTokenHere', 'tok_yourTokenHere', 'tok_ChangeMe99', 'tok_Change_Me_your_key', 'tok_9w8FAKE7z6']) expect(found(quiet), quiet).toBe(false);
    for (const counted of ['tok_Xw937qtWSXJss1lFaKe', 'tok_q8fAKe7z6y5x', 'tok_9x8FaKE7z6', 'tok_TokEnHeRe99', 'tok_abcfakE123']) expect(found(counted), counted).toBe(true);
  });
});

describe('format versions', () => {
  it('loads format-1 rules and refuses format-2 fields in them', () => {
    expect(ruleDefinitionSchema.parse({ format: 1, name: 'v1', label: 'Internal', priority: 1, conditions: { keywords: ['x'] } }).format).toBe(1);
    const bad = ruleDefinitionSchema.safeParse({ format: 1, name: 'v1', label: 'Internal', priority: 1, conditions: { patterns: [{ regex: 'x', validator: 'luhn' }], min_confidence: 'high' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['conditions.min_confidence', 'conditions.patterns.0.validator']);
    expect(ruleDefinitionSchema.parse({ name: 'v2', label: 'Internal', priority: 1, conditions: {} }).format).toBe(2);
  });

  it('refuses an unknown validator and a capture group that does not exist', () => {
    expect(ruleDefinitionSchema.safeParse({ name: 'x', label: 'Internal', priority: 1, conditions: { patterns: [{ regex: 'x', validator: 'crc32' }] } }).success).toBe(false);
    expect(() => policyOf({ name: 'x', label: 'Internal', priority: 1, conditions: { patterns: [{ regex: 'a(b)', group: 2 }] } })).toThrow(/group 2 does not exist/);
  });
});
