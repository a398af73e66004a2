// Compiles a workspace's labels and rule definitions into a policy the engine can evaluate.
// Pure: the same definitions give the same policy on the server and in the agent.
import { DefinitionError } from '../errors.ts';
import { compileKeywords } from './keyword-matcher.ts';
import { type Label, schemeProblems, sortLabels } from './label-scheme.ts';
import { globToRegExp } from './name-glob.ts';
import { compareRules, type RuleDefinition } from './rule-definition.ts';

export interface CompiledPattern {
  readonly id: string;
  readonly re: RegExp;
}

export interface CompiledGlob {
  readonly re: RegExp;
  readonly anchoredToPath: boolean;
}

export interface CompiledRule {
  readonly name: string;
  readonly label: Label;
  readonly priority: number;
  readonly patterns: readonly CompiledPattern[];
  readonly keywords: RegExp | null;
  readonly minMatches: number;
  readonly nameGlobs: readonly CompiledGlob[];
  readonly assetTypes: ReadonlySet<string> | null;
}

export interface CompiledPolicy {
  /** The label given when no rule matches: the lowest level of the scheme. */
  readonly defaultLabel: Label;
  /** Enabled rules in evaluation order. */
  readonly rules: readonly CompiledRule[];
}

function compileRegex(source: string, flags: string, where: string, problems: string[]): RegExp | null {
  try {
    return new RegExp(source, `${flags}g`);
  } catch (err) {
    problems.push(`${where}: invalid regular expression: ${(err as Error).message}`);
    return null;
  }
}

/**
 * Throws DefinitionError listing every problem (unknown label, bad regex, bad glob) at once.
 * Disabled rules are checked too, so that enabling one later cannot fail.
 */
export function compilePolicy(labels: readonly Label[], definitions: readonly RuleDefinition[]): CompiledPolicy {
  const problems = schemeProblems(labels);
  const byName = new Map(labels.map((l) => [l.name.toLowerCase(), l]));
  const seen = new Set<string>();
  const rules: CompiledRule[] = [];
  for (const def of [...definitions].sort(compareRules)) {
    const where = `rule "${def.name}"`;
    if (seen.has(def.name.toLowerCase())) problems.push(`${where}: the name is used twice`);
    seen.add(def.name.toLowerCase());
    const label = byName.get(def.label.toLowerCase());
    if (!label) problems.push(`${where}: unknown label "${def.label}"`);
    const patterns: CompiledPattern[] = [];
    def.conditions.patterns.forEach((p, i) => {
      const re = compileRegex(p.regex, p.flags, `${where} pattern ${i + 1}`, problems);
      if (re) patterns.push({ id: 'id' in p && p.id ? p.id : `pattern-${i + 1}`, re });
    });
    const nameGlobs: CompiledGlob[] = [];
    for (const g of def.conditions.name_globs) {
      try {
        nameGlobs.push({ re: globToRegExp(g), anchoredToPath: g.includes('/') });
      } catch (err) {
        problems.push(`${where}: ${(err as Error).message}`);
      }
    }
    if (!label || !def.enabled) continue;
    rules.push({
      name: def.name,
      label,
      priority: def.priority,
      patterns,
      keywords: compileKeywords(def.conditions.keywords),
      minMatches: def.conditions.min_matches,
      nameGlobs,
      assetTypes: def.conditions.asset_types.length > 0 ? new Set(def.conditions.asset_types.map((t) => t.toLowerCase())) : null,
    });
  }
  if (problems.length > 0) throw new DefinitionError(problems);
  return Object.freeze({ defaultLabel: sortLabels(labels)[0]!, rules: Object.freeze(rules) });
}
