// Finds the matches of one pattern in the content, in order, exactly as a global scan of the whole
// text would, using the prefilters compile-policy.ts prepared: starter positions, an anchor
// literal, or the regions near a required context phrase.
import type { CompiledPattern, CompiledPolicy } from './compile-policy.ts';
import { digitCount, digitRuns, wordRunStarts } from './ascii-runs.ts';
import { type Content, lowerKeepsLength, lowerOf, wordsText } from './content-scan.ts';
import { contextHits, scannable, startPositions } from './start-positions.ts';
import { forEachMatchNear, regionsNear } from './near-context.ts';
import { boundaryAt } from './word-boundary.ts';

/** Upper bound on counted matches per regex, so one noisy pattern cannot loop for long. */
export const MAX_COUNTED_MATCHES = 100_000;
/**
 * An anchored pattern whose literal needs more than one try per this many characters, after this
 * many tries, scans the rest of the text with its global regex instead (see forEachMatch).
 */
export const DENSE_LITERAL_SPACING = 32;
export const DENSE_LITERAL_ATTEMPTS = 256;

/**
 * Tries the sticky regex at each of `starts` (ascending) that no earlier match covers: when every
 * match begins at one of them, this finds the global scan's matches, in order.
 */
function forEachMatchAt(re: RegExp, text: string, starts: readonly number[], onMatch: (m: RegExpExecArray) => void): void {
  let seen = 0;
  let from = 0;
  for (const s of starts) {
    if (s < from) continue;
    re.lastIndex = s;
    const m = re.exec(text);
    if (m === null || m[0].length === 0) continue;
    onMatch(m);
    from = s + m[0].length;
    if (++seen >= MAX_COUNTED_MATCHES) break;
  }
  re.lastIndex = 0;
}

/**
 * For a pattern whose matches each hold a digit at most `p.digitPrefix` from their start: tries the
 * sticky regex at every start that close before a run of digits (where `\b` holds, when every match
 * begins there), in order, going on after each match from its end: the global scan's matches.
 */
function forEachMatchBeforeDigits(p: CompiledPattern, text: string, words: string, runs: ArrayLike<number>, onMatch: (m: RegExpExecArray) => void): void {
  const re = p.sticky!;
  let seen = 0;
  let next = 0; // no match may start before this: positions before it are tried or covered by a match
  for (let i = 0; i < runs.length && seen < MAX_COUNTED_MATCHES; i += 2) {
    const last = runs[i + 1]! - 1;
    for (let s = Math.max(next, runs[i]! - p.digitPrefix); s <= last && seen < MAX_COUNTED_MATCHES; s++) {
      next = s + 1;
      if (p.boundaryStart && !boundaryAt(words, s)) continue;
      re.lastIndex = s;
      const m = re.exec(text);
      if (m === null || m[0].length === 0) continue;
      seen++;
      onMatch(m);
      next = s + m[0].length;
      s = next - 1;
    }
  }
  re.lastIndex = 0;
}

const isHighSurrogate = (s: string, i: number) => i >= 0 && (s.charCodeAt(i) & 0xfc00) === 0xd800;
const isLowSurrogate = (s: string, i: number) => (s.charCodeAt(i) & 0xfc00) === 0xdc00;

/**
 * Calls `onMatch` for each match of `p`, in order, as a global scan would find them.
 * With an anchor literal and a bounded prefix, only the positions at most `maxPrefix` before an
 * occurrence of the literal are tried (sticky): every match contains the literal that close to
 * its start, and trying candidate starts in increasing order finds the same leftmost-first
 * matches as the scan, without running the regex over the text in between.
 */
export function forEachMatch(policy: CompiledPolicy, p: CompiledPattern, content: Content, onMatch: (m: RegExpExecArray) => void): void {
  const text = content.text;
  if (p.starters && p.sticky && policy.keywordScan && lowerKeepsLength(content)) {
    // Every match begins with one of the starters at a word start: try those positions in order.
    forEachMatchAt(p.sticky, text, startPositions(policy, p.starters, content), onMatch);
    return;
  }
  if (Number.isFinite(p.digitPrefix) && p.sticky) {
    // Digits are rare in most text: near them only, unless there is a run of them every 32 characters.
    const runs = digitRuns(content);
    if ((runs.length / 2) * DENSE_LITERAL_SPACING <= text.length) {
      forEachMatchBeforeDigits(p, text, wordsText(content), runs, onMatch);
      return;
    }
  }
  if (p.wordRun > 0 && p.sticky) {
    // Every match is (the start of) a long run of word characters: only where one begins.
    forEachMatchAt(p.sticky, text, wordRunStarts(content, policy.shortestWordRun, p.wordRun), onMatch);
    return;
  }
  const ctx = p.context;
  if (ctx?.required && p.literal === null && Number.isFinite(p.maxLength) && p.minDigits > 0 && scannable(policy, ctx, content)) {
    // Matches do not overlap and each holds minDigits digits: with fewer than MAX_COUNTED_MATCHES of
    // them, the whole-text scan could not stop early, so scanning only near the phrases is exact.
    if (digitCount(content) / p.minDigits < MAX_COUNTED_MATCHES) {
      forEachMatchNear(p.re, text, regionsNear(contextHits(policy, ctx, content), ctx.window, p.maxLength, text.length), p.maxLength, onMatch);
      return;
    }
  }
  const haystack = p.sticky && p.literalIgnoreCase ? lowerOf(content) : text;
  let seen = 0;
  let resumeAt = 0; // where the global scan starts; -1: the anchored tries found every match
  if (p.sticky && p.literal !== null && haystack.length === text.length) {
    const re = p.sticky;
    let from = 0; // no match may start before this (end of the previous match)
    let tried = -1; // last start position tried
    let attempts = 0;
    resumeAt = -1;
    for (let q = haystack.indexOf(p.literal); q >= 0 && seen < MAX_COUNTED_MATCHES; q = haystack.indexOf(p.literal, q + 1)) {
      if (q < from) continue;
      if (attempts > DENSE_LITERAL_ATTEMPTS && attempts * DENSE_LITERAL_SPACING > q) {
        // The literal is common (a space, ": "): one pass of the regex costs less than a try per
        // occurrence. Every position before tried + 1 is settled (tried, inside a match, or too far
        // from any occurrence to begin one), so the scan goes on from there with the same matches.
        resumeAt = Math.max(from, tried + 1);
        // A global scan in `u` mode never starts between the halves of a surrogate pair.
        if (re.unicode && isLowSurrogate(text, resumeAt) && isHighSurrogate(text, resumeAt - 1)) resumeAt++;
        break;
      }
      for (let s = Math.max(from, tried + 1, q - p.maxPrefix); s <= q; s++) {
        tried = s;
        attempts++;
        re.lastIndex = s;
        const m = re.exec(text);
        if (m === null || m[0].length === 0) continue;
        seen++;
        onMatch(m);
        from = s + m[0].length;
        tried = from - 1;
        break;
      }
    }
    re.lastIndex = 0;
    if (resumeAt < 0) return;
  }
  const re = p.re;
  re.lastIndex = resumeAt;
  let m: RegExpExecArray | null;
  while (seen < MAX_COUNTED_MATCHES && (m = re.exec(text)) !== null) {
    seen++;
    if (m[0].length === 0) re.lastIndex++;
    else onMatch(m);
  }
  re.lastIndex = 0;
}
