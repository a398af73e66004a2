// Tests for value masking (shared/engine/mask.ts).

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { maskValue, maskGeneric, maskIban, maskCard, maskEmail, isIbanShape, isCardShape, isEmailShape, DETECTOR_REVEAL, type Reveal } from '../shared/engine/mask.ts';
import { catalogueEntries } from '../shared/engine/catalogue/index.ts';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { moduleRegexes, unprovenRegexes } from './helpers/regex-linearity.ts';

/** Characters of `masked` that show the character of `original` at the same place ('*' in the original aside). */
function revealedCount(original: string, masked: string): number {
  const a = Array.from(original);
  const b = Array.from(masked);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== '*' && b[i] === a[i]) n++;
  return n;
}

describe('maskValue: IBAN', () => {
  it('masks the print and electronic forms the same way', () => {
    expect(maskValue('DE89 3704 0044 0532 0130 00')).toBe('DE89 **** **** **** **** 00');
    expect(maskValue('DE89370400440532013000')).toBe('DE89 **** **** **** **** 00');
  });

  it('handles other lengths', () => {
    expect(maskValue('GB82WEST12345698765432')).toBe('GB82 **** **** **** **** 32');
    expect(maskValue('BE68539007547034')).toBe('BE68 **** **** **34');
    expect(maskValue('FR14 2004 1010 0505 0001 3M02 606')).toBe('FR14 **** **** **** **** **** *06');
    expect(maskIban('NO9386011117947')).toBe('NO93 **** **** *47');
  });

  it('detects the shape', () => {
    expect(isIbanShape('DE89370400440532013000')).toBe(true);
    expect(isIbanShape('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isIbanShape('DE8937040044')).toBe(false); // too short
    expect(isIbanShape('4111111111111111')).toBe(false);
  });
});

describe('maskValue: card', () => {
  it('masks the required examples', () => {
    expect(maskValue('4111 1111 1111 1111')).toBe('4111 **** **** 1111');
    expect(maskValue('4111111111111111')).toBe('4111 **** **** 1111');
  });

  it('keeps the input separators', () => {
    expect(maskValue('4111-1111-1111-1111')).toBe('4111-****-****-1111');
    expect(maskValue('3782 822463 10005')).toBe('3782 ****** *0005');
  });

  it('groups unseparated numbers (4-6-5 for 15 digits)', () => {
    expect(maskCard('378282246310005')).toBe('3782 ****** *0005');
    expect(maskCard('6011000000000000001')).toBe('6011 **** **** ***0 001');
  });

  it('detects the shape', () => {
    expect(isCardShape('4111111111111111')).toBe(true);
    expect(isCardShape('4111 1111 1111 1111')).toBe(true);
    expect(isCardShape('4111-1111-1111-1111')).toBe(true);
    expect(isCardShape('411111111111')).toBe(false); // 12 digits
    expect(isCardShape('41111111111111111111')).toBe(false); // 20 digits
    expect(isCardShape('4111  1111 1111 1111')).toBe(false);
  });
});

describe('maskValue: email', () => {
  it('keeps the first character of the local part and domain, and the TLD', () => {
    expect(maskValue('john@example.com')).toBe('j***@e******.com');
    expect(maskEmail('mail@sub.example.co.uk')).toBe('m***@s**.*******.**.uk');
  });

  it('hides short parts entirely', () => {
    expect(maskValue('a@b.cc')).toBe('*@*.cc');
    expect(maskValue('jo@ex.com')).toBe('**@**.com');
  });

  it('detects the shape', () => {
    expect(isEmailShape('john@example.com')).toBe(true);
    expect(isEmailShape('john@example')).toBe(false);
    expect(isEmailShape('@example.com')).toBe(false);
    expect(isEmailShape('a@b@example.com')).toBe(false);
    expect(isEmailShape('john doe@example.com')).toBe(false);
    expect(isEmailShape('john@example.c0m')).toBe(false);
  });
});

describe('maskValue: generic', () => {
  it('fully masks values of four characters or fewer', () => {
    expect(maskValue('')).toBe('');
    expect(maskValue('a')).toBe('*');
    expect(maskValue('ab12')).toBe('****');
    expect(maskValue('a-b')).toBe('***');
  });

  it('reveals at most a third of the characters', () => {
    expect(maskValue('abcde')).toBe('a****');
    expect(maskValue('abcdefghi')).toBe('ab******i');
    expect(maskValue('ABCDEFGHIJKL')).toBe('ABC********L');
    expect(maskValue('ABCDEFGHIJKLMNOPQR')).toBe('ABCD************QR');
  });

  it('keeps at most the first 4 and last 2 characters of long values', () => {
    expect(maskValue('sk_live_abcdefghijklmnopqrstuvwxyz0123456789')).toBe(
      `sk_l${'*'.repeat(38)}89`,
    );
  });

  it('hides punctuation and spaces too: a mask does not show the value\'s structure', () => {
    expect(maskValue('123-45-6789')).toBe('12********9');
    expect(maskValue('AB 12 34 56 C')).toBe('AB *********C');
    expect(maskValue('12.345.678-Z')).toBe('12.********Z');
  });

  it('treats non-ASCII letters and emoji as characters to hide', () => {
    expect(maskValue('héllo wörld ñ')).toBe('hél*********ñ');
    expect(maskValue('😀😀😀😀')).toBe('****');
    expect(maskValue('\u0000\u0000\u0000\u0000\u0000\u0000')).toBe('\u0000\u0000****');
  });

  it('preserves length and never reveals more than a third (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (s) => {
        const masked = maskGeneric(s);
        const chars = Array.from(s);
        expect(Array.from(masked).length).toBe(chars.length);
        const limit = chars.length <= 4 ? 0 : Math.min(6, Math.floor(chars.length / 3));
        expect(revealedCount(s, masked)).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary input', () => {
    const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: anyUnit }), fc.string({ unit: 'binary' })), (s) => {
        expect(typeof maskValue(s)).toBe('string');
      }),
      { numRuns: 300 },
    );
    expect(typeof maskValue(undefined as unknown as string)).toBe('string');
  });

  it('masks huge input whole', () => {
    expect(maskValue('x'.repeat(200_000))).toBe(`xxxx${'*'.repeat(199_994)}xx`);
    expect(maskValue(`${'4111 '.repeat(40_000)}@example.com`, 'email')).toHaveLength(200_012);
  });

  // Linear time is shown by proof, not by a stopwatch on a shared host: the masks are loops over
  // the characters, and every regex they run must be free of catastrophic backtracking.
  it('runs only regexes proven free of catastrophic backtracking (no wall-clock bound)', () => {
    const { regexes } = moduleRegexes('shared/engine/mask.ts');
    expect(regexes.length).toBeGreaterThan(3);
    expect(unprovenRegexes('shared/engine/mask.ts')).toEqual([]);
  }, 120_000);
});

describe('maskValue: per detector', () => {
  it('shows nothing of a password, punctuation included (the issue #18 examples)', () => {
    expect(maskValue('~!#$%&*^?!@#$%~', 'password-assignment')).toBe('*'.repeat(15));
    expect(maskValue('Zq-7.x-9@k!-3', 'password-assignment')).toBe('*'.repeat(13));
    expect(maskValue('Zq-7.x-9@k!-3')).toBe('Zq-*********3');
  });

  it('shows an identifier\'s last two characters only', () => {
    expect(maskValue('123-45-6789', 'us-ssn')).toBe('*********89');
    expect(maskValue('+49 30 1234567', 'phone-number')).toBe('************67');
  });

  /** Characters a detector's mask may show for `raw`: beyond them, only '*' and the mask's own grouping spaces. */
  const allowance = (reveal: Reveal | undefined, raw: string): number => {
    switch (reveal) {
      case 'nothing':
        return 0;
      case 'last-two':
        return 2;
      case 'iban':
        return 6;
      case 'card':
        return 8 + (raw.match(/-/g)?.length ?? 0);
      case 'email': {
        const domain = raw.slice(raw.indexOf('@') + 1);
        return 3 + (domain.match(/\./g)?.length ?? 0) + domain.length - domain.lastIndexOf('.') - 1;
      }
      default:
        return 6;
    }
  };

  const policy = compilePolicy(DEFAULT_LABELS, defaultRules());
  const cases = catalogueEntries().flatMap((e) => e.examples.match.map((text) => ({ detector: e.id, text })));

  it.each(cases)('$detector: no sample of "$text" shows more than its detector allows', ({ detector, text }) => {
    const samples = classify(policy, { name: 'example.txt', content: text }).findings.flatMap((f) => f.samples);
    const own = samples.filter((s) => s.detector === detector);
    expect(own.length, text).toBeGreaterThan(0);
    for (const s of own) {
      const raw = text.slice(s.offset, s.offset + s.length);
      const visible = Array.from(s.value).filter((c) => c !== '*' && c !== ' ').length;
      expect(visible, `${detector}: ${s.value}`).toBeLessThanOrEqual(allowance(DETECTOR_REVEAL[detector], raw));
      expect(s.value).not.toBe(raw);
    }
  });
});
