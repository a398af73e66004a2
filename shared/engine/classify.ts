// The classification engine: evaluates a compiled policy against one asset. Pure and
// deterministic; the server and the agent call exactly this function.
import type { CompiledExclusions, CompiledPattern, CompiledPolicy, CompiledRule, ConfidenceRank } from './compile-policy.ts';
import { normaliseValue } from './compile-policy.ts';
import type { Label } from './label-scheme.ts';
import { maskValue } from './mask.ts';
import { matchesGlob } from './name-glob.ts';
import { type Confidence, CONFIDENCE_LEVELS } from './rule-definition.ts';
import { shannonEntropy } from './validators/index.ts';

export interface AssetInput {
  readonly name: string;
  readonly asset_type?: string | null | undefined;
  readonly content?: string | null | undefined;
}

export interface MatchSample {
  readonly detector: string;
  /** The matched value, masked; the raw value never leaves the engine. */
  readonly value: string;
  /** Position in the content, in UTF-16 code units. */
  readonly offset: number;
  readonly length: number;
}

export interface DetectorCount {
  readonly id: string;
  readonly count: number;
}

export interface RuleFinding {
  readonly rule: string;
  readonly label: string;
  readonly count: number;
  readonly confidence: Confidence;
  readonly detectors: readonly DetectorCount[];
  readonly samples: readonly MatchSample[];
}

export interface Classification {
  readonly label: Label;
  /** Names of the matched rules in priority order. */
  readonly matched_rules: readonly string[];
  /** Per matched rule: counts, confidence, per-detector counts and up to five masked samples. */
  readonly findings: readonly RuleFinding[];
}

/** Upper bound on counted matches per regex, so one noisy pattern cannot loop for long. */
export const MAX_COUNTED_MATCHES = 100_000;
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
  if (checkStopWords && ex.stopWords.length > 0) {
    const lower = value.toLowerCase();
    for (const w of ex.stopWords) if (lower.includes(w)) return true;
  }
  return false;
}

/** The confidence of one accepted match, or -1 when it does not count. */
function matchConfidence(p: CompiledPattern, text: string, start: number, end: number): number {
  if (!p.context) return p.confidence;
  const window = text.slice(Math.max(0, start - p.context.window), Math.min(text.length, end + p.context.window));
  const supported = p.context.re.test(window);
  if (p.context.required && !supported) return -1;
  return supported ? Math.min(2, p.confidence + 1) : p.confidence;
}

interface RuleTally {
  count: number;
  best: number;
  readonly detectors: DetectorCount[];
  readonly samples: Hit[];
}

/** The content, and its lower-cased copy made only if a case-insensitive prefilter needs it. */
interface Content {
  readonly text: string;
  lower: string | null;
}

/** Lower-cased for ASCII prefilters; `ſ` is the one non-ASCII letter that case-folds to ASCII without lower-casing to it. */
function lowerOf(content: Content): string {
  if (content.lower === null) {
    const lower = content.text.toLowerCase();
    content.lower = lower.includes('ſ') ? lower.replaceAll('ſ', 's') : lower;
  }
  return content.lower;
}

function mayMatch(p: CompiledPattern, content: Content): boolean {
  if (p.literal === null) return true;
  return p.literalIgnoreCase ? lowerOf(content).includes(p.literal) : content.text.includes(p.literal);
}

function mayMatchKeywords(rule: CompiledRule, content: Content): boolean {
  if (rule.keywordTriggers === null) return true;
  const lower = lowerOf(content);
  return rule.keywordTriggers.some((w) => lower.includes(w));
}

function evaluatePattern(rule: CompiledRule, p: CompiledPattern, content: Content, tally: RuleTally): void {
  if (!mayMatch(p, content)) return;
  const text = content.text;
  const re = p.re;
  re.lastIndex = 0;
  let count = 0;
  let seen = 0;
  let m: RegExpExecArray | null;
  while (seen < MAX_COUNTED_MATCHES && (m = re.exec(text)) !== null) {
    seen++;
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const raw = p.group > 0 ? m[p.group] : m[0];
    if (raw === undefined || raw.length === 0) continue;
    const offset = p.group > 0 ? m.indices![p.group]![0] : m.index;
    if (p.validator && !p.validator(raw)) continue;
    if (p.minEntropy !== null && shannonEntropy(raw) < p.minEntropy) continue;
    if (excluded(raw, rule.exclusions, true)) continue;
    const confidence = matchConfidence(p, text, m.index, m.index + m[0].length);
    if (confidence < rule.minConfidence) continue;
    count++;
    if (confidence > tally.best) tally.best = confidence;
    addSample(tally.samples, { detector: p.id, offset, length: raw.length, raw });
  }
  re.lastIndex = 0;
  if (count > 0) {
    tally.count += count;
    tally.detectors.push({ id: p.id, count });
  }
}

function evaluateKeywords(rule: CompiledRule, re: RegExp, text: string, tally: RuleTally): void {
  if (rule.keywordConfidence < rule.minConfidence) return;
  re.lastIndex = 0;
  let count = 0;
  let m: RegExpExecArray | null;
  while (count < MAX_COUNTED_MATCHES && (m = re.exec(text)) !== null) {
    if (excluded(m[0], rule.exclusions, false)) continue;
    count++;
    addSample(tally.samples, { detector: KEYWORDS_DETECTOR, offset: m.index, length: m[0].length, raw: m[0] });
  }
  re.lastIndex = 0;
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

function evaluateRule(rule: CompiledRule, asset: AssetInput, content: Content): RuleFinding | null {
  if (!appliesTo(rule, asset)) return null;
  // A rule made only of name/type filters applies once, with high confidence, to every asset that passes them.
  if (rule.patterns.length === 0 && rule.keywords === null) {
    return { rule: rule.name, label: rule.label.name, count: 1, confidence: 'high', detectors: [], samples: [] };
  }
  const tally: RuleTally = { count: 0, best: -1, detectors: [], samples: [] };
  for (const p of rule.patterns) evaluatePattern(rule, p, content, tally);
  if (rule.keywords && mayMatchKeywords(rule, content)) evaluateKeywords(rule, rule.keywords, content.text, tally);
  if (tally.count < rule.minMatches || tally.count === 0) return null;
  return {
    rule: rule.name,
    label: rule.label.name,
    count: tally.count,
    confidence: CONFIDENCE_LEVELS[tally.best as ConfidenceRank],
    detectors: tally.detectors,
    samples: tally.samples.map((h) => ({ detector: h.detector, value: maskValue(h.raw), offset: h.offset, length: h.length })),
  };
}

export function classify(policy: CompiledPolicy, asset: AssetInput): Classification {
  const content: Content = { text: asset.content ?? '', lower: null };
  const findings: RuleFinding[] = [];
  let label = policy.defaultLabel;
  for (const rule of policy.rules) {
    const finding = evaluateRule(rule, asset, content);
    if (!finding) continue;
    findings.push(finding);
    if (rule.label.level > label.level) label = rule.label;
  }
  return { label, matched_rules: findings.map((f) => f.rule), findings };
}
