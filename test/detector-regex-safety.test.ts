// Every regex of the default catalogue (patterns and exclusion patterns) passes the same proof that
// user-imported rules must pass (an automaton-based proof of linear matching, no fuzzing), and
// every keyword list stays within the import budget, so the catalogue can be exported and
// re-imported and a future edit cannot reintroduce backtracking. The proofs are slow (recheck's
// automaton checker): each pattern gets two minutes, far more than the server allows per pattern.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { checkItem, safetyItems } from '../shared/engine/rule-safety.ts';

const items = safetyItems(defaultRules());
const PATTERN_TIMEOUT_MS = 120_000;

describe('catalogue', () => {
  it.each(items.filter((i) => i.kind === 'pattern'))('$where is proven free of catastrophic backtracking', (item) => {
    expect(checkItem(item, PATTERN_TIMEOUT_MS, () => performance.now())).toBeNull();
  }, PATTERN_TIMEOUT_MS + 10_000);

  it.each(items.filter((i) => i.kind === 'keywords'))('$where stays within the keyword budget and compiles', (item) => {
    expect(checkItem(item, PATTERN_TIMEOUT_MS, () => performance.now())).toBeNull();
  });

  it('has patterns and keyword lists to check', () => {
    expect(items.filter((i) => i.kind === 'pattern').length).toBeGreaterThan(20);
    expect(items.filter((i) => i.kind === 'keywords').length).toBeGreaterThan(3);
  });
});
