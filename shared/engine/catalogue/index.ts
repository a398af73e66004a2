// The default detector catalogue: every rule a new workspace starts with, in priority order
// (markings, then financial data, then the rest), with each detector's docs and examples.
import { type CatalogueRule, type DetectorExamples, KEYWORDS_DETECTOR_ID, toRuleDefinition } from './catalogue-types.ts';
import { CONTACT_DATA } from './contact.ts';
import { CREDENTIALS } from './credentials.ts';
import { FINANCIAL_DATA } from './financial.ts';
import { GOVERNMENT_IDS } from './government-ids.ts';
import { HEALTH_DATA } from './health.ts';
import { INTERNAL_USE_ONLY, MARKED_CONFIDENTIAL } from './markings.ts';
import { PERSONAL_DATA } from './personal-data.ts';
import type { RuleDefinitionInput } from '../rule-definition.ts';

export type { CatalogueRule, DetectorExamples, KeywordDetector, PatternDetector } from './catalogue-types.ts';
export { KEYWORDS_DETECTOR_ID };

export const CATALOGUE: readonly CatalogueRule[] = Object.freeze([
  MARKED_CONFIDENTIAL,
  INTERNAL_USE_ONLY,
  FINANCIAL_DATA,
  GOVERNMENT_IDS,
  CREDENTIALS,
  HEALTH_DATA,
  PERSONAL_DATA,
  CONTACT_DATA,
]);

/** The catalogue's rule definitions, as users could write them in a rules file. */
export function catalogueDefinitions(): RuleDefinitionInput[] {
  return CATALOGUE.map(toRuleDefinition);
}

/** One detector of the catalogue with its rule: `key` is `rule/detector`, as tests and docs name it. */
export interface CatalogueEntry {
  readonly rule: CatalogueRule;
  readonly id: string;
  readonly key: string;
  readonly summary: string;
  readonly notes: string | undefined;
  readonly examples: DetectorExamples;
}

/** Every detector in evaluation order: per rule its keyword list first, then its patterns. */
export function catalogueEntries(): CatalogueEntry[] {
  return CATALOGUE.flatMap((rule) => [
    ...(rule.keywords ? [{ rule, id: KEYWORDS_DETECTOR_ID, docs: rule.keywords }] : []),
    ...rule.detectors.map((d) => ({ rule, id: d.pattern.id, docs: d })),
  ]).map(({ rule, id, docs }) => ({ rule, id, key: `${rule.rule.name}/${id}`, summary: docs.summary, notes: docs.notes, examples: docs.examples }));
}
