// Rule definitions: the versioned format users write (YAML or JSON) and GET /rules serves.
//
// Format 1 is the first published format. Every field added later (validators, proximity,
// exclusions) is optional, so a format-1 rule keeps loading unchanged; `format` tells a client
// which fields it must understand to evaluate the rule exactly as the server does.
import { z } from 'zod';

export const RULE_FORMAT_VERSION = 1;

const ALLOWED_FLAGS = /^(?!.*(.).*\1)[imsu]*$/;

export const patternSchema = z
  .object({
    id: z.string().trim().min(1).max(64).optional().meta({ description: 'Short identifier, reported in findings' }),
    regex: z.string().min(1).max(2000).meta({ description: 'ECMAScript regular expression, evaluated with the `g` flag added' }),
    flags: z
      .string()
      .regex(ALLOWED_FLAGS, 'flags may only be i, m, s, u, each at most once')
      .default('')
      .meta({ description: 'Regular expression flags from `imsu`' }),
  });

export const conditionsSchema = z
  .object({
    patterns: z
      .array(z.union([z.string().min(1).max(2000).transform((regex) => ({ regex, flags: '' })), patternSchema]))
      .max(50)
      .default([])
      .meta({ description: 'Regular expressions; every match counts' }),
    keywords: z
      .array(z.string().trim().min(1).max(200))
      .max(1000)
      .default([])
      .meta({ description: 'Words or phrases, matched case-insensitively on word boundaries; every occurrence counts' }),
    min_matches: z.int().min(1).max(100_000).default(1).meta({ description: 'Matches (patterns plus keywords) needed for the rule to apply' }),
    name_globs: z
      .array(z.string().min(1).max(500))
      .max(100)
      .default([])
      .meta({ description: 'The asset name must match one of these globs (a glob without `/` is matched against the last path segment)' }),
    asset_types: z
      .array(z.string().min(1).max(64))
      .max(100)
      .default([])
      .meta({ description: 'The asset_type must be one of these' }),
  });

export const ruleDefinitionSchema = z
  .object({
    format: z.literal(RULE_FORMAT_VERSION).default(RULE_FORMAT_VERSION).meta({ description: 'Rule format version' }),
    name: z.string().trim().min(1).max(100).meta({ example: 'Financial data' }),
    description: z.string().max(2000).default(''),
    label: z.string().trim().min(1).max(64).meta({ description: 'Name of the label this rule assigns' }),
    priority: z.int().min(0).max(1_000_000).meta({ description: 'Evaluation and reporting order: lower first' }),
    enabled: z.boolean().default(true),
    category: z.string().trim().max(64).default('custom'),
    conditions: conditionsSchema,
  });

export type RuleDefinitionInput = z.input<typeof ruleDefinitionSchema>;
export type RuleDefinition = z.output<typeof ruleDefinitionSchema>;

/** Orders rules as the engine evaluates and reports them: priority, then name. */
export function compareRules(a: { priority: number; name: string }, b: { priority: number; name: string }): number {
  return a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
