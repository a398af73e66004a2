// Request and response schemas of the triage endpoints under /api/v1/admin (dismissals, pins, the
// allow-list) and of GET /api/v1/allowlist, which agents pull with the rules.
import { z } from 'zod';
import { labelSchema } from '../engine/label-scheme.ts';
import { integerString } from './schemas.ts';

export const DISMISSAL_REASON_VALUES = ['false_positive', 'test_data', 'accepted_risk'] as const;

const integerParam = integerString.pipe(z.int().min(1));

export const dismissalParamsSchema = z.object({ id: integerParam, dismissalId: integerParam });
export const allowListParamsSchema = z.object({ id: integerParam });

export const dismissRequestSchema = z
  .object({
    rule: z.string().min(1).max(100).meta({ description: 'Name of the rule whose finding is dismissed', example: 'Payment card data' }),
    detector: z.string().min(1).max(64).meta({ description: 'Detector id of the finding (`keywords` for keyword matches)', example: 'payment-card' }),
    reason: z.enum(DISMISSAL_REASON_VALUES),
    note: z.string().max(2000).default('').meta({ description: 'Free text; shown in the asset’s dismissals' }),
  })
  .strict();

export const dismissalSchema = z.object({
  id: z.int(),
  rule: z.string(),
  detector: z.string(),
  reason: z.enum(DISMISSAL_REASON_VALUES),
  note: z.string(),
  actor: z.string().meta({ description: 'The key (name) that dismissed it' }),
  created_at: z.string(),
});

export const pinRequestSchema = z
  .object({
    label: z.string().trim().min(1).max(64).meta({ description: 'Name of a label of the workspace', example: 'Restricted' }),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict();

export const pinSchema = z.object({
  label: labelSchema,
  reason: z.string(),
  actor: z.string(),
  pinned_at: z.string(),
});

export const ALLOW_LIST_VALUE_MAX = 500;

export const allowListRequestSchema = z
  .object({
    value: z.string().min(1).max(ALLOW_LIST_VALUE_MAX).meta({ description: 'The value not to flag any more; stored only as a keyed hash of its normal forms, never returned' }),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict();

export const allowListEntrySchema = z.object({
  id: z.int(),
  reason: z.string(),
  actor: z.string(),
  created_at: z.string(),
});

/** Most dismissals, and most pins, one GET /api/v1/triage answer holds; the rest are counted in `omitted`. */
export const AGENT_TRIAGE_LIMIT = 10_000;

export const agentTriageQuerySchema = z.object({
  host: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[^\p{Cc}]+$/u, 'Control characters are not allowed')
    .optional()
    .meta({ description: 'Only assets named `HOST:…` (the agent’s hostname): an agent asks for its own files' }),
});
export type AgentTriageQuery = z.output<typeof agentTriageQuerySchema>;

export const agentTriageSchema = z.object({
  source: z.literal('agent').meta({ description: 'Only agent-sourced assets are in it' }),
  host: z.string().nullable().meta({ description: 'The `host` asked for; null for every agent asset of the workspace' }),
  dismissals: z
    .array(z.object({ name: z.string(), rule: z.string(), detector: z.string() }))
    .meta({ description: 'Dismissed (rule, detector) pairs by asset name, in name order' }),
  pins: z.array(z.object({ name: z.string(), label: labelSchema })).meta({ description: 'Pinned labels by asset name, in name order' }),
  limit: z.int().meta({ description: 'Most dismissals, and most pins, one answer holds', example: AGENT_TRIAGE_LIMIT }),
  omitted: z
    .object({ dismissals: z.int(), pins: z.int() })
    .meta({ description: 'How many were left out past `limit` (in name order): the agent labels those files without them and logs the counts' }),
});
export type AgentTriage = z.output<typeof agentTriageSchema>;
