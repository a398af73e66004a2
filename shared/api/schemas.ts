// Request and response schemas of the HTTP API (SPEC §3). The server validates with them, the
// TypeScript types come from them, and the OpenAPI document is generated from them.
import { z } from 'zod';
import { labelSchema } from '../engine/label-scheme.ts';
import { findingSchema } from '../engine/finding.ts';
import { conditionsSchema } from '../engine/rule-definition.ts';

export const ASSET_SOURCES = ['manual', 'csv', 'agent', 'api'] as const;
export type AssetSource = (typeof ASSET_SOURCES)[number];
/** The sources a client may claim over the API; `manual` and `csv` come only from the admin CLI. */
export const CLIENT_SOURCES = ['api', 'agent'] as const;

export const NAME_MAX = 1024;

/**
 * A string field that is stored must be well-formed UTF-16: SQLite and PostgreSQL keep text as
 * UTF-8, where an unpaired surrogate (`"\ud800"` in JSON) becomes U+FFFD, so the stored name would
 * be another name than the one asked for (docs/api.md, POST /api/v1/classify).
 */
export const storedString = () => z.string().refine((s) => s.isWellFormed(), { message: 'String should be well-formed Unicode (no unpaired surrogate)' });

/** Longest `asset_type` accepted. */
export const ASSET_TYPE_MAX = 64;
/** Longest `unreadable` reason accepted (the agent keeps reasons to 300 characters plus the code). */
export const UNREADABLE_MAX = 400;

/** Most member positions a classify request may carry (the agent's `limits.archive.max_members` tops out below). */
export const MEMBERS_MAX = 10_000;

const memberSpanSchema = z.object({
  member: storedString().min(1).max(NAME_MAX).meta({ description: 'Member path inside the container', example: 'reports/q3.xlsx' }),
  offset: z.int().min(0).meta({ description: 'Where the member\'s text starts in `content` (UTF-16 code units)', example: 0 }),
});

export function classifyRequestSchema(maxContentChars: number) {
  return z
    .object({
      name: storedString().min(1).max(NAME_MAX).meta({ description: 'Asset name; agents send `<hostname>:<absolute path>`. Well-formed Unicode: an unpaired surrogate is a 422 (stored text is UTF-8)', example: 'vendor-contract-2026.pdf' }),
      asset_type: storedString()
        .max(ASSET_TYPE_MAX)
        .nullish()
        .meta({ description: 'e.g. `document`, `spreadsheet`, `source_code`, `database`, `email`', example: 'document' }),
      content: z
        .string()
        .max(maxContentChars)
        .nullish()
        .meta({ description: `Text to inspect, at most ${maxContentChars} characters. Not stored.`, example: 'Confidential — NDA. Payment to IBAN DE89370400440532013000' }),
      source: z.enum(CLIENT_SOURCES).default('api').meta({ description: '`api` for ordinary clients, `agent` for the Assay agent' }),
      unreadable: storedString()
        .min(1)
        .max(UNREADABLE_MAX)
        .nullish()
        .meta({
          description:
            'Set when the text of the asset could not be read: `code: reason` (codes `encrypted`, `corrupt`, `bomb`, `no_text`, `timeout`, `memory`, `too_large`, `binary`, `unreadable`, `unsupported`). `content` is then ignored and the asset gets the workspace\'s unreadable-file label',
          example: 'encrypted: password-protected Office document',
        }),
      members: z
        .array(memberSpanSchema)
        .max(MEMBERS_MAX)
        .optional()
        .meta({
          description:
            'For a container (archive, mail) whose text the client extracted: where each member\'s text starts in `content`, in order. Each finding sample then names the `member` it is in, as for `POST /classify/file`. The Assay agent sends it',
        }),
    })
    .superRefine((body, ctx) => {
      const members = body.members ?? [];
      const length = body.content?.length ?? 0;
      members.forEach((m, i) => {
        if (m.offset > length) ctx.addIssue({ code: 'custom', path: ['members', i, 'offset'], message: 'Offset past the end of content' });
        else if (i > 0 && m.offset < members[i - 1]!.offset) ctx.addIssue({ code: 'custom', path: ['members', i, 'offset'], message: 'Members must be in order of offset' });
      });
    });
}
export type ClassifyRequest = z.output<ReturnType<typeof classifyRequestSchema>>;
/** A POST /classify body as a client writes it (defaults not yet applied): what the agent sends. */
export type ClassifyRequestBody = z.input<ReturnType<typeof classifyRequestSchema>>;

export const assetSchema = z.object({
  id: z.int().meta({ example: 1042 }),
  name: z.string().meta({ example: 'vendor-contract-2026.pdf' }),
  asset_type: z.string().nullable().meta({ example: 'document' }),
  label: labelSchema,
  matched_rules: z.string().meta({ description: 'Matched rule names in priority order, comma-and-space separated; `""` when none', example: 'Marked confidential, Financial data' }),
  source: z.enum(ASSET_SOURCES),
  classified_at: z.string().meta({ description: 'UTC, ISO 8601, seconds precision', example: '2026-06-12T08:30:00' }),
  // The engine's findings as they are (shared/engine/finding.ts): one schema for both.
  findings: z.array(findingSchema).meta({ description: 'Per matched rule (priority order): counts, confidence and masked samples' }),
  removed_at: z.string().nullable().meta({ description: 'When the asset was reported removed (e.g. the agent saw the file deleted); null while it exists' }),
  unreadable: z.string().nullable().meta({ description: 'Why the text of the asset could not be read (`code: reason`), e.g. an encrypted file; its label is then the workspace\'s unreadable-file label. Null for assets whose text was classified', example: null }),
  pinned_label: labelSchema
    .optional()
    .meta({ description: 'Only in the answer to a classification of an asset whose label is pinned (docs/triage.md): the label the inventory keeps, while `label` is the one the rules gave' }),
});
export type Asset = z.output<typeof assetSchema>;

/** POST /classify/preview: the classify answer without what storing adds (id, source, times). */
export const previewSchema = assetSchema.pick({ name: true, asset_type: true, label: true, matched_rules: true, findings: true });
export type Preview = z.output<typeof previewSchema>;

export const historyEntrySchema = z.object({
  label: labelSchema,
  matched_rules: z.string(),
  classified_at: z.string(),
  actor: z.string().optional().meta({ description: 'Only on a triage entry (a dismissal, a pin, or their undoing): the key name that made it' }),
  reason: z.string().optional().meta({ description: 'Only on a triage entry: what was done and why' }),
});

export const assetDetailSchema = assetSchema.extend({
  history: z.array(historyEntrySchema).meta({ description: 'Every classification of this asset, newest first (the first entry is the current one)' }),
});
export type AssetDetail = z.output<typeof assetDetailSchema>;

/** A query value is a string; anything else (a repeated parameter) fails validation. */
export const integerString = z
  .string()
  .regex(/^[0-9]{1,9}$/, 'Input should be a valid integer, unable to parse string as an integer')
  .transform(Number);

export const ASSET_STATUSES = ['active', 'removed', 'all'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export const LIST_LIMIT_MAX = 500;
export const LIST_LIMIT_DEFAULT = 50;

export const listAssetsQuerySchema = z.object({
  q: z
    .string()
    .min(1)
    .max(NAME_MAX)
    .regex(/^[^\x00-\x1f\x7f]*$/, 'Must not contain control characters')
    .optional()
    .meta({ description: 'Name contains (case-insensitive, literal); control characters are refused' }),
  source: z.enum(ASSET_SOURCES).optional(),
  label: z.string().min(1).max(64).optional().meta({ description: 'Current label name (case-insensitive)' }),
  limit: integerString
    .pipe(z.int().min(1).max(LIST_LIMIT_MAX))
    .default(LIST_LIMIT_DEFAULT)
    .meta({ description: `Page size, 1–${LIST_LIMIT_MAX}`, type: 'integer' }),
  cursor: z.string().max(200).optional().meta({ description: 'Opaque position from a `Link: rel="next"` header' }),
  status: z.enum(ASSET_STATUSES).default('active').meta({ description: '`active` (default): assets not reported removed; `removed`; or `all`' }),
  unreadable: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: '`true`: only assets whose text could not be read (encrypted, corrupt, …); `false`: only the others', type: 'string' }),
});
export type ListAssetsQuery = z.output<typeof listAssetsQuerySchema>;

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** GET /assets/export: the filters of GET /assets (no paging: everything that matches) and the format. */
export const exportAssetsQuerySchema = listAssetsQuerySchema.omit({ limit: true, cursor: true }).extend({
  format: z.enum(EXPORT_FORMATS).default('csv').meta({ description: '`csv` (RFC 4180, header row, formula-injection safe) or `ndjson` (one asset per line, as GET /assets shows it)' }),
});
export type ExportAssetsQuery = z.output<typeof exportAssetsQuerySchema>;

export const removeAssetRequestSchema = z.object({
  name: storedString().min(1).max(NAME_MAX).meta({ description: 'Name of the asset, as it was classified (an unpaired surrogate is a 422)' }),
  source: z.enum(CLIENT_SOURCES).default('api').meta({ description: 'Source it was classified with' }),
});
/** A POST /assets/removals body as a client writes it. */
export type RemoveAssetRequestBody = z.input<typeof removeAssetRequestSchema>;

export const assetIdParamsSchema = z.object({
  id: integerString.pipe(z.int().min(1)),
});

/** A rule as GET /rules serves it: the definition with its label resolved. */
export const ruleSchema = z.object({
  format: z.union([z.literal(1), z.literal(2)]),
  name: z.string(),
  description: z.string(),
  label: labelSchema,
  priority: z.int(),
  enabled: z.boolean(),
  category: z.string(),
  conditions: conditionsSchema,
});
export type Rule = z.output<typeof ruleSchema>;

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
});

export const validationIssueSchema = z.object({
  loc: z.array(z.union([z.string(), z.int()])),
  msg: z.string(),
  type: z.string(),
});

export const errorBodySchema = z.object({
  detail: z.union([z.string(), z.array(validationIssueSchema)]),
  code: z.string().meta({ description: 'Stable error code' }),
});
