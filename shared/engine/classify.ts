// The classification engine: evaluates a compiled policy against one asset. Pure and
// deterministic; the server and the agent call exactly this function.
import type { CompiledPolicy, CompiledRule } from './compile-policy.ts';
import type { Label } from './label-scheme.ts';
import { matchesGlob } from './name-glob.ts';

export interface AssetInput {
  readonly name: string;
  readonly asset_type?: string | null | undefined;
  readonly content?: string | null | undefined;
}

export interface RuleFinding {
  readonly rule: string;
  readonly label: string;
  readonly count: number;
}

export interface Classification {
  readonly label: Label;
  /** Names of the matched rules in priority order. */
  readonly matched_rules: readonly string[];
  /** Per matched rule, how many times its patterns and keywords matched. */
  readonly findings: readonly RuleFinding[];
}

/** Upper bound on counted matches per regex, so one pathological pattern cannot loop for long. */
export const MAX_COUNTED_MATCHES = 100_000;

function countMatches(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let count = 0;
  let m: RegExpExecArray | null;
  while (count < MAX_COUNTED_MATCHES && (m = re.exec(text)) !== null) {
    count++;
    if (m[0].length === 0) re.lastIndex++;
  }
  re.lastIndex = 0;
  return count;
}

function appliesTo(rule: CompiledRule, asset: AssetInput): boolean {
  if (rule.assetTypes && !rule.assetTypes.has((asset.asset_type ?? '').toLowerCase())) return false;
  if (rule.nameGlobs.length > 0 && !rule.nameGlobs.some((g) => matchesGlob(g.re, g.anchoredToPath, asset.name))) return false;
  return true;
}

function ruleMatchCount(rule: CompiledRule, content: string): number {
  // A rule made only of name/type filters applies once to every asset that passes them.
  if (rule.patterns.length === 0 && rule.keywords === null) return 1;
  let count = 0;
  for (const p of rule.patterns) count += countMatches(p.re, content);
  if (rule.keywords) count += countMatches(rule.keywords, content);
  return count;
}

export function classify(policy: CompiledPolicy, asset: AssetInput): Classification {
  const content = asset.content ?? '';
  const findings: RuleFinding[] = [];
  let label = policy.defaultLabel;
  for (const rule of policy.rules) {
    if (!appliesTo(rule, asset)) continue;
    const count = ruleMatchCount(rule, content);
    if (count < rule.minMatches) continue;
    findings.push({ rule: rule.name, label: rule.label.name, count });
    if (rule.label.level > label.level) label = rule.label;
  }
  return { label, matched_rules: findings.map((f) => f.rule), findings };
}
