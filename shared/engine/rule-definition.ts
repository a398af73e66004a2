// Rule definitions: the versioned format users write (YAML or JSON) and GET /rules serves.
//
// Format 1 (patterns, keywords, min_matches, name/type filters) keeps loading unchanged.
// Format 2 adds, all optional: per-pattern validators, entropy thresholds, capture groups,
// base confidence and context (proximity) keywords; keyword confidence, a minimum confidence,
// and exclusions (allow-listed values and patterns, stop words). A format-1 rule may not use
// format-2 fields, so a client that knows only format 1 can still evaluate every format-1 rule.
import { z } from 'zod';
import { VALIDATOR_NAMES } from './validators/index.ts';

export const RULE_FORMAT_VERSION = 2;

/** The priority of a rule that gives none: after the default catalogue's rules. */
export const DEFAULT_PRIORITY = 100;

export const CONFIDENCE_LEVELS = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

const ALLOWED_FLAGS = /^(?!.*(.).*\1)[imsu]*$/;
const regexSource = z.string().min(1).max(2000);

export const contextSchema = z.object({
  keywords: z.array(z.string().trim().min(1).max(200)).min(1).max(200).meta({ description: 'Supporting words or phrases (whole-word, case-insensitive)' }),
  window: z.int().min(1).max(10_000).default(300).meta({ description: 'Characters before and after the match searched for a supporting keyword' }),
  required: z
    .boolean()
    .default(false)
    .meta({ description: 'true: a match without a supporting keyword does not count. false: a supporting keyword raises the confidence by one level' }),
});

export const patternSchema = z.object({
  id: z.string().trim().min(1).max(64).optional().meta({ description: 'Detector id, reported in findings (default `pattern-N`)' }),
  regex: regexSource.meta({ description: 'ECMAScript regular expression, evaluated with the `g` flag added; must pass the ReDoS check at import' }),
  flags: z.string().regex(ALLOWED_FLAGS, 'flags may only be i, m, s, u, each at most once').default('').meta({ description: 'Flags from `imsu`' }),
  group: z.int().min(0).max(9).optional().meta({ description: '(format 2) Capture group holding the value (default: the whole match)' }),
  validator: z.enum(VALIDATOR_NAMES as [string, ...string[]]).optional().meta({ description: '(format 2) A match counts only if this checksum/format validator accepts the value' }),
  min_entropy: z.number().min(0).max(8).optional().meta({ description: '(format 2) A match counts only if its value has at least this Shannon entropy (bits per character)' }),
  confidence: z.enum(CONFIDENCE_LEVELS).optional().meta({ description: '(format 2) Confidence of a match before context (default `medium`)' }),
  context: contextSchema.optional().meta({ description: '(format 2) Supporting keywords near the match' }),
});

export const exclusionsSchema = z.object({
  values: z.array(z.string().min(1).max(500)).max(10_000).default([]).meta({ description: 'Allow-listed values; compared ignoring case, spaces, dashes and dots' }),
  patterns: z.array(regexSource).max(200).default([]).meta({ description: 'A match whose value matches one of these regexes does not count' }),
  stop_words: z.array(z.string().trim().min(1).max(100)).max(1000).default([]).meta({ description: 'A pattern match whose value contains one of these words (case-insensitive) written as words (fake, FAKE, Fake, MyFakeToken; not the letters of random mixed case such as lFaKe) does not count' }),
});
export type Exclusions = z.output<typeof exclusionsSchema>;

export const EMPTY_EXCLUSIONS: Exclusions = Object.freeze({ values: [], patterns: [], stop_words: [] }) as Exclusions;

export const conditionsSchema = z.object({
  patterns: z
    .array(z.union([regexSource.transform((regex) => ({ regex, flags: '' })), patternSchema]))
    .max(50)
    .default([])
    .meta({ description: 'Regular expressions (detectors); every accepted match counts' }),
  keywords: z
    .array(z.string().trim().min(1).max(200))
    .max(1000)
    .default([])
    .meta({ description: 'Words or phrases, matched case-insensitively on word boundaries; every occurrence counts (detector id `keywords`)' }),
  keyword_confidence: z.enum(CONFIDENCE_LEVELS).optional().meta({ description: '(format 2) Confidence of a keyword match (default `medium`)' }),
  min_matches: z.int().min(1).max(100_000).default(1).meta({ description: 'Counted matches (patterns plus keywords) needed for the rule to apply' }),
  min_confidence: z.enum(CONFIDENCE_LEVELS).optional().meta({ description: '(format 2) Matches below this confidence are not counted (default `low`: all count)' }),
  name_globs: z
    .array(z.string().min(1).max(500))
    .max(100)
    .default([])
    .meta({ description: 'The asset name must match one of these globs (a glob without `/` is matched against the last path segment)' }),
  asset_types: z.array(z.string().min(1).max(64)).max(100).default([]).meta({ description: 'The asset_type must be one of these' }),
  exclusions: exclusionsSchema.optional().meta({ description: '(format 2) Values and patterns this rule ignores' }),
  match: z
    .literal('always')
    .optional()
    .meta({ description: 'Required, as `always`, on a rule with no patterns, keywords, name_globs or asset_types: such a rule matches every asset' }),
});

const FORMAT_2_PATTERN_FIELDS = ['group', 'validator', 'min_entropy', 'confidence', 'context'] as const;
const FORMAT_2_CONDITION_FIELDS = ['keyword_confidence', 'min_confidence', 'exclusions'] as const;

export const ruleDefinitionSchema = z
  .object({
    format: z.union([z.literal(1), z.literal(2)]).default(RULE_FORMAT_VERSION).meta({ description: 'Rule format version (1 or 2; default 2)' }),
    name: z.string().trim().min(1).max(100).meta({ example: 'Financial data' }),
    description: z.string().max(2000).default(''),
    label: z.string().trim().min(1).max(64).meta({ description: 'Name of the label this rule assigns' }),
    priority: z.int().min(0).max(1_000_000).default(DEFAULT_PRIORITY).meta({ description: `Evaluation and reporting order: lower first (default ${DEFAULT_PRIORITY})` }),
    enabled: z.boolean().default(true),
    category: z.string().trim().max(64).default('custom'),
    conditions: conditionsSchema,
  })
  .superRefine((rule, ctx) => {
    if (rule.format !== 1) return;
    rule.conditions.patterns.forEach((p, i) => {
      for (const f of FORMAT_2_PATTERN_FIELDS) {
        if (f in p && (p as Record<string, unknown>)[f] !== undefined) ctx.addIssue({ code: 'custom', path: ['conditions', 'patterns', i, f], message: `"${f}" needs format: 2` });
      }
    });
    for (const f of FORMAT_2_CONDITION_FIELDS) {
      if (rule.conditions[f] !== undefined) ctx.addIssue({ code: 'custom', path: ['conditions', f], message: `"${f}" needs format: 2` });
    }
  });

export type RuleDefinitionInput = z.input<typeof ruleDefinitionSchema>;
export type RuleDefinition = z.output<typeof ruleDefinitionSchema>;
export type PatternDefinition = RuleDefinition['conditions']['patterns'][number];

/** Orders rules as the engine evaluates and reports them: priority, then name. */
export function compareRules(a: { priority: number; name: string }, b: { priority: number; name: string }): number {
  return a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Workspace-wide exclusions folded into one rule, as GET /rules serves it (format 2 if any). */
export function withWorkspaceExclusions(rule: RuleDefinition, ws: Exclusions): RuleDefinition {
  if (ws.values.length + ws.patterns.length + ws.stop_words.length === 0) return rule;
  const own = rule.conditions.exclusions ?? EMPTY_EXCLUSIONS;
  const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
  return {
    ...rule,
    format: 2,
    conditions: {
      ...rule.conditions,
      exclusions: { values: union(own.values, ws.values), patterns: union(own.patterns, ws.patterns), stop_words: union(own.stop_words, ws.stop_words) },
    },
  };
}
