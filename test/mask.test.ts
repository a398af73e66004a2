// Tests for value masking (shared/engine/mask.ts).

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { maskValue, maskGeneric, maskIban, maskCard, maskEmail, isIbanShape, isCardShape, isEmailShape } from '../shared/engine/mask.ts';

/** Whitespace, punctuation and printable ASCII symbols: the characters the generic mask keeps in place. */
const SEPARATOR = /^[\s\p{P}\p{Z}!-\/:-@[-`{-~]$/u;

/** Characters of `masked` that were kept (not '*') where `original` had a character to hide. */
function revealedCount(original: string, masked: string): number {
  const a = Array.from(original);
  const b = Array.from(masked);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!SEPARATOR.test(a[i] ?? '') && b[i] !== '*') n++;
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
    expect(maskValue('a-b')).toBe('*-*');
  });

  it('reveals at most a third of the characters', () => {
    expect(maskValue('abcde')).toBe('a****');
    expect(maskValue('abcdefghi')).toBe('ab******i');
    expect(maskValue('ABCDEFGHIJKL')).toBe('ABC********L');
    expect(maskValue('ABCDEFGHIJKLMNOPQR')).toBe('ABCD************QR');
  });

  it('keeps at most the first 4 and last 2 characters of long values', () => {
    expect(maskValue('sk_live_abcdefghijklmnopqrstuvwxyz0123456789')).toBe(
      'sk_li**_**********************************89',
    );
  });

  it('keeps separators in place', () => {
    expect(maskValue('123-45-6789')).toBe('12*-**-***9');
    expect(maskValue('AB 12 34 56 C')).toBe('AB ** ** ** C');
    expect(maskValue('12.345.678-Z')).toBe('12.***.***-Z');
  });

  it('treats non-ASCII letters and emoji as characters to hide', () => {
    expect(maskValue('héllo wörld ñ')).toBe('hé*** ***** ñ');
    expect(maskValue('😀😀😀😀')).toBe('****');
    expect(maskValue('\u0000\u0000\u0000\u0000\u0000\u0000')).toBe('\u0000\u0000****');
  });

  it('preserves length and never reveals more than a third (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (s) => {
        const masked = maskGeneric(s);
        const chars = Array.from(s);
        expect(Array.from(masked).length).toBe(chars.length);
        const letters = chars.filter((c) => !SEPARATOR.test(c)).length;
        const limit = letters <= 4 ? 0 : Math.min(6, Math.floor(letters / 3));
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

  it('is fast on huge input', () => {
    const start = performance.now();
    expect(maskValue('x'.repeat(200_000)).length).toBe(200_000);
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});
