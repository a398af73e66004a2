// The classify body validator's fast path (server/http/classify-request-validator.ts) answers as
// classifyRequestSchema does: random bodies (fields of every type, lengths at and past each limit,
// unknown keys, `members`, non-objects) through both give the same request or the same 422 issues.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyRequestSchema, NAME_MAX, UNREADABLE_MAX } from '../shared/api/schemas.ts';
import { RequestValidationError } from '../shared/errors.ts';
import { assertPlainPathMatches, classifyRequestValidator, plainBodyLimits, plainClassifyRequest } from '../server/http/classify-request-validator.ts';
import { validate } from '../server/http/validation.ts';

const SEED = Number(process.env.ASSAY_FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.ASSAY_FUZZ_RUNS ?? 2000);
const MAX_CONTENT = 300;

// Unpaired surrogates (stored as U+FFFD, so refused in stored fields, not in the content) beside a pair.
const surrogates = fc.constantFrom('a\ud800', '\udc00b', 'x\udbff\ud800', '\ud83d\ude00', 'a\udfff\ud83d\ude00');
const text = (lengths: number[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...lengths).map((n) => 'a'.repeat(n)), weight: 3 }, { arbitrary: fc.string({ maxLength: 20 }), weight: 3 }, { arbitrary: surrogates, weight: 1 });
const odd = fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant('api'), fc.constant(''));
const rarely = (a: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: a, weight: 1 });
const field = (good: fc.Arbitrary<unknown>) => fc.option(fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: odd, weight: 1 }), { nil: undefined });

const body = fc.oneof(
  { weight: 8, arbitrary: fc
    .record({
      name: field(text([0, 1, NAME_MAX, NAME_MAX + 1])),
      asset_type: field(text([0, 64, 65])),
      content: field(text([0, MAX_CONTENT, MAX_CONTENT + 1])),
      source: field(fc.constantFrom('api', 'agent', 'manual', 'csv', 'API')),
      unreadable: field(text([0, 1, UNREADABLE_MAX, UNREADABLE_MAX + 1])),
      members: rarely(fc.constantFrom([], [{ member: 'a', offset: 0 }], [{ member: '', offset: -1 }])),
      extra: rarely(fc.jsonValue()),
    })
    // Absent, not undefined: as JSON.parse gives it.
    .map((r) => JSON.parse(JSON.stringify(r)) as unknown) },
  { weight: 1, arbitrary: fc.jsonValue() },
  { weight: 1, arbitrary: fc.constant(JSON.parse('{"name":"x","__proto__":{"source":"manual"}}')) },
);

type Outcome = { ok: true; data: unknown; keys: string[] } | { ok: false; detail: unknown };
function outcome(run: () => unknown): Outcome {
  try {
    const data = run();
    return { ok: true, data, keys: Object.keys(data as object) };
  } catch (err) {
    if (!(err instanceof RequestValidationError)) throw err;
    return { ok: false, detail: err.detail };
  }
}

describe('classify request validator', () => {
  it('gives the schema’s answer for random bodies, the fast path for most valid ones', () => {
    const schema = classifyRequestSchema(MAX_CONTENT);
    const check = classifyRequestValidator(MAX_CONTENT);
    let fast = 0;
    let valid = 0;
    fc.assert(
      fc.property(body, (b) => {
        const expected = outcome(() => validate(schema, b, 'body'));
        expect(outcome(() => check(b))).toStrictEqual(expected);
        if (plainClassifyRequest(b, MAX_CONTENT) !== undefined) {
          fast++;
          expect(expected.ok).toBe(true);
        }
        if (expected.ok) valid++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(fast).toBeGreaterThan(valid / 4);
  });

  it('holds the fast path’s field set and defaults equal to the schema’s', () => {
    const schema = classifyRequestSchema(MAX_CONTENT);
    const fields = Object.keys(schema.shape);
    const minimal = schema.parse({ name: 'x' });
    const limits = plainBodyLimits(MAX_CONTENT);
    const check = (f: readonly string[], l = limits) => () => assertPlainPathMatches(f, minimal, l);
    expect(check(fields)).not.toThrow();
    // A field added to the schema, or one the schema dropped, stops the validator being made.
    expect(check([...fields, 'tags'])).toThrow(/tags/);
    expect(check(fields.filter((f) => f !== 'unreadable'))).toThrow(/unreadable/);
    // `members` is always the schema's; the fast path never takes it.
    expect(check(fields.filter((f) => f !== 'members'))).not.toThrow();
    // The fast path's default source is the first it knows: it must be the schema's default.
    expect(check(fields, { ...limits, sources: [...limits.sources].reverse() })).toThrow(/"source":"agent"/);
  });
});
