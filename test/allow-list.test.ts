// The allow-list in the engine (shared/engine/allow-list.ts): normal forms per detector, keyed
// hashes, matches dropped whichever way the value is written, other values and other keys not.
import { describe, expect, it } from 'vitest';
import { allowListHash, compileAllowList, EMPTY_ALLOW_LIST, isAllowListed, normalForms, normaliseForDetector } from '../shared/engine/allow-list.ts';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS } from '../shared/engine/rule-definition.ts';

const KEY = Buffer.alloc(32, 7).toString('base64url');
const listOf = (values: string[], key = KEY) => ({ key, hashes: values.flatMap((v) => normalForms(v).map((f) => allowListHash(Buffer.from(key, 'base64url'), f))) });
const policyWith = (values: string[], key = KEY) => compilePolicy(DEFAULT_LABELS, defaultRules(), EMPTY_EXCLUSIONS, listOf(values, key));
const run = (p: ReturnType<typeof policyWith>, content: string) => classify(p, { name: 'doc.txt', content });

describe('normal forms', () => {
  it('compact form for every value, digits too for a value without letters', () => {
    expect(normalForms('DE89 3704 0044 0532 0130 00')).toEqual(['DE89370400440532013000']);
    expect(normalForms('4111-1111-1111-1111')).toEqual(['4111111111111111']);
    expect(normalForms('+1 (555) 123-4567')).toEqual(['+1(555)1234567', '15551234567']);
    expect(normalForms('xoxb-abc')).toEqual(['XOXBABC']);
    expect(normalForms(' - . ')).toEqual([]);
  });

  it('per detector: digits for cards and phones, the compact form for the rest', () => {
    expect(normaliseForDetector('payment-card', '4111 1111/1111 1111')).toBe('4111111111111111');
    expect(normaliseForDetector('phone-number', '(555) 123-4567')).toBe('5551234567');
    expect(normaliseForDetector('iban', 'de89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
  });

  it('hashes are keyed: another key gives other hashes', () => {
    const a = allowListHash(Buffer.alloc(32, 1), '4111111111111111');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(allowListHash(Buffer.alloc(32, 2), '4111111111111111')).not.toBe(a);
    expect(compileAllowList(EMPTY_ALLOW_LIST)).toBeNull();
    expect(compileAllowList({ key: KEY, hashes: [] })).toBeNull();
  });
});

describe('the engine with an allow-list', () => {
  it('drops a card however it is written, in either card detector, and keeps other cards', () => {
    const p = policyWith(['4111-1111-1111-1111']);
    expect(run(p, 'Card 4111 1111 1111 1111').label.name).toBe('Public');
    expect(run(p, 'card number 4111111111111111').label.name).toBe('Public');
    const mixed = run(p, 'Card 4111 1111 1111 1111 and 5555 5555 5555 4444');
    expect(mixed.findings[0]).toMatchObject({ rule: 'Financial data', count: 1 });
  });

  it('drops an IBAN in print or electronic form, any case', () => {
    const p = policyWith(['DE89 3704 0044 0532 0130 00']);
    expect(run(p, 'IBAN DE89370400440532013000').label.name).toBe('Public');
    expect(run(p, 'IBAN de89 3704 0044 0532 0130 00').label.name).toBe('Public');
    expect(run(p, 'IBAN GB82 WEST 1234 5698 7654 32').label.name).toBe('Confidential');
  });

  it('applies to keyword matches too', () => {
    expect(run(policyWith(['Confidential']), 'Confidential').findings).toEqual([]);
    expect(run(policyWith([]), 'Confidential').findings).not.toEqual([]);
  });

  it('does nothing with the right hashes under another key', () => {
    const list = compileAllowList(listOf(['4111 1111 1111 1111']))!;
    expect(isAllowListed(list, 'payment-card', '4111 1111 1111 1111')).toBe(true);
    const other = { key: Buffer.alloc(32, 9), hashes: list.hashes };
    expect(isAllowListed(other, 'payment-card', '4111 1111 1111 1111')).toBe(false);
  });
});
