// What the engine reports per matched rule, as a zod schema: the one source of the engine's
// RuleFinding type and of the `findings` of the HTTP API (shared/api/schemas.ts, the OpenAPI
// document). `member` is never set by the engine: the server adds it for container uploads.
import { z } from 'zod';
import { CONFIDENCE_LEVELS } from './rule-definition.ts';

export const findingSchema = z.object({
  rule: z.string().meta({ description: 'Rule name' }),
  label: z.string().meta({ description: 'Label the rule assigns' }),
  count: z.int().meta({ description: 'How many matches counted' }),
  confidence: z.enum(CONFIDENCE_LEVELS).meta({ description: 'Highest confidence among the counted matches' }),
  detectors: z.array(z.object({ id: z.string(), count: z.int() })).meta({ description: 'Counted matches per detector (pattern id, or `keywords`)' }),
  samples: z
    .array(
      z.object({
        detector: z.string(),
        value: z.string().meta({ description: 'The matched value, masked (never the raw value)', example: 'DE89 **** **** **** **** 00' }),
        offset: z.int().meta({ description: 'Position in the submitted content (UTF-16 code units)' }),
        length: z.int(),
        member: z.string().optional().meta({ description: 'For an archive, mail or other container (read by the server for POST /classify/file, or by the agent, which sends `members`): the member the match is in, e.g. `reports/q3.xlsx`', example: 'reports/q3.xlsx' }),
      }),
    )
    .meta({ description: 'Up to five matches, first by position' }),
});

export type RuleFinding = z.output<typeof findingSchema>;
export type DetectorCount = RuleFinding['detectors'][number];
export type MatchSample = RuleFinding['samples'][number];
