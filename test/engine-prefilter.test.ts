// The engine's literal prefilters skip work without changing any result.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../shared/engine/classify.ts';
import { type CompiledPolicy, compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { requiredLiteral } from '../shared/engine/required-literal.ts';

describe('requiredLiteral', () => {
  it('finds the longest literal every match must contain', () => {
    expect(requiredLiteral("\\b[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}\\.[A-Za-z]{2,24}\\b")).toBe('@');
    expect(requiredLiteral('-----BEGIN (?:[A-Z0-9]+ )?PRIVATE KEY-----')).toBe('PRIVATE KEY-----');
    expect(requiredLiteral('ghp_[A-Za-z0-9]{36}')).toBe('ghp_');
    expect(requiredLiteral('token=([A-Za-z0-9]{20,40})')).toBe('token=');
    expect(requiredLiteral('abc?d')).toBe('ab');
    expect(requiredLiteral('a\\.b')).toBe('a.b');
  });

  it('gives none where no literal is certain', () => {
    for (const s of ['a|b', '\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b', '[0-9]{9}', 'x*', '(abc)', '\\u0041BC|D']) expect(requiredLiteral(s), s).toBeNull();
  });
});

function withoutPrefilters(p: CompiledPolicy): CompiledPolicy {
  return { ...p, rules: p.rules.map((r) => ({ ...r, keywordTriggers: null, patterns: r.patterns.map((x) => ({ ...x, literal: null })) })) };
}

describe('prefiltered classification', () => {
  const fast = compilePolicy(DEFAULT_LABELS, defaultRules());
  const slow = withoutPrefilters(fast);
  const fragments = ['Confidential', 'CONFIDENTIAL', 'conſidential', 'ſtrictly', 'NDA', 'nda', 'jane@example.com', '@', 'AKIAIOSFODNN7EXAMPLE', 'DE89 3704 0044 0532 0130 00', '4111 1111 1111 1111', 'password=Xk2!pq9zR', '-----BEGIN RSA PRIVATE KEY-----', 'Vertraulich', 'internal use only', ' ', '\n', 'é', 'K'];

  it('gives exactly the result of evaluating every regex, on random mixtures of triggers', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 })), { maxLength: 30 }), (parts) => {
        const content = parts.join('');
        expect(JSON.stringify(classify(fast, { name: 'x.txt', content }))).toBe(JSON.stringify(classify(slow, { name: 'x.txt', content })));
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});
