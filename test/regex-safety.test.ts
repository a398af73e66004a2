// The ReDoS proof: only an automaton-based proof of the analysed form admits a pattern; bounded
// repetitions cannot hide exponential ambiguity; what cannot be analysed is refused with a reason.
import { describe, expect, it } from 'vitest';
import { analysisForm, MAX_SPLITS } from '../shared/engine/regex-analysis-form.ts';
import { provePattern } from '../shared/engine/regex-safety.ts';

const prove = (source: string, flags = '') => provePattern(source, flags, 30_000);

describe('analysis form', () => {
  it('widens counted repetitions of groups into loops, keeps those of one character', () => {
    expect(analysisForm('^(?:(?:ab|abc)(?:cd|d)e){1,60}$')).toEqual({ ok: true, source: '^(?:(?:ab|abc)(?:cd|d)e)+$' });
    expect(analysisForm('(?:x[0-9]{4}){0,3}y{2,5}z{3}')).toEqual({ ok: true, source: '(?:x[0-9]{4})*y{2,5}z{3}' });
    expect(analysisForm('(ab)\\1{2}')).toEqual({ ok: true, source: '(ab)\\1+' });
  });

  it('turns a leading lookbehind or word boundary into a start condition and drops other assertions', () => {
    expect(analysisForm('(?<![a-z])x+(?=y)\\b')).toEqual({ ok: true, source: '(?:^|[^a-z])x+' });
    expect(analysisForm('\\b[A-Z]{2}\\b')).toEqual({ ok: true, source: '(?:^|\\W)[A-Z]{2}' });
  });

  it('refuses lookarounds of variable length and too many ways to split a match', () => {
    expect(analysisForm('(?<=a+)b')).toMatchObject({ ok: false, reason: expect.stringContaining('fixed length') });
    expect(analysisForm('(?!x{1,3})y')).toMatchObject({ ok: false, reason: expect.stringContaining('fixed length') });
    expect(analysisForm('\\d{0,99}\\d{0,99}x')).toMatchObject({ ok: false, reason: expect.stringContaining(`10000 ways (at most ${MAX_SPLITS})`) });
    expect(analysisForm('(?:\\d{0,9}|a)\\d{0,9}x')).toEqual({ ok: true, source: '(?:\\d{0,9}|a)\\d{0,9}x' });
  });
});

describe('provePattern', () => {
  it('refuses the bounded-repetition pattern of issue #18 and its nested and exact-count variants', () => {
    for (const p of ['^(?:(?:ab|abc)(?:cd|d)e){1,60}$', '^(?:(?:(?:ab|abc)(?:cd|d)e){1,8}){1,8}$', '(?:(?:ab|abc)(?:cd|d)e){60}$']) {
      expect(prove(p).safe, p).toBe(false);
    }
    expect(prove('^(?:(?:ab|abc)(?:cd|d)e){1,60}$').reason).toMatch(/^can backtrack catastrophically \(exponential time/);
  });

  it('refuses exponential and polynomial patterns, and proves simple ones', () => {
    expect(prove('(a+)+$').reason).toMatch(/exponential/);
    expect(prove('\\s*\\s*$').reason).toMatch(/polynomial/);
    expect(prove('\\b[0-9]{3}-[0-9]{2}-[0-9]{4}\\b')).toEqual({ safe: true });
    expect(prove('(?<![A-Za-z0-9_-])tok_[A-Za-z0-9]{8,32}')).toEqual({ safe: true });
  });

  it('refuses what it cannot prove in time, with the reason', () => {
    expect(provePattern('\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.(?:com|[A-Za-z]{2,})\\b', '', 1).reason).toMatch(/could not be proven free of catastrophic backtracking \(timeout\)/);
  });
});
