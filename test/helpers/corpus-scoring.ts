// Precision and recall of a policy on the generated corpus, per detector (document level: did the
// detector fire on a document that contains its kind of value?) and per label.
import { catalogueEntries } from '../../shared/engine/catalogue/index.ts';
import { classify } from '../../shared/engine/classify.ts';
import { type CompiledPolicy, compilePolicy } from '../../shared/engine/compile-policy.ts';
import { defaultRules } from '../../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../../shared/engine/label-scheme.ts';
import { type CorpusDocument, generateCorpus } from './corpus-generator.ts';

/** The corpus the build measures, and docs/detectors.md reports. */
export const CORPUS = Object.freeze({ seed: 2026, documents: 340 });

export interface Score {
  /** `rule/detector`, or a label name. */
  readonly key: string;
  /** Documents that should have it. */
  readonly expected: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
}

export interface CorpusScores {
  readonly documents: number;
  readonly detectors: readonly Score[];
  readonly labels: readonly Score[];
  /** Documents where the result differs from the expectation, for diagnosis. */
  readonly mistakes: readonly { name: string; kind: string; missing: string[]; unexpected: string[]; label: string; expectedLabel: string }[];
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

function toScore(key: string, t: Tally): Score {
  return {
    key,
    expected: t.tp + t.fn,
    ...t,
    precision: t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp),
    recall: t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn),
  };
}

/** `keys` lists every detector to report, so that one never expected nor found still gets a row. */
export function scoreCorpus(policy: CompiledPolicy, docs: readonly CorpusDocument[], keys: readonly string[], labels: readonly string[]): CorpusScores {
  const byDetector = new Map<string, Tally>(keys.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
  const byLabel = new Map<string, Tally>(labels.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
  const tally = (m: Map<string, Tally>, k: string) => m.get(k) ?? m.set(k, { tp: 0, fp: 0, fn: 0 }).get(k)!;
  const mistakes: CorpusScores['mistakes'][number][] = [];
  for (const doc of docs) {
    const result = classify(policy, { name: doc.name, asset_type: doc.asset_type, content: doc.content });
    const found = new Set(result.findings.flatMap((f) => f.detectors.map((d) => `${f.rule}/${d.id}`)));
    const expected = new Set(doc.detectors);
    for (const k of new Set([...found, ...expected])) {
      const t = tally(byDetector, k);
      if (found.has(k) && expected.has(k)) t.tp++;
      else if (found.has(k)) t.fp++;
      else t.fn++;
    }
    const got = result.label.name;
    if (got === doc.label) tally(byLabel, got).tp++;
    else {
      tally(byLabel, got).fp++;
      tally(byLabel, doc.label).fn++;
    }
    const missing = [...expected].filter((k) => !found.has(k));
    const unexpected = [...found].filter((k) => !expected.has(k));
    if (missing.length + unexpected.length > 0 || got !== doc.label) mistakes.push({ name: doc.name, kind: doc.kind, missing, unexpected, label: got, expectedLabel: doc.label });
  }
  return {
    documents: docs.length,
    detectors: [...byDetector].map(([k, t]) => toScore(k, t)),
    labels: [...byLabel].map(([k, t]) => toScore(k, t)),
    mistakes,
  };
}

/** The scores as table rows for console.table and the docs. */
export function scoreRows(scores: readonly Score[]): Record<string, { documents: number; TP: number; FP: number; FN: number; precision: string; recall: string }> {
  return Object.fromEntries(scores.map((s) => [s.key, { documents: s.expected, TP: s.tp, FP: s.fp, FN: s.fn, precision: s.precision.toFixed(3), recall: s.recall.toFixed(3) }]));
}

/** The default catalogue on the standard corpus. */
export function measureDefaultCatalogue(): CorpusScores {
  const docs = generateCorpus(CORPUS.seed, CORPUS.documents);
  const keys = catalogueEntries().map((e) => e.key);
  return scoreCorpus(compilePolicy(DEFAULT_LABELS, defaultRules()), docs, keys, DEFAULT_LABELS.map((l) => l.name));
}
