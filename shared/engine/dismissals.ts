// Findings people dismissed on one asset, taken out of a classification: a dismissal names a rule
// and one of its detectors, and that detector's matches stop counting for that rule on that asset.
// The rule still applies while its other detectors reach its min_matches; the label is the highest
// of the rules left. Used when a dismissal is made or undone (over the stored findings) and on
// every later classification of the asset, so both give the same answer.
import type { RuleFinding } from './finding.ts';
import type { CompiledPolicy } from './compile-policy.ts';
import type { Label } from './label-scheme.ts';
import type { RuleDefinition } from './rule-definition.ts';

export interface DismissedDetector {
  readonly rule: string;
  readonly detector: string;
}

export interface Recomputed {
  readonly label: Label;
  readonly matched_rules: readonly string[];
  readonly findings: RuleFinding[];
}

/** The detector ids a rule reports findings under: its patterns' ids and `keywords`. */
export function detectorsOf(rule: RuleDefinition): string[] {
  const ids = rule.conditions.patterns.map((p, i) => ('id' in p && p.id ? p.id : `pattern-${i + 1}`));
  return rule.conditions.keywords.length > 0 ? [...ids, 'keywords'] : ids;
}

/** `labels` resolves the label of a finding whose rule is no longer in the policy. */
export function withoutDismissed(policy: CompiledPolicy, labels: readonly Label[], findings: readonly RuleFinding[], dismissed: readonly DismissedDetector[]): Recomputed {
  const rules = new Map(policy.rules.map((r) => [r.name, r]));
  const byName = new Map(labels.map((l) => [l.name.toLowerCase(), l]));
  const off = new Set(dismissed.map((d) => `${d.rule}\u0000${d.detector}`));
  const kept: RuleFinding[] = [];
  let label = policy.defaultLabel;
  for (const f of findings) {
    const gone = (detector: string) => off.has(`${f.rule}\u0000${detector}`);
    let finding = f;
    if (f.detectors.some((d) => gone(d.id))) {
      const detectors = f.detectors.filter((d) => !gone(d.id));
      const count = detectors.reduce((n, d) => n + d.count, 0);
      if (count === 0 || count < (rules.get(f.rule)?.minMatches ?? 1)) continue;
      finding = { ...f, count, detectors, samples: f.samples.filter((s) => !gone(s.detector)) };
    }
    kept.push(finding);
    const ruleLabel = rules.get(f.rule)?.label ?? byName.get(f.label.toLowerCase());
    if (ruleLabel && ruleLabel.level > label.level) label = ruleLabel;
  }
  return { label, matched_rules: kept.map((f) => f.rule), findings: kept };
}
