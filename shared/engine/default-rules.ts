// The rule set every new workspace gets: the default detector catalogue (shared/engine/catalogue/),
// validated and with defaults filled in. Labels refer to the default scheme.
import { catalogueDefinitions } from './catalogue/index.ts';
import { type RuleDefinition, ruleDefinitionSchema } from './rule-definition.ts';

/** A fresh copy of the default rules, validated and with defaults filled in. */
export function defaultRules(): RuleDefinition[] {
  return catalogueDefinitions().map((r) => ruleDefinitionSchema.parse(r));
}
