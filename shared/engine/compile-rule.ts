// Compiles one rule definition: its patterns with the prefilters each can use (literal, starters,
// word runs, digits), its keywords, name globs and exclusions. Problems are collected, not thrown
// (compilePolicy reports them all at once).
import type { CompiledExclusions, CompiledGlob, CompiledPattern, CompiledRule, ConfidenceRank } from './compile-policy.ts';
import { compileContext, compileContextCore } from './context-matcher.ts';
import { compileKeywords } from './keyword-matcher.ts';
import type { Label } from './label-scheme.ts';
import { leadingLiterals, leadingWords } from './leading-words.ts';
import { minDigits } from './match-digits.ts';
import { asciiWordFlags, digitPrefix, leadingWordRun, startsAtBoundary } from './match-start.ts';
import { globToRegExp } from './name-glob.ts';
import { anchorLiteral, maxMatchLength } from './required-literal.ts';
import { type Confidence, CONFIDENCE_LEVELS, EMPTY_EXCLUSIONS, type Exclusions, type RuleDefinition } from './rule-definition.ts';
import { compileShorterMatch } from './shorter-match.ts';
import { keywordStarters, keywordWords } from './starters.ts';
import { VALIDATORS, type ValidatorName } from './validators/index.ts';

/** Confidence as a number: low 0, medium 1, high 2. */
export const rankOf = (c: Confidence | undefined, fallback: ConfidenceRank): ConfidenceRank => (c === undefined ? fallback : (CONFIDENCE_LEVELS.indexOf(c) as ConfidenceRank));

/** Shorter leading word runs are too common in prose to be worth looking up (codice fiscale: 16). */
const MIN_WORD_RUN = 12;
/** Beyond this many characters before the first digit, trying every start near each digit costs more than a scan. */
const MAX_DIGIT_PREFIX = 64;

/** More literals than this cost more to search for one by one than the pattern's own scan. */
const MAX_LEADING_LITERALS = 4;

/** How allow-listed values and matches are compared: case, spaces, dashes and dots ignored. */
export function normaliseValue(v: string): string {
  return v.replace(/[\s.\-]/g, '').toUpperCase();
}

function compileRegex(source: string, flags: string, where: string, problems: string[]): RegExp | null {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    problems.push(`${where}: invalid regular expression: ${(err as Error).message}`);
    return null;
  }
}

function compileExclusions(ex: Exclusions, where: string, problems: string[]): CompiledExclusions {
  const patterns: RegExp[] = [];
  ex.patterns.forEach((p, i) => {
    const re = compileRegex(p, 'u', `${where} exclusion pattern ${i + 1}`, problems);
    if (re) patterns.push(re);
  });
  return { values: new Set(ex.values.map(normaliseValue)), patterns, stopWords: ex.stop_words.map((w) => w.toLowerCase()) };
}

function countGroups(re: RegExp): number {
  // An alternation with the empty string always matches; exec tells how many groups there are.
  return (new RegExp(`${re.source}|`, re.flags.replace('g', '')).exec('')?.length ?? 1) - 1;
}

export function compileRule(def: RuleDefinition, label: Label | undefined, where: string, problems: string[]): CompiledRule | null {
  const patterns: CompiledPattern[] = [];
  def.conditions.patterns.forEach((p, i) => {
    const at = `${where} pattern ${i + 1}`;
    const group = 'group' in p && p.group !== undefined ? p.group : 0;
    const re = compileRegex(p.regex, `${p.flags}g${group > 0 ? 'd' : ''}`, at, problems);
    if (!re) return;
    if (group > countGroups(re)) problems.push(`${at}: group ${group} does not exist in the regular expression`);
    const full = p as Partial<Extract<typeof p, { id?: string }>> & typeof p;
    const contextRe = full.context ? compileContext(full.context.keywords)! : null;
    const context = full.context
      ? {
          re: contextRe!,
          inText: new RegExp(contextRe!.source, 'giu'),
          window: full.context.window,
          required: full.context.required,
          starters: keywordStarters(full.context.keywords),
          words: keywordWords(full.context.keywords),
          core: compileContextCore(full.context.keywords),
        }
      : null;
    const ignoreCase = p.flags.includes('i');
    const anchor = anchorLiteral(p.regex);
    // Case-insensitive prefilters are only exact for ASCII literals (toLowerCase = case folding there).
    const usable = anchor !== null && (!ignoreCase || /^[\x20-\x7e]+$/.test(anchor.literal));
    // In `u` mode one class can match a surrogate pair: count two code units per character.
    const unicode = p.flags.includes('u') || p.flags.includes('v');
    const maxPrefix = usable ? anchor.maxPrefix * (unicode ? 2 : 1) : Infinity;
    const starters = Number.isFinite(maxPrefix) ? null : leadingWords(p.regex);
    // Word runs and digits are looked up in the text as ASCII: only exact without `u`/`v` (match-start.ts).
    const ascii = starters === null && asciiWordFlags(p.flags);
    const run = ascii ? leadingWordRun(p.regex) : 0;
    const wordRun = run >= MIN_WORD_RUN ? run : 0;
    // A literal of three or more characters is rarer than a digit; a shorter one (" ", ", ") is not.
    const beforeDigit = ascii && (!usable || anchor.literal.length < 3) ? digitPrefix(p.regex) : Infinity;
    const digitsAt = beforeDigit <= MAX_DIGIT_PREFIX ? beforeDigit : Infinity;
    // A few searches of the whole text, only where nothing better applies (the starters are found once for all patterns).
    const leading = usable || starters !== null ? null : leadingLiterals(p.regex);
    const alternatives = leading !== null && leading.length <= MAX_LEADING_LITERALS ? leading : null;
    const maxLength = maxMatchLength(p.regex) * (unicode ? 2 : 1);
    patterns.push({
      id: full.id ?? `pattern-${i + 1}`,
      anyLiteral: alternatives && (ignoreCase ? alternatives.map((l) => l.toLowerCase()) : alternatives),
      literal: usable ? (ignoreCase ? anchor.literal.toLowerCase() : anchor.literal) : null,
      literalIgnoreCase: ignoreCase,
      sticky: Number.isFinite(maxPrefix) || starters !== null || wordRun > 0 || Number.isFinite(digitsAt) ? new RegExp(re.source, re.flags.replace('g', 'y')) : null,
      shorter: compileShorterMatch(re, group, full.validator !== undefined, maxLength),
      maxPrefix,
      starters,
      maxLength,
      minDigits: minDigits(p.regex),
      wordRun,
      digitPrefix: digitsAt,
      boundaryStart: ascii && startsAtBoundary(p.regex),
      re,
      group,
      validator: full.validator ? VALIDATORS[full.validator as ValidatorName] : null,
      minEntropy: full.min_entropy ?? null,
      confidence: rankOf(full.confidence, 1),
      context,
    });
  });
  const nameGlobs: CompiledGlob[] = [];
  for (const g of def.conditions.name_globs) {
    try {
      nameGlobs.push({ re: globToRegExp(g), anchoredToPath: g.includes('/') });
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}`);
    }
  }
  const exclusions = compileExclusions(def.conditions.exclusions ?? EMPTY_EXCLUSIONS, where, problems);
  if (!label) return null;
  const keywords = compileKeywords(def.conditions.keywords);
  const starters = keywordStarters(def.conditions.keywords);
  return {
    name: def.name,
    label,
    priority: def.priority,
    patterns,
    keywords,
    keywordStarters: starters,
    keywordWords: keywordWords(def.conditions.keywords),
    keywordsSticky: starters && keywords && new RegExp(keywords.source, keywords.flags.replace('g', 'y')),
    keywordConfidence: rankOf(def.conditions.keyword_confidence, 1),
    minMatches: def.conditions.min_matches,
    minConfidence: rankOf(def.conditions.min_confidence, 0),
    nameGlobs,
    assetTypes: def.conditions.asset_types.length > 0 ? new Set(def.conditions.asset_types.map((t) => t.toLowerCase())) : null,
    exclusions,
  };
}
