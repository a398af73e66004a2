// Validation of a POST /classify (and /classify/preview) body, with a fast path for the body
// every client sends: a plain object of known fields, each of the right type and length, and no
// `members`. It answers exactly as classifyRequestSchema (shared/api/schemas.ts, the source of
// truth, also behind the OpenAPI document), whose general path costs ~5-10 µs a request; anything
// else — an unknown field, `members`, any value the fast path does not accept — is validated by
// the schema itself, so every error is the schema's (test/classify-request-validator.test.ts
// feeds both random bodies).
import { ASSET_TYPE_MAX, CLIENT_SOURCES, type ClassifyRequest, classifyRequestSchema, NAME_MAX, UNREADABLE_MAX } from '../../shared/api/schemas.ts';
import { validate } from './validation.ts';

const FIELDS = new Set(['name', 'asset_type', 'content', 'source', 'unreadable']);

const isString = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
const isNullish = (v: unknown) => v === null || v === undefined;

/** The body as the schema would give it back, or undefined when the schema must decide. */
export function plainClassifyRequest(body: unknown, maxContentChars: number): ClassifyRequest | undefined {
  if (typeof body !== 'object' || body === null || Object.getPrototypeOf(body) !== Object.prototype) return undefined;
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) if (!FIELDS.has(key)) return undefined;
  if (!isString(b.name, 1, NAME_MAX)) return undefined;
  if (!isNullish(b.asset_type) && !isString(b.asset_type, 0, ASSET_TYPE_MAX)) return undefined;
  if (!isNullish(b.content) && !isString(b.content, 0, maxContentChars)) return undefined;
  if (!isNullish(b.unreadable) && !isString(b.unreadable, 1, UNREADABLE_MAX)) return undefined;
  const source = b.source === undefined ? 'api' : CLIENT_SOURCES.find((s) => s === b.source);
  if (source === undefined) return undefined;
  // The schema's own key order: present fields as given, `source` always (its default).
  const out: Record<string, unknown> = { name: b.name };
  if ('asset_type' in b) out.asset_type = b.asset_type;
  if ('content' in b) out.content = b.content;
  out.source = source;
  if ('unreadable' in b) out.unreadable = b.unreadable;
  return out as ClassifyRequest;
}

/** Validates a classify body: the request, or RequestValidationError with the schema's issues. */
export function classifyRequestValidator(maxContentChars: number): (body: unknown) => ClassifyRequest {
  const schema = classifyRequestSchema(maxContentChars);
  return (body) => plainClassifyRequest(body, maxContentChars) ?? validate(schema, body, 'body');
}
