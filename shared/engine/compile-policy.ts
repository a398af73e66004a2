// Compiles a workspace's labels and rule definitions into a policy the engine can evaluate (one
// rule at a time: compile-rule.ts). Pure: the same definitions give the same policy on the server
// and in the agent.
import { DefinitionError } from '../errors.ts';
import { type AllowListDefinition, compileAllowList, type CompiledAllowList } from './allow-list.ts';
import { compileRule } from './compile-rule.ts';
import { type Label, schemeProblems, sortLabels } from './label-scheme.ts';
import type { ScanHost } from './scanner/scan-host.ts';
import { createSharedScanner, MAX_SCANNED_LITERALS, scannableLiteral, type SharedScanner } from './scanner/shared-scanner.ts';
import { allStarters, keywordScan } from './starters.ts';
import { acceptsFor, type StarterAccepts } from './start-positions.ts';
import { compareRules, EMPTY_EXCLUSIONS, type Exclusions, type RuleDefinition, withWorkspaceExclusions } from './rule-definition.ts';
import type { Validator } from './validators/index.ts';

/** Confidence as a number: low 0, medium 1, high 2. */
export type ConfidenceRank = 0 | 1 | 2;

export interface CompiledContext {
  /** Whole-word, case-insensitive; not global (tested on a window of text). */
  readonly re: RegExp;
  readonly window: number;
  readonly required: boolean;
  /** Starters of the context phrases (see keywordStarters); null unless every phrase is scannable (scannablePhrase). */
  readonly starters: readonly string[] | null;
  /** For each starter, the first words of the phrases it begins (see keywordWords). */
  readonly words: FirstWords | null;
  /** The same regex, global: run from the window's first character with the one before it in view (see classify.ts). */
  readonly inText: RegExp;
  /** The phrases without whole-word assertions, sticky (compileContextCore). */
  readonly core: RegExp | null;
}

/** Starter → the lower-cased first words of the phrases that begin with it. */
export type FirstWords = ReadonlyMap<string, readonly string[]>;

export interface CompiledPattern {
  readonly id: string;
  readonly re: RegExp;
  readonly group: number;
  readonly validator: Validator | null;
  readonly minEntropy: number | null;
  readonly confidence: ConfidenceRank;
  readonly context: CompiledContext | null;
  /** A literal every match contains (lower-cased when `literalIgnoreCase`): no literal, no match. */
  readonly literal: string | null;
  readonly literalIgnoreCase: boolean;
  /** Without `literal`: literals one of which every match begins with (lower-cased like it; see leadingLiterals); null when none are known. */
  readonly anyLiteral: readonly string[] | null;
  /**
   * With a literal and a bounded prefix: the same regex, sticky, tried only at the positions
   * up to `maxPrefix` code units before each occurrence of the literal (see classify.ts).
   */
  readonly sticky: RegExp | null;
  /** For a match the validator refuses: the regex forced to end earlier (shorter-match.ts); null when not retried. */
  readonly shorter: RegExp | null;
  readonly maxPrefix: number;
  /**
   * For `\b(?:word|…)` patterns (see leadingWords): the lower-cased word beginnings every match
   * starts with; the sticky regex is then tried only where the shared starter scan found one.
   */
  readonly starters: readonly string[] | null;
  /** The longest match in UTF-16 code units (Infinity when unbounded). */
  readonly maxLength: number;
  /** The fewest ASCII digits a match contains (0 when unsure). */
  readonly minDigits: number;
  /**
   * Every match starts a run of at least this many ASCII word characters (0: no such run, or too
   * short to help): the sticky regex is then tried only where such a run begins (match-start.ts).
   */
  readonly wordRun: number;
  /**
   * Every match has a digit at most this far from its start (Infinity: not so, or another prefilter
   * is better): the sticky regex is then tried only that close before the text's digits.
   */
  readonly digitPrefix: number;
  /** `\b` holds where every match starts: other positions need no try. */
  readonly boundaryStart: boolean;
}

export interface CompiledExclusions {
  /** Normalised (see normaliseValue) allow-listed values. */
  readonly values: ReadonlySet<string>;
  readonly patterns: readonly RegExp[];
  /** Lower-cased stop words. */
  readonly stopWords: readonly string[];
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
  /**
   * Lower-cased beginnings (up to STARTER_LENGTH characters) of the phrases' first words, and the
   * keyword regex made sticky: every keyword match starts with one of these, so only their
   * positions need trying. Null when a phrase is neither ASCII nor Latin-1 letters after an ASCII
   * first character (lower-casing is then not surely the same as the regex's case folding).
   */
  readonly keywordStarters: readonly string[] | null;
  /**
   * The phrases' whole first words by starter: a candidate position is tried only where one of
   * them follows in the lower-cased text (a match spells its first word out there), so "confirm"
   * does not cost a regex run for "confidential".
   */
  readonly keywordWords: FirstWords | null;
  readonly keywordsSticky: RegExp | null;
  readonly keywordConfidence: ConfidenceRank;
  readonly minMatches: number;
  readonly minConfidence: ConfidenceRank;
  readonly nameGlobs: readonly CompiledGlob[];
  readonly assetTypes: ReadonlySet<string> | null;
  readonly exclusions: CompiledExclusions;
}

export interface CompiledPolicy {
  /** The label given when no rule matches: the lowest level of the scheme. */
  readonly defaultLabel: Label;
  /** Enabled rules in evaluation order. */
  readonly rules: readonly CompiledRule[];
  /** Finds where any keyword or context starter begins, in the lower-cased content (see keywordScan). */
  readonly keywordScan: RegExp | null;
  /** Every keyword and context starter of the policy: a starter's index here names it in the scans' results. */
  readonly starters: readonly string[];
  readonly starterIds: ReadonlyMap<string, number>;
  /**
   * The shared scans (starters as keywordScan finds them, digit runs, word runs, the
   * literals' presence in the lower-cased copy) in one
   * WebAssembly pass, run in the thread's ScanHost; null when its starters need the regex.
   */
  readonly scanner: SharedScanner | null;
  /**
   * For each starter, in the order of `starters`, the starters it begins with (itself included): the scan reports the
   * longest starter at each position (longest first in its alternation), and these are all the
   * starters that begin there.
   */
  readonly startersWithin: ReadonlyMap<string, readonly string[]>;
  /** The workspace allow-list (keyed hashes); null when empty. A match it holds does not count. */
  readonly allowList: CompiledAllowList | null;
  /** The shortest `wordRun` of the policy's patterns without a digit path (Infinity: none): the length the content's word runs are found for first. */
  readonly shortestWordRun: number;
  /** For each starter list of the policy's rules, patterns and contexts (by identity), what the scan's reports mean for it (acceptsFor). */
  readonly starterAccepts: ReadonlyMap<readonly string[], StarterAccepts>;
}

/**
 * The literals mayMatch looks for, lower-cased, as many as the scanner's pass can tell: the
 * case-insensitive ones first (the pass answers for them), then the case-sensitive ones (an ASCII
 * literal whose lower-cased form is not in the lower-cased copy is not in the text, so only where
 * it is does `includes` read the text; they are chosen on their own form, before lower-casing, as
 * textIncludes asks the pass only for ASCII ones). Those of two units without a letter or digit
 * (", ", ": ") are in nearly every text, where `includes` finds them at once: they would only
 * crowd the buckets.
 */
function scannedLiterals(rules: readonly CompiledRule[]): string[] {
  const literalsOf = (p: CompiledPattern) => (p.wordRun > 0 ? [] : p.literal !== null ? [p.literal] : (p.anyLiteral ?? []));
  const patterns = rules.flatMap((r) => r.patterns);
  const ignoringCase = patterns.filter((p) => p.literalIgnoreCase).flatMap(literalsOf);
  const cased = patterns.filter((p) => !p.literalIgnoreCase).flatMap(literalsOf).filter((l) => scannableLiteral(l) && (l.length > 2 || /[A-Za-z0-9]/.test(l))).map((l) => l.toLowerCase());
  return [...new Set([...ignoringCase.filter(scannableLiteral), ...cased])].slice(0, MAX_SCANNED_LITERALS);
}

/**
 * Throws DefinitionError listing every problem (unknown label, bad regex, bad glob) at once.
 * Disabled rules are checked too, so that enabling one later cannot fail. Workspace-wide
 * exclusions apply to every rule, exactly as GET /rules serves them folded into each rule.
 * `scanHost`: the thread's scanner instance, shared by the policies it keeps (without one, the
 * policy makes its own at its first scan).
 */
export function compilePolicy(
  labels: readonly Label[],
  definitions: readonly RuleDefinition[],
  workspaceExclusions: Exclusions = EMPTY_EXCLUSIONS,
  allowList?: AllowListDefinition,
  options: { scanHost?: ScanHost } = {},
): CompiledPolicy {
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
    const compiled = compileRule(withWorkspaceExclusions(def, workspaceExclusions), label, where, problems);
    if (compiled && def.enabled) rules.push(compiled);
  }
  if (problems.length > 0) throw new DefinitionError(problems);
  const starters = allStarters(rules);
  const startersWithin = new Map(starters.map((w) => [w, starters.filter((v) => w.startsWith(v))]));
  const starterAccepts = new Map<readonly string[], StarterAccepts>();
  const accept = (list: readonly string[] | null, words: FirstWords | null, wordEnds = false) => {
    if (list && !starterAccepts.has(list)) starterAccepts.set(list, acceptsFor(startersWithin, list, words, wordEnds));
  };
  for (const r of rules) {
    // A keyword's first word is followed by a blank or a non-word character (compileKeywords).
    accept(r.keywordStarters, r.keywordWords, true);
    for (const p of r.patterns) {
      accept(p.starters, null);
      if (p.context) accept(p.context.starters, p.context.words);
    }
  }
  // Patterns that also have a digit path look for word runs only where digits are dense (rare): they find theirs then.
  const shortestWordRun = Math.min(...rules.flatMap((r) => r.patterns.map((p) => (p.wordRun > 0 && !Number.isFinite(p.digitPrefix) ? p.wordRun : Infinity))));
  return Object.freeze({
    defaultLabel: sortLabels(labels)[0]!,
    rules: Object.freeze(rules),
    keywordScan: keywordScan(starters),
    starters,
    starterIds: new Map(starters.map((w, i) => [w, i])),
    scanner: createSharedScanner(starters, shortestWordRun, { literals: scannedLiterals(rules), host: options.scanHost }),
    startersWithin,
    starterAccepts,
    shortestWordRun,
    allowList: compileAllowList(allowList),
  });
}
