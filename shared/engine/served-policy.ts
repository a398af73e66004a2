// Rebuilds a compiled policy from what GET /labels and GET /rules serve, so that a client (the
// agent, `assay classify`) evaluates exactly what the server evaluates, allow-list included.
import type { Rule } from '../api/schemas.ts';
import type { AllowListDefinition } from './allow-list.ts';
import { type CompiledPolicy, compilePolicy } from './compile-policy.ts';
import type { Label } from './label-scheme.ts';
import { EMPTY_EXCLUSIONS, type RuleDefinition, ruleDefinitionSchema } from './rule-definition.ts';

/** Served rules carry their label as an object; the engine refers to labels by name. */
export function definitionsFromServed(rules: readonly Rule[]): RuleDefinition[] {
  return rules.map((r) => ruleDefinitionSchema.parse({ ...r, label: r.label.name }));
}

/** `allowList` is what GET /allowlist serves (hashes only; see allow-list.ts). */
export function compileServedPolicy(labels: readonly Label[], rules: readonly Rule[], allowList?: AllowListDefinition): CompiledPolicy {
  return compilePolicy(labels, definitionsFromServed(rules), EMPTY_EXCLUSIONS, allowList);
}
