// A rule a person wrote (rules file, admin API, console editor) is held to more than a stored or
// served rule: no unknown key anywhere, and a rule without content conditions says so with
// `match: always`, so that a mistyped condition key can never leave a rule that matches everything.
// Rules already stored before this check keep loading: they are read without it.
import { type RuleDefinition, ruleDefinitionSchema } from './rule-definition.ts';
import { formatPath, type Path, type StrictResult, strictParse } from './strict-parse.ts';

const hasContentConditions = (r: RuleDefinition) => r.conditions.patterns.length + r.conditions.keywords.length > 0;
const hasFilters = (r: RuleDefinition) => r.conditions.name_globs.length + r.conditions.asset_types.length > 0;

/** Problems of how a valid rule states what it matches. */
export function matchProblems(rule: RuleDefinition, base: Path = []): string[] {
  const where = formatPath([...base, 'conditions']);
  if (rule.conditions.match === 'always' && hasContentConditions(rule)) {
    return [`${where}.match: "always" cannot be combined with patterns or keywords; remove one of them`];
  }
  if (rule.conditions.match === undefined && !hasContentConditions(rule) && !hasFilters(rule)) {
    return [`${where}: no patterns, keywords, name_globs or asset_types, so the rule would match every asset; write "match: always" if that is meant`];
  }
  return [];
}

/** Validates one rule as written; `base` is where it is in its file (`rules[3]`) or `rule`. */
export function parseRuleInput(input: unknown, base: Path): StrictResult<RuleDefinition> {
  const parsed = strictParse(ruleDefinitionSchema, input, base);
  if (!parsed.success) return parsed;
  const problems = matchProblems(parsed.data, base);
  return problems.length > 0 ? { success: false, problems } : parsed;
}

/**
 * A stored rule as it is exported: one stored before `match` existed that matches every asset
 * gets `match: always`, so that the export imports again.
 */
export function withExplicitMatch(rule: RuleDefinition): RuleDefinition {
  if (rule.conditions.match !== undefined || hasContentConditions(rule) || hasFilters(rule)) return rule;
  return { ...rule, conditions: { ...rule.conditions, match: 'always' } };
}
