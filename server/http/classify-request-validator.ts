// Validation of a POST /classify (and /classify/preview) body, with a fast path for the body
// every client sends (shared/classify-pool/plain-classify-body.ts): a plain object of known
// fields, each of the right type and length, and no `members`. It answers exactly as
// classifyRequestSchema (shared/api/schemas.ts, the source of truth, also behind the OpenAPI
// document), whose general path costs ~5-10 µs a request; anything else is validated by the
// schema itself, so every error is the schema's (test/classify-request-validator.test.ts feeds
// both random bodies). The fast path's field set and defaults are checked against the schema's
// when a validator is made: a field added to the schema and not to the fast path, or a default
// changed in one only, fails at start-up (and in every test) instead of silently changing plain
// bodies.
import { isDeepStrictEqual } from 'node:util';
import { ASSET_TYPE_MAX, CLIENT_SOURCES, type ClassifyRequest, classifyRequestSchema, NAME_MAX, UNREADABLE_MAX } from '../../shared/api/schemas.ts';
import { PLAIN_FIELDS, type PlainBodyLimits, plainClassifyBody } from '../../shared/classify-pool/plain-classify-body.ts';
import { validate } from './validation.ts';

/** Schema fields the fast path never takes: a body holding one is always validated by the schema. */
const SCHEMA_ONLY_FIELDS: readonly string[] = ['members'];

/** The fast path's limits, from the schema's constants. */
export function plainBodyLimits(maxContentChars: number): PlainBodyLimits {
  return { nameMax: NAME_MAX, assetTypeMax: ASSET_TYPE_MAX, contentMax: maxContentChars, unreadableMax: UNREADABLE_MAX, sources: CLIENT_SOURCES };
}

/** The smallest valid body: what the schema fills in for it (its defaults) the fast path must fill in alike. */
const MINIMAL_BODY = { name: 'x' };

/**
 * Throws unless the fast path and the schema name the same fields (less SCHEMA_ONLY_FIELDS) and
 * give the smallest body the same defaults (the default source is `limits.sources[0]`):
 * `schemaFields` are the schema's, `minimal` its output for MINIMAL_BODY.
 */
export function assertPlainPathMatches(schemaFields: readonly string[], minimal: unknown, limits: PlainBodyLimits): void {
  const expected = schemaFields.filter((f) => !SCHEMA_ONLY_FIELDS.includes(f));
  const plain: readonly string[] = PLAIN_FIELDS;
  if (expected.length !== plain.length || expected.some((f, i) => plain[i] !== f)) {
    throw new Error(`the classify body's fast path (plain-classify-body.ts) takes ${plain.join(', ')}, the schema ${expected.join(', ')} (besides ${SCHEMA_ONLY_FIELDS.join(', ')}): update the fast path`);
  }
  const fast = plainClassifyBody(MINIMAL_BODY, limits);
  if (!isDeepStrictEqual(fast, minimal)) {
    throw new Error(`the classify body's fast path (plain-classify-body.ts) gives ${JSON.stringify(MINIMAL_BODY)} as ${JSON.stringify(fast)}, the schema as ${JSON.stringify(minimal)}: update the fast path's defaults`);
  }
}

/** The body as the schema would give it back, or undefined when the schema must decide. */
export function plainClassifyRequest(body: unknown, maxContentChars: number): ClassifyRequest | undefined {
  return plainClassifyBody(body, plainBodyLimits(maxContentChars)) as ClassifyRequest | undefined;
}

/** Validates a classify body: the request, or RequestValidationError with the schema's issues. */
export function classifyRequestValidator(maxContentChars: number): (body: unknown) => ClassifyRequest {
  const schema = classifyRequestSchema(maxContentChars);
  const limits = plainBodyLimits(maxContentChars);
  assertPlainPathMatches(Object.keys(schema.shape), schema.parse(MINIMAL_BODY), limits);
  return (body) => (plainClassifyBody(body, limits) as ClassifyRequest | undefined) ?? validate(schema, body, 'body');
}
