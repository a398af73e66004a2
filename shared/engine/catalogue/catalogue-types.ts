// Shapes of the default detector catalogue: each rule's definition, and beside every detector the
// documentation and examples that docs/detectors.md and the tests use. Only `toRuleDefinition`'s
// output is served to clients; summaries, notes and examples stay here.
import type { z } from 'zod';
import type { patternSchema, RuleDefinitionInput } from '../rule-definition.ts';

export type PatternInput = z.input<typeof patternSchema>;

/** A lookalike the detector rejects, and why (the reason is documentation, not part of the text). */
export interface RejectedExample {
  readonly text: string;
  readonly why: string;
}

export interface DetectorExamples {
  /** Texts in which the default catalogue reports this detector. */
  readonly match: readonly string[];
  /** Lookalikes in which it does not: the false positives it rejects. */
  readonly no_match: readonly RejectedExample[];
}

interface DetectorDocs {
  /** What it detects, one sentence. */
  readonly summary: string;
  /** Separators, line breaks and other behaviour worth knowing. */
  readonly notes?: string;
  readonly examples: DetectorExamples;
}

export interface PatternDetector extends DetectorDocs {
  readonly pattern: PatternInput & { readonly id: string };
}

/** A rule's keyword list, reported as detector `keywords`; phrases grouped by language for the docs. */
export interface KeywordDetector extends DetectorDocs {
  readonly phrases: Readonly<Record<string, readonly string[]>>;
}

type RuleHead = Omit<RuleDefinitionInput, 'conditions' | 'format'>;
type ConditionsRest = Omit<RuleDefinitionInput['conditions'], 'patterns' | 'keywords'>;

export interface CatalogueRule {
  readonly rule: RuleHead & { readonly conditions?: ConditionsRest };
  readonly detectors: readonly PatternDetector[];
  readonly keywords?: KeywordDetector;
}

export const KEYWORDS_DETECTOR_ID = 'keywords';

/** The rule definition (format 2) a catalogue entry stands for, as stored and served. */
export function toRuleDefinition(entry: CatalogueRule): RuleDefinitionInput {
  const { conditions, ...head } = entry.rule;
  return {
    format: 2,
    ...head,
    conditions: {
      ...conditions,
      patterns: entry.detectors.map((d) => d.pattern),
      keywords: entry.keywords ? Object.values(entry.keywords.phrases).flat() : [],
    },
  };
}
