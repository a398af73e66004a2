// Context words as tokens (issue #16): plural and possessive endings, run-together and joined
// words, whole words only; and the same through the engine with a catalogue detector.
import { describe, expect, it } from 'vitest';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { compileContext } from '../shared/engine/context-matcher.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';

describe('compileContext', () => {
  const re = compileContext(['SSN', 'passport number', 'date of birth', 'phone', 'D.N.I.'])!;

  it('finds plurals, possessives, run-together, dashed, underscored and camel-case spellings', () => {
    for (const text of ['SSNs', "the SSN's last digits", 'passportnumber', 'Passport-Number', 'passport_number', 'dateOfBirth', 'date_of_birth', 'phones', 'Date  of\r\nbirth', 'D.N.I.']) {
      expect(re.test(text), text).toBe(true);
    }
  });

  it('still needs whole tokens', () => {
    for (const text of ['SSNX', 'xSSN', 'passports number', 'microphone', 'telephoned', 'dateof', 'D.N.I']) expect(re.test(text), text).toBe(false);
  });

  it('is null without phrases', () => {
    expect(compileContext([])).toBeNull();
    expect(compileContext(['  '])).toBeNull();
  });
});

describe('catalogue detectors with token context', () => {
  const policy = compilePolicy(DEFAULT_LABELS, defaultRules());
  const rules = (text: string) => classify(policy, { name: 'a.txt', content: text }).matched_rules;

  it('a plural or run-together context word supports the value', () => {
    expect(rules('Customer SSNs: 536-90-4399, 432-11-7755')).toContain('Government identifiers');
    expect(rules('passportnumber=533380006')).toContain('Government identifiers');
    expect(rules('Our phones: 030 1234567')).toContain('Contact data');
  });

  it('without the word the same values stay quiet', () => {
    expect(rules('Parts: 536-90-4399, 432-11-7755')).toEqual([]);
    expect(rules('ordernumber=533380006')).toEqual([]);
  });
});
