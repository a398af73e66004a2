// Every regex of the default catalogue (patterns and exclusion patterns) passes the same ReDoS
// check that user-imported rules must pass, so the catalogue can be exported and re-imported.
import { describe, expect, it } from 'vitest';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { createRegexSafetyChecker } from '../shared/engine/regex-safety.ts';

const regexes = defaultRules().flatMap((r) => [
  ...r.conditions.patterns.map((p, i) => ({ where: `${r.name} / ${'id' in p && p.id ? p.id : `pattern ${i + 1}`}`, source: p.regex, flags: p.flags })),
  ...(r.conditions.exclusions?.patterns ?? []).map((source, i) => ({ where: `${r.name} / exclusion ${i + 1}`, source, flags: 'u' })),
]);

describe('catalogue regexes', () => {
  const checker = createRegexSafetyChecker();
  it.each(regexes)('$where is proven free of catastrophic backtracking', ({ source, flags }) => {
    expect(checker.check(source, flags)).toEqual({ safe: true });
  });
});
