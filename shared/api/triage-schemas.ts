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
