// What a rule import must prove before anything is stored: every new regex proven free of
// catastrophic backtracking (regex-safety.ts), and every new keyword list within its size budget,
// compiled and exercised. Pure and synchronous: the server runs `checkItem` in a worker thread
// (server/services/rule-analyser.ts), one item at a time, with a budget for the whole request.
import { compileKeywords } from './keyword-matcher.ts';
import { provePattern } from './regex-safety.ts';
import { EMPTY_EXCLUSIONS, type Exclusions, type RuleDefinition } from './rule-definition.ts';

/** Characters of one keyword list (a rule's keywords, or one pattern's context keywords). */
export const KEYWORD_LIST_MAX_CHARS = 10_000;
/** Milliseconds one keyword list may take to compile and match its probe text. */
export const KEYWORD_EXERCISE_MAX_MS = 500;

export type SafetyItem =
  | { readonly kind: 'pattern'; readonly key: string; readonly where: string; readonly source: string; readonly flags: string }
  | { readonly kind: 'keywords'; readonly key: string; readonly where: string; readonly phrases: readonly string[] };

export const patternKey = (source: string, flags: string) => `re:${flags}/${source}`;
export const keywordsKey = (phrases: readonly string[]) => `kw:${JSON.stringify(phrases)}`;

function compiles(source: string, flags: string): boolean {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false; // compilePolicy reports the syntax error
  }
}

/** The keys of every item of these rules (to skip, at the next import, what is already stored). */
export function itemKeys(rules: readonly RuleDefinition[], exclusions: Exclusions): Set<string> {
  return new Set(safetyItems(rules, exclusions).map((i) => i.key));
}

/** Everything of these rules and exclusions that must be checked, but the items in `known`. */
export function safetyItems(rules: readonly RuleDefinition[], exclusions: Exclusions = EMPTY_EXCLUSIONS, known: ReadonlySet<string> = new Set()): SafetyItem[] {
  const items = new Map<string, SafetyItem>();
  const pattern = (source: string, flags: string, where: string) => {
    const key = patternKey(source, flags);
    if (compiles(source, flags) && !known.has(key) && !items.has(key)) items.set(key, { kind: 'pattern', key, where, source, flags });
  };
  const keywords = (phrases: readonly string[], where: string) => {
    const key = keywordsKey(phrases);
    if (phrases.length > 0 && !known.has(key) && !items.has(key)) items.set(key, { kind: 'keywords', key, where, phrases });
  };
  for (const r of rules) {
    r.conditions.patterns.forEach((p, i) => {
      pattern(p.regex, p.flags, `rule "${r.name}" pattern ${i + 1}`);
      if ('context' in p && p.context) keywords(p.context.keywords, `rule "${r.name}" pattern ${i + 1} context keywords`);
    });
    (r.conditions.exclusions?.patterns ?? []).forEach((p, i) => pattern(p, 'u', `rule "${r.name}" exclusion pattern ${i + 1}`));
    keywords(r.conditions.keywords, `rule "${r.name}" keywords`);
  }
  exclusions.patterns.forEach((p, i) => pattern(p, 'u', `workspace exclusion pattern ${i + 1}`));
  return [...items.values()];
}

/** Text a keyword list is exercised on: every phrase, and every phrase but its last character. */
function probeText(phrases: readonly string[]): string {
  return phrases.flatMap((p) => [p, p.slice(0, -1)]).join(' . ');
}

function keywordProblem(phrases: readonly string[], now: () => number): string | null {
  const chars = phrases.reduce((n, p) => n + p.length, 0);
  if (chars > KEYWORD_LIST_MAX_CHARS) return `has ${chars} characters in ${phrases.length} phrases (at most ${KEYWORD_LIST_MAX_CHARS}); use fewer or shorter phrases`;
  const started = now();
  try {
    const re = compileKeywords(phrases);
    const probe = probeText(phrases);
    if (re) while (re.exec(probe) !== null);
  } catch (err) {
    return `cannot be compiled into a matcher (${err instanceof Error ? err.message : String(err)}); use fewer or shorter phrases`;
  }
  const took = now() - started;
  if (took > KEYWORD_EXERCISE_MAX_MS) return `took ${Math.round(took)} ms to match its own phrases (at most ${KEYWORD_EXERCISE_MAX_MS}); use fewer or shorter phrases`;
  return null;
}

/** The problem with one item, or null when it is safe. `now` measures the keyword exercise. */
export function checkItem(item: SafetyItem, patternTimeoutMs: number, now: () => number): string | null {
  if (item.kind === 'keywords') return keywordProblem(item.phrases, now);
  const verdict = provePattern(item.source, item.flags, patternTimeoutMs);
  return verdict.safe ? null : (verdict.reason ?? 'refused');
}
