// The import-time analysis runs in a worker thread within a budget per request: what it has not
// checked when the budget runs out is refused, by name; a new worker serves the next request.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuleAnalyser, type RuleAnalyser } from '../server/services/rule-analysis/rule-analyser.ts';
import { safetyItems } from '../shared/engine/rule-safety.ts';
import type { RuleDefinition } from '../shared/engine/rule-definition.ts';

const rule = (patterns: string[], keywords: string[] = []): RuleDefinition =>
  ({ name: 'R', label: 'Restricted', priority: 1, enabled: true, format: 2, description: '', category: 'custom', conditions: { patterns: patterns.map((regex) => ({ regex, flags: '' })), keywords, min_matches: 1, name_globs: [], asset_types: [] } }) as unknown as RuleDefinition;

let analyser: RuleAnalyser | null = null;
afterEach(async () => {
  await analyser?.close();
  analyser = null;
});

describe('rule analyser', () => {
  it('refuses, by name, every item not analysed within the request budget', async () => {
    analyser = createRuleAnalyser({ requestBudgetMs: 1 });
    const problems = await analyser.analyse(safetyItems([rule(['\\bab+c\\b', 'x[0-9]{3}'])]));
    expect(problems).toEqual([
      'rule "R" pattern 1: not analysed within the request\'s budget of 0.001 s; import fewer new patterns at once',
      'rule "R" pattern 2: not analysed within the request\'s budget of 0.001 s; import fewer new patterns at once',
    ]);
  }, 60_000);

  it('reports each unsafe item with its reason, and nothing for safe ones, request after request', async () => {
    analyser = createRuleAnalyser();
    expect(await analyser.analyse(safetyItems([rule(['x[0-9]{3}'], ['secret'])]))).toEqual([]);
    const problems = await analyser.analyse(safetyItems([rule(['(a|aa)+$', 'x[0-9]{3}'], ['a'.repeat(200), ...Array.from({ length: 60 }, (_, i) => `${'b'.repeat(190)}${i}`)])]));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^rule "R" pattern 1: can backtrack catastrophically \(exponential time/);
    expect(problems[1]).toMatch(/^rule "R" keywords: has 11710 characters in 61 phrases \(at most 10000\)/);
  }, 60_000);
});
