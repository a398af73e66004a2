// Which policies may be classified on the caller's thread (docs/security.md, "Rule safety"): only
// those made entirely of the default catalogue's own matchers. Every catalogue regex is proven free
// of super-linear backtracking and every catalogue keyword list is a fixed alternation of literals
// (test/detector-regex-safety.test.ts), so their cost grows linearly with the content, with a
// constant the catalogue fixes; no workspace admin can change that constant. Anything else a
// policy may hold — a custom regex or keyword list (proven at import, but a hostile one can be
// stored behind the proof's back), a name glob, a stop word — keeps the policy in the worker pool.
import { defaultRules } from '../engine/default-rules.ts';
import { EMPTY_EXCLUSIONS, type Exclusions } from '../engine/rule-definition.ts';
import { itemKeys, safetyItems } from '../engine/rule-safety.ts';
import type { PolicyDefinitions } from './classify-protocol.ts';

/** True when every regex, keyword list and stop word of `definitions` is the catalogue's, and no rule has a name glob. */
export type CatalogueCheck = (definitions: PolicyDefinitions) => boolean;

export function createCatalogueCheck(): CatalogueCheck {
  const catalogue = defaultRules();
  const matchers = itemKeys(catalogue, EMPTY_EXCLUSIONS);
  const stopWords = new Set(catalogue.flatMap((r) => r.conditions.exclusions?.stop_words ?? []));
  const knownStopWords = (ex: Exclusions | undefined) => (ex?.stop_words ?? []).every((w) => stopWords.has(w));
  return (definitions) =>
    knownStopWords(definitions.exclusions) &&
    definitions.rules.every((r) => r.conditions.name_globs.length === 0 && knownStopWords(r.conditions.exclusions)) &&
    safetyItems(definitions.rules, definitions.exclusions, matchers).length === 0;
}
