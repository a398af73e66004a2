import { describe, expect, it } from 'vitest';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { type RuleDefinitionInput, ruleDefinitionSchema } from '../shared/engine/rule-definition.ts';
import { DefinitionError } from '../shared/errors.ts';

const rule = (r: RuleDefinitionInput) => ruleDefinitionSchema.parse(r);
const policyOf = (...rules: RuleDefinitionInput[]) => compilePolicy(DEFAULT_LABELS, rules.map(rule));

describe('classification engine', () => {
  it('labels the vendor contract Confidential with both starter rules in priority order', () => {
    const result = classify(compilePolicy(DEFAULT_LABELS, defaultRules()), {
      name: 'vendor-contract-2026.pdf',
      asset_type: 'document',
      content: 'Confidential — NDA. Payment to IBAN DE89370400440532013000',
    });
    expect(result.label).toEqual({ name: 'Confidential', level: 2, color: '#f59e0b' });
    expect(result.matched_rules).toEqual(['Marked confidential', 'Financial data']);
    expect(result.findings.map((f) => [f.rule, f.label, f.count])).toEqual([
      ['Marked confidential', 'Confidential', 2],
      ['Financial data', 'Confidential', 1],
    ]);
    const iban = result.findings[1]!.samples[0]!;
    expect(iban).toMatchObject({ value: 'DE89 **** **** **** **** 00', offset: 36, length: 22 });
    expect(JSON.stringify(result)).not.toContain('370400440532013000');
  });

  it('gives the lowest label when nothing matches', () => {
    const result = classify(compilePolicy(DEFAULT_LABELS, defaultRules()), { name: 'menu.txt', content: 'Soup of the day: tomato.' });
    expect(result.label.name).toBe('Public');
    expect(result.matched_rules).toEqual([]);
  });

  it('takes the label of the highest level among matched rules, whatever the priority', () => {
    const p = policyOf(
      { name: 'A', label: 'Internal', priority: 1, conditions: { keywords: ['alpha'] } },
      { name: 'B', label: 'Restricted', priority: 2, conditions: { keywords: ['beta'] } },
      { name: 'C', label: 'Confidential', priority: 3, conditions: { keywords: ['gamma'] } },
    );
    const r = classify(p, { name: 'x', content: 'gamma beta alpha' });
    expect(r.label.name).toBe('Restricted');
    expect(r.matched_rules).toEqual(['A', 'B', 'C']);
  });

  it('orders equal priorities by name', () => {
    const p = policyOf(
      { name: 'zeta', label: 'Internal', priority: 1, conditions: { keywords: ['x'] } },
      { name: 'eta', label: 'Internal', priority: 1, conditions: { keywords: ['x'] } },
    );
    expect(classify(p, { name: 'n', content: 'x' }).matched_rules).toEqual(['eta', 'zeta']);
  });

  it('matches keywords case-insensitively on whole words only, Unicode included', () => {
    const p = policyOf({ name: 'K', label: 'Internal', priority: 1, conditions: { keywords: ['lic', 'geheim', 'for internal use'] } });
    expect(classify(p, { name: 'n', content: 'public publication' }).matched_rules).toEqual([]);
    expect(classify(p, { name: 'n', content: 'GEHEIM!' }).findings[0]?.count).toBe(1);
    expect(classify(p, { name: 'n', content: 'streng-geheimnis' }).matched_rules).toEqual([]);
    expect(classify(p, { name: 'n', content: 'For\n  Internal\tuse' }).findings[0]?.count).toBe(1);
    expect(classify(p, { name: 'n', content: 'ägeheim' }).matched_rules).toEqual([]);
  });

  it('counts every pattern and keyword match against min_matches', () => {
    const p = policyOf({ name: 'M', label: 'Confidential', priority: 1, conditions: { patterns: ['\\bid-\\d+\\b'], keywords: ['secret'], min_matches: 3 } });
    expect(classify(p, { name: 'n', content: 'id-1 secret' }).matched_rules).toEqual([]);
    const r = classify(p, { name: 'n', content: 'id-1 id-2 secret' });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: 'M', label: 'Confidential', count: 3, detectors: [{ id: 'pattern-1', count: 2 }, { id: 'keywords', count: 1 }] });
  });

  it('filters on asset name globs and asset types', () => {
    const p = policyOf(
      { name: 'Keys', label: 'Restricted', priority: 1, conditions: { name_globs: ['*.pem', '*.{key,p12}'] } },
      { name: 'Sheets', label: 'Internal', priority: 2, conditions: { asset_types: ['spreadsheet'], keywords: ['salary'] } },
      { name: 'HR', label: 'Confidential', priority: 3, conditions: { name_globs: ['**/hr/**'], keywords: ['review'] } },
    );
    expect(classify(p, { name: 'fs01:/etc/ssl/server.PEM' }).matched_rules).toEqual(['Keys']);
    expect(classify(p, { name: 'cert.p12' }).matched_rules).toEqual(['Keys']);
    expect(classify(p, { name: 'notes.txt' }).matched_rules).toEqual([]);
    expect(classify(p, { name: 'pay.xlsx', asset_type: 'Spreadsheet', content: 'salary' }).matched_rules).toEqual(['Sheets']);
    expect(classify(p, { name: 'pay.docx', asset_type: 'document', content: 'salary' }).matched_rules).toEqual([]);
    expect(classify(p, { name: 'fs01:/srv/hr/2026/review.docx', content: 'annual review' }).matched_rules).toEqual(['HR']);
    expect(classify(p, { name: 'fs01:/srv/it/review.docx', content: 'annual review' }).matched_rules).toEqual([]);
  });

  it('skips disabled rules', () => {
    const p = policyOf({ name: 'Off', label: 'Restricted', priority: 1, enabled: false, conditions: { keywords: ['x'] } });
    expect(classify(p, { name: 'n', content: 'x' }).matched_rules).toEqual([]);
  });

  it('reports every definition problem at once', () => {
    try {
      policyOf(
        { name: 'Bad regex', label: 'Internal', priority: 1, conditions: { patterns: ['(unclosed'] } },
        { name: 'Bad label', label: 'Secret', priority: 2, conditions: { keywords: ['x'] } },
        { name: 'bad regex', label: 'Internal', priority: 3, conditions: { keywords: ['y'] } },
      );
      expect.unreachable('compilePolicy should throw');
    } catch (err) {
      expect(err).toBeInstanceOf(DefinitionError);
      const problems = (err as DefinitionError).problems.join('\n');
      expect(problems).toMatch(/rule "Bad regex" pattern 1: invalid regular expression/);
      expect(problems).toMatch(/rule "Bad label": unknown label "Secret"/);
      expect(problems).toMatch(/rule "bad regex": the name is used twice/);
    }
  });

  it('rejects malformed definitions at the schema', () => {
    expect(ruleDefinitionSchema.safeParse({ name: 'x', label: 'Internal', priority: 1, conditions: { patterns: [{ regex: 'a', flags: 'gg' }] } }).success).toBe(false);
    expect(ruleDefinitionSchema.safeParse({ name: '', label: 'Internal', priority: 1, conditions: {} }).success).toBe(false);
    expect(ruleDefinitionSchema.safeParse({ name: 'x', label: 'Internal', priority: -1, conditions: {} }).success).toBe(false);
    expect(ruleDefinitionSchema.safeParse({ name: 'x', label: 'Internal', priority: 1, format: 99, conditions: {} }).success).toBe(false);
  });

  it('is deterministic: the same input gives the same output every time', () => {
    const p = compilePolicy(DEFAULT_LABELS, defaultRules());
    const input = { name: 'a.txt', content: 'card 4111 1111 1111 1111 and jane@example.com, vertraulich' };
    const first = JSON.stringify(classify(p, input));
    for (let i = 0; i < 5; i++) expect(JSON.stringify(classify(p, input))).toBe(first);
  });
});
