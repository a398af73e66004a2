// Request and response schemas of the admin endpoints under /api/v1/admin (the web console's
// JSON API). Same rules as schemas.ts: routes validate with them, OpenAPI is generated from them.
import { z } from 'zod';
import { labelSchema } from '../engine/label-scheme.ts';
import { ASSET_SOURCES, NAME_MAX, storedString } from './schemas.ts';

export const KEY_ROLE_VALUES = ['api', 'admin'] as const;

export function isKeyRole(value: string): value is (typeof KEY_ROLE_VALUES)[number] {
  return (KEY_ROLE_VALUES as readonly string[]).includes(value);
}

export const signInRequestSchema = z.object({
  key: z.string().min(1).max(200).meta({ description: 'An API key with the `admin` role' }),
});

export const sessionSchema = z.object({
  workspace: z.string(),
  key_name: z.string(),
  expires_at: z.string().meta({ description: 'UTC, ISO 8601, seconds precision' }),
  csrf_token: z.string().meta({ description: 'Send it in `X-CSRF-Token` with every state-changing request of this session' }),
});

export const apiKeySchema = z.object({
  name: z.string(),
  prefix: z.string().meta({ description: 'First characters of the key, to tell keys apart' }),
  role: z.enum(KEY_ROLE_VALUES),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type ApiKeyView = z.output<typeof apiKeySchema>;

export const createKeyRequestSchema = z.object({
  name: z.string().trim().min(1).max(100).meta({ description: 'Unique in the workspace', example: 'billing-app' }),
  role: z.enum(KEY_ROLE_VALUES).default('api').meta({ description: '`api` (default) for clients and agents; `admin` also signs in to the console' }),
});

export const createdKeySchema = apiKeySchema.extend({
  key: z.string().meta({ description: 'The key itself: shown this once, never stored' }),
});

export const keyNameParamsSchema = z.object({ name: z.string().min(1).max(100) });

export const workspaceStatusSchema = z.object({
  name: z.string(),
  plan: z.enum(['active', 'inactive']),
  suspended: z.boolean(),
  asset_count: z.int().meta({ description: 'Assets counted against the quota (removed ones included)' }),
  max_assets: z.int().nullable().meta({ description: 'Quota; null when unlimited' }),
  created_at: z.string(),
});

export const statsSchema = z.object({
  by_label: z.array(labelSchema.extend({ count: z.int() })).meta({ description: 'Assets (not removed) per current label' }),
  by_source: z.array(z.object({ source: z.enum(ASSET_SOURCES), count: z.int() })),
  per_day: z.array(z.object({ day: z.string().meta({ example: '2026-06-12' }), count: z.int() })).meta({ description: 'Classifications per UTC day over the last `days` days' }),
  days: z.int(),
});

export const statsQuerySchema = z.object({
  days: z
    .string()
    .regex(/^[0-9]{1,3}$/, 'Input should be a valid integer, unable to parse string as an integer')
    .transform(Number)
    .pipe(z.int().min(1).max(366))
    .default(30)
    .meta({ type: 'integer' }),
});

export const policyViewSchema = z.object({
  labels: z.array(labelSchema),
  rules: z.array(z.unknown()).meta({ description: 'Every rule definition, enabled or not, in priority order' }),
});

export const ruleNameParamsSchema = z.object({ name: z.string().min(1).max(100) });

/** PUT /admin/labels/{name}: the label's level and colour (the name is the path's). */
export const labelUpdateSchema = labelSchema.omit({ name: true }).strict();

export const rulePatchSchema = z
  .object({
    enabled: z.boolean().optional(),
    priority: z.int().min(0).max(1_000_000).optional().meta({ description: 'Lower is evaluated and reported first' }),
  })
  .strict();

export const manualClassificationSchema = (maxContentChars: number) =>
  z.object({
    name: storedString().min(1).max(NAME_MAX).meta({ example: 'Board minutes March.docx' }),
    asset_type: storedString().max(64).nullish(),
    content: z.string().max(maxContentChars).nullish().meta({ description: 'Text to inspect; not stored' }),
  });

export const csvImportLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), done: z.int(), failed: z.int(), bytes_read: z.int(), total_bytes: z.int() }),
  z.object({ type: z.literal('result'), done: z.int(), failed: z.array(z.object({ line: z.int(), reason: z.string() })) }),
  z.object({ type: z.literal('error'), detail: z.string(), code: z.string() }),
]);
export type CsvImportLine = z.output<typeof csvImportLineSchema>;
