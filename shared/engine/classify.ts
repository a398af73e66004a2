// The classification engine: evaluates a compiled policy against one asset. Pure and
// deterministic; the server and the agent call exactly this function.
import type { CompiledContext, CompiledExclusions, CompiledPattern, CompiledPolicy, CompiledRule, ConfidenceRank } from './compile-policy.ts';
import { normaliseValue } from './compile-rule.ts';
import type { DetectorCount, RuleFinding } from './finding.ts';
import { isAllowListed } from './allow-list.ts';
import type { Label } from './label-scheme.ts';
import { type Content, contentOf, lowerIncludes, lowerKeepsLength, textIncludes } from './content-scan.ts';
import { contextFound, scannable, startPositions } from './start-positions.ts';
import { maskValue } from './mask.ts';
import { matchesGlob } from './name-glob.ts';
import { forEachMatch, MAX_COUNTED_MATCHES } from './pattern-matches.ts';
import { CONFIDENCE_LEVELS } from './rule-definition.ts';
import { forEachShorterMatch } from './shorter-match.ts';
import { holdsStopWord } from './stop-words.ts';
import { shannonEntropy } from './validators/index.ts';

export interface AssetInput {
  readonly name: string;
  readonly asset_type?: string | null | undefined;
  readonly content?: string | null | undefined;
}

export interface Classification {
  readonly label: Label;
  /** Names of the matched rules in priority order. */
  readonly matched_rules: readonly string[];
  /** Per matched rule: counts, confidence, per-detector counts and up to five masked samples (the API's `findings`). */
  readonly findings: RuleFinding[];
}

export { DENSE_LITERAL_ATTEMPTS, DENSE_LITERAL_SPACING, MAX_COUNTED_MATCHES } from './pattern-matches.ts';
export const MAX_SAMPLES = 5;
export const KEYWORDS_DETECTOR = 'keywords';

interface Hit {
  readonly detector: string;
  readonly offset: number;
  readonly length: number;
  readonly raw: string;
}

/** Keeps the first MAX_SAMPLES hits by offset. */
function addSample(samples: Hit[], hit: Hit): void {
  if (samples.length === MAX_SAMPLES && hit.offset >= samples[MAX_SAMPLES - 1]!.offset) return;
  let i = samples.length;
  while (i > 0 && samples[i - 1]!.offset > hit.offset) i--;
  samples.splice(i, 0, hit);
  if (samples.length > MAX_SAMPLES) samples.pop();
}

function excluded(value: string, ex: CompiledExclusions, checkStopWords: boolean): boolean {
  if (ex.values.size > 0 && ex.values.has(normaliseValue(value))) return true;
  for (const re of ex.patterns) if (re.test(value)) return true;
  return checkStopWords && ex.stopWords.length > 0 && holdsStopWord(value, ex.stopWords);
}

/**
 * Whether a context phrase lies in the window (whole words): the window is cut from the text with
 * the character before it (two for a surrogate pair), and the search starts after that, so a
 * phrase at the window's first character is a word only if the text's character before it says so.
 * (A bare window made the tail of a longer word, "xssn", count as "SSN" there, which the shared
 * scan, which knows the whole text, does not report: the prefilters and the regex disagreed.)
 */
function contextInWindow(ctx: CompiledContext, text: string, from: number, to: number): boolean {
  const before = from === 0 ? 0 : from > 1 && (text.charCodeAt(from - 1) & 0xfc00) === 0xdc00 && (text.charCodeAt(from - 2) & 0xfc00) === 0xd800 ? 2 : 1;
  const re = ctx.inText;
  re.lastIndex = before;
  const found = re.exec(text.slice(from - before, to)) !== null;
  re.lastIndex = 0;
  return found;
}

/** The confidence of one accepted match, or -1 when it does not count. */
function matchConfidence(p: CompiledPattern, text: string, start: number, end: number): number {
  if (!p.context) return p.confidence;
  const supported = contextInWindow(p.context, text, Math.max(0, start - p.context.window), Math.min(text.length, end + p.context.window));
  if (p.context.required && !supported) return -1;
  return supported ? Math.min(2, p.confidence + 1) : p.confidence;
}

interface RuleTally {
  count: number;
  best: number;
  readonly detectors: DetectorCount[];
  readonly samples: Hit[];
}

/**
 * False when the pattern's literal (or each of the literals a match can begin with) is not in the
 * text. A pattern tried only at long word runs skips the check: finding those costs less than a
 * search of the whole text.
 */
function mayMatch(p: CompiledPattern, content: Content): boolean {
  if (p.wordRun > 0) return true;
  // Case-insensitive literals are looked for in the lower-cased copy, case-sensitive ones in the
  // text unless the policy's scanner found their lower-cased form nowhere in the copy.
  const present = p.literalIgnoreCase ? (l: string) => lowerIncludes(content, l) : (l: string) => textIncludes(content, l);
  if (p.literal !== null) return present(p.literal);
  return p.anyLiteral === null || p.anyLiteral.some(present);
}


/**
 * False when a pattern needs a context phrase and none can occur: a phrase begins with its starter
 * at a word start, which the shared scan would have found, and the phrase must follow there.
 */
function contextPossible(policy: CompiledPolicy, p: CompiledPattern, content: Content): boolean {
  const ctx = p.context;
  if (!ctx?.required || !scannable(policy, ctx, content)) return true;
  return contextFound(policy, ctx, content);
}

const COUNTED = 1;
const DROPPED = 0;
const REFUSED = -1;

/** Whether one match counts (and is sampled), is dropped by a check, or is refused by the validator. */
function judgeMatch(policy: CompiledPolicy, rule: CompiledRule, p: CompiledPattern, text: string, tally: RuleTally, m: RegExpExecArray): number {
  const raw = p.group > 0 ? m[p.group] : m[0];
  if (raw === undefined || raw.length === 0) return DROPPED;
  const offset = p.group > 0 ? m.indices![p.group]![0] : m.index;
  // Context first: a regex over a short window costs less than some validators (phone metadata).
  const confidence = matchConfidence(p, text, m.index, m.index + m[0].length);
  if (confidence < rule.minConfidence) return DROPPED;
  if (p.validator && !p.validator(raw)) return REFUSED;
  if (p.minEntropy !== null && shannonEntropy(raw) < p.minEntropy) return DROPPED;
  if (excluded(raw, rule.exclusions, true)) return DROPPED;
  if (policy.allowList && isAllowListed(policy.allowList, p.id, raw)) return DROPPED;
  if (confidence > tally.best) tally.best = confidence;
  addSample(tally.samples, { detector: p.id, offset, length: raw.length, raw });
  return COUNTED;
}

function evaluatePattern(policy: CompiledPolicy, rule: CompiledRule, p: CompiledPattern, content: Content, tally: RuleTally): void {
  if (!mayMatch(p, content) || !contextPossible(policy, p, content)) return;
  const text = content.text;
  let count = 0;
  forEachMatch(policy, p, content, (m) => {
    let verdict = judgeMatch(policy, rule, p, text, tally, m);
    // A refused match is judged again at its longest shorter end that the validator accepts (shorter-match.ts).
    if (verdict === REFUSED && p.shorter) forEachShorterMatch(p.shorter, text, m.index, m.index + m[0].length, (s) => (verdict = judgeMatch(policy, rule, p, text, tally, s)) === REFUSED);
    if (verdict === COUNTED) count++;
  });
  if (count > 0) {
    tally.count += count;
    tally.detectors.push({ id: p.id, count });
  }
}

/**
 * Keyword matches in order. Every phrase starts with its first word, so with starters the sticky
 * regex is tried only where one of them occurs; otherwise the regex scans the whole text.
 */
function forEachKeywordMatch(policy: CompiledPolicy, rule: CompiledRule, content: Content, onMatch: (m: RegExpExecArray) => boolean): void {
  const text = content.text;
  if (rule.keywordStarters && rule.keywordsSticky && policy.keywordScan && lowerKeepsLength(content)) {
    const re = rule.keywordsSticky;
    let from = 0;
    for (const s of startPositions(policy, rule.keywordStarters, content, rule.keywordWords)) {
      if (s < from) continue;
      re.lastIndex = s;
      const m = re.exec(text);
      if (m === null) continue;
      from = s + m[0].length;
      if (!onMatch(m)) break;
    }
    re.lastIndex = 0;
    return;
  }
  const re = rule.keywords!;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) if (!onMatch(m)) break;
  re.lastIndex = 0;
}

function evaluateKeywords(policy: CompiledPolicy, rule: CompiledRule, content: Content, tally: RuleTally): void {
  if (rule.keywordConfidence < rule.minConfidence) return;
  let count = 0;
  forEachKeywordMatch(policy, rule, content, (m) => {
    if (excluded(m[0], rule.exclusions, false)) return true;
    if (policy.allowList && isAllowListed(policy.allowList, KEYWORDS_DETECTOR, m[0])) return true;
    count++;
    addSample(tally.samples, { detector: KEYWORDS_DETECTOR, offset: m.index, length: m[0].length, raw: m[0] });
    return count < MAX_COUNTED_MATCHES;
  });
  if (count > 0) {
    tally.count += count;
    tally.best = Math.max(tally.best, rule.keywordConfidence);
    tally.detectors.push({ id: KEYWORDS_DETECTOR, count });
  }
}

function appliesTo(rule: CompiledRule, asset: AssetInput): boolean {
  if (rule.assetTypes && !rule.assetTypes.has((asset.asset_type ?? '').toLowerCase())) return false;
  if (rule.nameGlobs.length > 0 && !rule.nameGlobs.some((g) => matchesGlob(g.re, g.anchoredToPath, asset.name))) return false;
  return true;
}

function evaluateRule(policy: CompiledPolicy, rule: CompiledRule, asset: AssetInput, content: Content): RuleFinding | null {
  if (!appliesTo(rule, asset)) return null;
  // A rule made only of name/type filters applies once, with high confidence, to every asset that passes them.
  if (rule.patterns.length === 0 && rule.keywords === null) {
    return { rule: rule.name, label: rule.label.name, count: 1, confidence: 'high', detectors: [], samples: [] };
  }
  const tally: RuleTally = { count: 0, best: -1, detectors: [], samples: [] };
  for (const p of rule.patterns) evaluatePattern(policy, rule, p, content, tally);
  if (rule.keywords) evaluateKeywords(policy, rule, content, tally);
  if (tally.count < rule.minMatches || tally.count === 0) return null;
  return {
    rule: rule.name,
    label: rule.label.name,
    count: tally.count,
    confidence: CONFIDENCE_LEVELS[tally.best as ConfidenceRank],
    detectors: tally.detectors,
    samples: tally.samples.map((h) => ({ detector: h.detector, value: maskValue(h.raw, h.detector), offset: h.offset, length: h.length })),
  };
}

/** `onRule` is told the index (in policy.rules) of each rule before it is evaluated: a watchdog can name a slow one. */
export function classify(policy: CompiledPolicy, asset: AssetInput, onRule?: (index: number) => void): Classification {
  const content = contentOf(asset.content ?? '', policy.scanner);
  const findings: RuleFinding[] = [];
  let label = policy.defaultLabel;
  for (let i = 0; i < policy.rules.length; i++) {
    const rule = policy.rules[i]!;
    onRule?.(i);
    const finding = evaluateRule(policy, rule, asset, content);
    if (!finding) continue;
    findings.push(finding);
    if (rule.label.level > label.level) label = rule.label;
  }
  return { label, matched_rules: findings.map((f) => f.rule), findings };
}
