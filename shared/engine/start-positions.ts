// Where a keyword or context phrase list's phrases can begin in a content: the shared starter
// scan's positions (content-scan.ts), kept only where one of the list's first words follows (and
// ends, for the keyword lists), and for contexts where the phrase itself matches.
import type { CompiledContext, CompiledPolicy, FirstWords } from './compile-policy.ts';
import { type Content, keywordCandidates, lowerCodeAt, lowerKeepsLength } from './content-scan.ts';
import { isWordCode } from './word-boundary.ts';

/**
 * For a list of starters: each starter the shared scan can report (the longest at its position)
 * that begins with one of them, by its index in the policy's starters, the first words to check
 * there (null: none to check), whether each of those words must end there (a code point that
 * is not a word character of the list's `iu` regex, or the end of the text, right after it), and
 * how many leading units of each word the starter's presence already proves: a word agrees with
 * the reported starter in its first min(word length, this) units (the starter's length when every
 * word begins or extends it, as acceptsFor keeps them; 0: every unit is compared).
 */
export type StarterAccepts = ReadonlyArray<readonly [number, readonly string[] | null, boolean, number]>;

/**
 * `startersWithin` holds every starter of the policy, in the order of their indexes. `wordEnds`:
 * the list's regex requires, right after every phrase's first word, a code point that is not
 * `[\p{L}\p{N}_]` under its `iu` flags, or the end (true of every keyword list, keyword-matcher.ts:
 * a phrase is `word[\s\u00a0]+…` or `word(?![\p{L}\p{N}_])`; not of the context lists, whose
 * words may run together or take a plural ending).
 */
export function acceptsFor(startersWithin: ReadonlyMap<string, readonly string[]>, starters: readonly string[], words: FirstWords | null, wordEnds = false): StarterAccepts {
  const wanted = new Set(starters);
  const accepts: Array<readonly [number, readonly string[] | null, boolean, number]> = [];
  let index = 0;
  for (const [starter, shorter] of startersWithin) {
    // The scan reports the longest starter at a position; the shorter ones that begin it are there too.
    const within = shorter.filter((v) => wanted.has(v));
    if (within.length > 0) {
      const firstWords = words ? wordsToCheck(starter, within.flatMap((v) => words.get(v) ?? []), wordEnds) : null;
      if (firstWords === null || firstWords.length > 0) accepts.push([index, firstWords, firstWords !== null && wordEnds, starter.length]);
    }
    index++;
  }
  return accepts;
}

/**
 * The first words worth checking where `starter` begins: none (null) when one of them begins the
 * starter (it is there already, as "do" is where "docum" is) and need not end there, otherwise
 * those that begin or extend it (a word that does neither cannot be there; an empty list: no
 * position can pass). A word that must end there and begins the starter before an ASCII word
 * character of it ("no" in "not") never does: whatever unit of the text lower-cases to that
 * character is a word character of the `iu` regex too (the letter in either case, the Kelvin sign, ſ).
 */
function wordsToCheck(starter: string, words: readonly string[], wordEnds: boolean): readonly string[] | null {
  if (!wordEnds && words.some((w) => starter.startsWith(w))) return null;
  // Asked only of a word that begins the starter, so only where it must end (the return above).
  const canEnd = (w: string) => w.length >= starter.length || !isWordCode(starter.charCodeAt(w.length));
  return [...new Set(words.filter((w) => (starter.startsWith(w) && canEnd(w)) || w.startsWith(starter)))];
}

/**
 * The candidate positions where one of these starters begins, ascending; with `words`, only those
 * where one of the starters' first words follows in full (the lower-cased text has the same
 * positions as the text), and ends there where the list's regex requires it (acceptsFor). Only
 * where lower-casing keeps every position (lowerKeepsLength), as its callers check.
 */
export function startPositions(policy: CompiledPolicy, starters: readonly string[], content: Content, words: FirstWords | null = null): readonly number[] {
  const { offsets, positions } = keywordCandidates(policy, content);
  if (positions.length === 0) return NONE;
  const accepts = acceptsOf(policy, starters, words);
  const out: number[] = [];
  let groups = 0; // how many starters' positions went in: more than one needs sorting
  for (const [index, firstWords, ended, held] of accepts) {
    const from = offsets[index]!;
    const to = offsets[index + 1]!;
    if (from === to) continue;
    groups++;
    for (let i = from; i < to; i++) if (firstWords === null || startsWithOne(content, positions[i]!, firstWords, ended, held)) out.push(positions[i]!);
  }
  if (out.length === 0) return NONE;
  return groups > 1 ? out.sort((x, y) => x - y) : out;
}

export const NONE: readonly number[] = Object.freeze([]);

/**
 * The accepts compilePolicy made for this list. A list it did not see (a policy put together
 * otherwise) gets them without the first-word end check, which it cannot know applies: that keeps
 * more positions, so the result is the same, only the keyword lists' saving is lost.
 */
function acceptsOf(policy: CompiledPolicy, starters: readonly string[], words: FirstWords | null): StarterAccepts {
  return policy.starterAccepts.get(starters) ?? acceptsFor(policy.startersWithin, starters, words);
}

/** A word character as a keyword list's `iu` regex sees it (with case folding: U+0345 folds to ι). */
const UNICODE_WORD = /^[\p{L}\p{N}_]/iu;

/** Whether the text ends at `at` or the code point there is not a word character of the keyword regexes. */
function wordEndsAt(text: string, at: number): boolean {
  if (at >= text.length) return true;
  const c = text.charCodeAt(at);
  if (c < 0x80) return !isWordCode(c);
  return !UNICODE_WORD.test(String.fromCodePoint(text.codePointAt(at)!));
}

/**
 * Whether one of `words` (lower-cased Latin-1, as keywordWords makes them) is in the lower-cased
 * text at `at` (and ends there in the text when `ended`), its first min(word length, `held`)
 * units not compared: the reported starter holds them (StarterAccepts). A loop over the units
 * (lowerCodeAt: the copy need not be made) rather than `startsWith`, which V8 calls rather than
 * inlines: most positions differ at the first unit after the starter ("configuration" for "confidential").
 */
function startsWithOne(content: Content, at: number, words: readonly string[], ended: boolean, held: number): boolean {
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    let i = Math.min(w.length, held);
    while (i < w.length && lowerCodeAt(content, at + i) === w.charCodeAt(i)) i++;
    if (i === w.length && (!ended || wordEndsAt(content.text, at + w.length))) return true;
  }
  return false;
}

/** True when the shared scan can tell where the phrases of `ctx` begin (plain ASCII phrases; lower-casing keeps every position). */
export function scannable(policy: CompiledPolicy, ctx: CompiledContext, content: Content): boolean {
  return ctx.starters !== null && ctx.core !== null && policy.keywordScan !== null && lowerKeepsLength(content);
}

/**
 * Where a phrase of `ctx` can begin, ascending (call only when `scannable`): a phrase that a
 * window's regex finds begins with its starter at a word start, which the shared scan reports, and
 * from there the phrase, without the whole-word assertions, matches the whole text.
 */
export function contextHits(policy: CompiledPolicy, ctx: CompiledContext, content: Content): readonly number[] {
  const core = ctx.core!;
  const cached = content.contextHits.get(core.source);
  if (cached) return cached;
  const hits: number[] = [];
  for (const c of startPositions(policy, ctx.starters!, content, ctx.words)) {
    core.lastIndex = c;
    if (core.test(content.text)) hits.push(c);
  }
  core.lastIndex = 0;
  content.contextHits.set(core.source, hits);
  return hits;
}

/**
 * Whether contextHits would find a phrase of `ctx` (call only when `scannable`), stopping at the
 * first one: no list is built or sorted when the answer is all that is needed.
 */
export function contextFound(policy: CompiledPolicy, ctx: CompiledContext, content: Content): boolean {
  const core = ctx.core!;
  const listed = content.contextHits.get(core.source);
  if (listed) return listed.length > 0;
  const known = content.contextFound.get(core.source);
  if (known !== undefined) return known;
  const { offsets, positions } = keywordCandidates(policy, content);
  const accepts = acceptsOf(policy, ctx.starters!, ctx.words);
  let found = false;
  for (const [index, firstWords, ended, held] of accepts) {
    for (let i = offsets[index]!; i < offsets[index + 1]!; i++) {
      const at = positions[i]!;
      if (firstWords !== null && !startsWithOne(content, at, firstWords, ended, held)) continue;
      core.lastIndex = at;
      if ((found = core.test(content.text))) break;
    }
    if (found) break;
  }
  core.lastIndex = 0;
  content.contextFound.set(core.source, found);
  return found;
}
