// The POST /classify (and /classify/preview) body every client sends, recognised without the
// schema: a plain object of known fields, each of the right type and length, and no `members`.
// It is returned in the shape classifyRequestSchema (shared/api/schemas.ts, the source of truth)
// gives; anything else is undefined, and the schema decides. The server uses it before the
// schema (server/http/classify-request-validator.ts, which holds the field set equal to the
// schema's); the classification worker uses it on a body it parsed (classify-worker.ts). The
// limits come from the schema's constants, passed in, so the worker does not load the schemas.

export interface PlainBodyLimits {
  readonly nameMax: number;
  readonly assetTypeMax: number;
  readonly contentMax: number;
  readonly unreadableMax: number;
  /** The sources a client may claim; the first is the default (held equal to the schema's by classify-request-validator.ts). */
  readonly sources: readonly string[];
}

/** The fields a plain body may hold, in the schema's key order. */
export const PLAIN_FIELDS = ['name', 'asset_type', 'content', 'source', 'unreadable'] as const;

export interface PlainClassifyBody {
  readonly name: string;
  readonly asset_type?: string | null | undefined;
  readonly content?: string | null | undefined;
  readonly source: string;
  readonly unreadable?: string | null | undefined;
}

const FIELDS: ReadonlySet<string> = new Set(PLAIN_FIELDS);
/** A string of the schema's length that is stored as given (well-formed: the schema's storedString refuses an unpaired surrogate). */
const isString = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max && v.isWellFormed();
/** The content is classified, never stored: any string of the right length. */
const isContent = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isNullish = (v: unknown) => v === null || v === undefined;

/** The body as the schema would give it back, or undefined when the schema must decide. */
export function plainClassifyBody(body: unknown, limits: PlainBodyLimits): PlainClassifyBody | undefined {
  if (typeof body !== 'object' || body === null || Object.getPrototypeOf(body) !== Object.prototype) return undefined;
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) if (!FIELDS.has(key)) return undefined;
  if (!isString(b.name, 1, limits.nameMax)) return undefined;
  if (!isNullish(b.asset_type) && !isString(b.asset_type, 0, limits.assetTypeMax)) return undefined;
  if (!isNullish(b.content) && !isContent(b.content, limits.contentMax)) return undefined;
  if (!isNullish(b.unreadable) && !isString(b.unreadable, 1, limits.unreadableMax)) return undefined;
  const source = b.source === undefined ? limits.sources[0] : limits.sources.find((s) => s === b.source);
  if (source === undefined) return undefined;
  // The schema's own key order: present fields as given, `source` always (its default).
  const out: Record<string, unknown> = { name: b.name };
  if ('asset_type' in b) out.asset_type = b.asset_type;
  if ('content' in b) out.content = b.content;
  out.source = source;
  if ('unreadable' in b) out.unreadable = b.unreadable;
  return out as unknown as PlainClassifyBody;
}
