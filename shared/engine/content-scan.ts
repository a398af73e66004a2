// The content being classified and what the prefilters derive from it (lower-cased text, where
// keyword and context phrases can begin, how many digits it holds), each made once per classify()
// call and only when a rule needs it.
import type { CompiledContext, CompiledPolicy, FirstWords } from './compile-policy.ts';
import { scannableLiteral, type SharedScanner } from './scanner/shared-scanner.ts';
import { isWordCode } from './word-boundary.ts';

/** Where the policy's starters begin: positions ascending per starter, starter i's at [offsets[i], offsets[i + 1]). */
export interface StarterHits {
  readonly offsets: Int32Array;
  readonly positions: Int32Array;
}

export interface Content {
  readonly text: string;
  /** The policy's one-pass scanner (starters, digit runs, word runs); null: each is found by its JavaScript scan (also once the scanner cannot run on this thread). */
  scanner: SharedScanner | null;
  /** Whether the scanner ran (it fills keywordCandidates and literalsFound, and digitRuns and wordRuns when lowerKeepsWords). */
  scanned: boolean;
  /** Bit i: the scanner's literal i occurs in `lower` (lowerIncludes). */
  literalsFound: number;
  lower: string | null;
  /**
   * Whether `lower` has the ASCII word characters of the text at the same positions (no `İ`, which
   * lower-cases to two characters, no Kelvin sign or `ſ`, which become `k` and `s`): the scans for
   * word runs then read the flat copy, which costs less than reading a slice of a larger string.
   */
  lowerKeepsWords: boolean;
  /** Where some keyword starter begins in `lower` (policy.keywordScan), by the longest starter there. */
  keywordCandidates: StarterHits | null;
  /** Per context phrase list (its core regex's source): where one of its phrases can begin (contextHits). */
  readonly contextHits: Map<string, readonly number[]>;
  /** Per context phrase list, as for contextHits: whether one of its phrases begins anywhere (contextFound). */
  readonly contextFound: Map<string, boolean>;
  /** How many ASCII digits the text holds; -1 until counted. */
  digits: number;
  /** The runs of ASCII digits, as [start, end) pairs flattened, ascending; null until found. */
  digitRuns: ArrayLike<number> | null;
  /** The runs of ASCII word characters at least `wordRunsShortest` long (wordRuns); null until found. */
  wordRuns: ArrayLike<number> | null;
  wordRunsShortest: number;
}

export function contentOf(text: string, scanner: SharedScanner | null = null): Content {
  return { text, scanner, scanned: false, literalsFound: 0, lower: null, lowerKeepsWords: false, keywordCandidates: null, contextHits: new Map(), contextFound: new Map(), digits: -1, digitRuns: null, wordRuns: null, wordRunsShortest: Infinity };
}

/** Lower-cased for ASCII prefilters; `ſ` is the one non-ASCII letter that case-folds to ASCII without lower-casing to it. */
export function lowerOf(content: Content): string {
  if (content.lower === null) {
    const text = content.text;
    const lower = text.toLowerCase();
    const longS = lower.includes('ſ');
    content.lower = longS ? lower.replaceAll('ſ', 's') : lower;
    // No other character lower-cases to an ASCII word character, or to other than one code unit (test/content-scan.test.ts).
    content.lowerKeepsWords = !longS && lower.length === text.length && !text.includes('\u212a');
  }
  return content.lower;
}

/** The text to read ASCII word characters from, one code unit at a time: the flat lower-cased copy when it keeps them (`lowerKeepsWords`). */
export function wordsText(content: Content): string {
  const lower = lowerOf(content);
  return content.lowerKeepsWords ? lower : content.text;
}

/**
 * Runs the policy's scanner once over the lower-cased copy: the starter hits, and the digit and
 * word runs when the copy has the text's ASCII word characters at the same positions.
 */
function runScanner(scanner: SharedScanner, content: Content): void {
  const result = scanner.scan(lowerOf(content));
  if (result === null) {
    content.scanner = null; // the thread's host cannot run it: the JavaScript scans do
    return;
  }
  content.scanned = true;
  content.keywordCandidates = byStarter(result.hits, scanner.starterCount);
  content.literalsFound = result.literalsFound;
  if (!content.lowerKeepsWords) return;
  if (content.digitRuns === null) {
    content.digitRuns = result.digitRuns;
    let n = 0;
    for (let i = 0; i < result.digitRuns.length; i += 2) n += result.digitRuns[i + 1]! - result.digitRuns[i]!;
    content.digits = n;
  }
  if (result.wordRuns !== null && scanner.shortestWordRun < content.wordRunsShortest) {
    content.wordRuns = result.wordRuns;
    content.wordRunsShortest = scanner.shortestWordRun;
  }
}

/** Whether `literal` occurs in the lower-cased copy: told by the scanner's pass when it looks for it, otherwise by `includes`. */
export function lowerIncludes(content: Content, literal: string): boolean {
  const found = scannedPresence(content, literal);
  return found === null ? lowerOf(content).includes(literal) : found;
}

/**
 * Whether `literal` occurs in the text (case-sensitive). For an ASCII literal the scanner's pass
 * may answer first: where it looks for the lower-cased form and did not find it in the lower-cased
 * copy, the literal is not in the text either (lower-casing maps each character on its own and
 * keeps ASCII letters ASCII), and the text is not read again; otherwise `includes` tells. A
 * non-ASCII literal never asks the pass, even when its lower-cased form is ASCII ('ab\u212ax' →
 * 'abkx'): that "no" would hold only while lowerOf also folds the Kelvin sign to 'k'.
 */
export function textIncludes(content: Content, literal: string): boolean {
  return (!scannableLiteral(literal) || scannedPresence(content, literal.toLowerCase()) !== false) && content.text.includes(literal);
}

/** Whether the scanner's pass found `literal` in the lower-cased copy (running it if not yet run); null when it does not look for it. */
function scannedPresence(content: Content, literal: string): boolean | null {
  const bit = content.scanner === null ? -1 : content.scanner.literals.indexOf(literal);
  if (bit < 0) return null;
  if (!content.scanned) runScanner(content.scanner!, content);
  if (content.scanner === null) return null;
  return (content.literalsFound & (1 << bit)) !== 0;
}

/** (position, starter index) pairs, positions ascending, grouped by starter (a counting sort: positions stay ascending within each). */
export function byStarter(hits: ArrayLike<number>, starterCount: number): StarterHits {
  const offsets = new Int32Array(starterCount + 1);
  for (let i = 1; i < hits.length; i += 2) offsets[hits[i]! + 1]!++;
  for (let s = 0; s < starterCount; s++) offsets[s + 1]! += offsets[s]!;
  const next = offsets.slice(0, starterCount);
  const positions = new Int32Array(hits.length >> 1);
  for (let i = 0; i < hits.length; i += 2) positions[next[hits[i + 1]!]!++] = hits[i]!;
  return { offsets, positions };
}

/**
 * Every position where some starter of the policy begins, grouped by the longest starter there:
 * one scan, shared by all keyword rules and contexts. The policy's scanner when it has one,
 * otherwise its regex (the scanner's oracle in the tests).
 */
function keywordCandidates(policy: CompiledPolicy, content: Content): StarterHits {
  if (content.keywordCandidates) return content.keywordCandidates;
  if (content.scanner !== null && !content.scanned) {
    runScanner(content.scanner, content);
    if (content.keywordCandidates) return content.keywordCandidates;
  }
  const scan = policy.keywordScan!;
  const lower = lowerOf(content);
  const hits: number[] = [];
  scan.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = scan.exec(lower)) !== null) {
    hits.push(m.index, policy.starterIds.get(m[0])!);
    scan.lastIndex = m.index + 1; // overlapping starters begin at later positions
  }
  scan.lastIndex = 0;
  content.keywordCandidates = byStarter(hits, policy.starters.length);
  return content.keywordCandidates;
}

/**
 * For a list of starters: each starter the shared scan can report (the longest at its position)
 * that begins with one of them, by its index in the policy's starters, the first words to check
 * there (null: none to check), and whether each of those words must end there (a code point that
 * is not a word character of the list's `iu` regex, or the end of the text, right after it).
 */
export type StarterAccepts = ReadonlyArray<readonly [number, readonly string[] | null, boolean]>;

/**
 * `startersWithin` holds every starter of the policy, in the order of their indexes. `wordEnds`:
 * the list's regex requires, right after every phrase's first word, a code point that is not
 * `[\p{L}\p{N}_]` under its `iu` flags, or the end (true of every keyword list, keyword-matcher.ts:
 * a phrase is `word[\s\u00a0]+…` or `word(?![\p{L}\p{N}_])`; not of the context lists, whose
 * words may run together or take a plural ending).
 */
export function acceptsFor(startersWithin: ReadonlyMap<string, readonly string[]>, starters: readonly string[], words: FirstWords | null, wordEnds = false): StarterAccepts {
  const wanted = new Set(starters);
  const accepts: Array<readonly [number, readonly string[] | null, boolean]> = [];
  let index = 0;
  for (const [starter, shorter] of startersWithin) {
    // The scan reports the longest starter at a position; the shorter ones that begin it are there too.
    const within = shorter.filter((v) => wanted.has(v));
    if (within.length > 0) {
      const firstWords = words ? wordsToCheck(starter, within.flatMap((v) => words.get(v) ?? []), wordEnds) : null;
      if (firstWords === null || firstWords.length > 0) accepts.push([index, firstWords, firstWords !== null && wordEnds]);
    }
    index++;
  }
  return accepts;
}

/**
 * The first words worth checking where `starter` begins: none (null) when one of them begins the
 * starter (it is there already, as "do" is where "docum" is) and need not end there, otherwise
 * those that begin or extend it (a word that does neither cannot be there; an empty list: no
 * position can pass).
 */
function wordsToCheck(starter: string, words: readonly string[], wordEnds: boolean): readonly string[] | null {
  if (!wordEnds && words.some((w) => starter.startsWith(w))) return null;
  return [...new Set(words.filter((w) => starter.startsWith(w) || w.startsWith(starter)))];
}

/**
 * The candidate positions where one of these starters begins, ascending; with `words`, only those
 * where one of the starters' first words follows in full (`lower` has the same positions as the
 * text), and ends there where the list's regex requires it (acceptsFor).
 */
export function startPositions(policy: CompiledPolicy, starters: readonly string[], content: Content, words: FirstWords | null = null): readonly number[] {
  const { offsets, positions } = keywordCandidates(policy, content);
  if (positions.length === 0) return NONE;
  const accepts = acceptsOf(policy, starters, words);
  const lower = content.lower!;
  const text = content.text;
  const out: number[] = [];
  let groups = 0; // how many starters' positions went in: more than one needs sorting
  for (const [index, firstWords, ended] of accepts) {
    const from = offsets[index]!;
    const to = offsets[index + 1]!;
    if (from === to) continue;
    groups++;
    for (let i = from; i < to; i++) if (firstWords === null || startsWithOne(lower, text, positions[i]!, firstWords, ended)) out.push(positions[i]!);
  }
  if (out.length === 0) return NONE;
  return groups > 1 ? out.sort((x, y) => x - y) : out;
}

const NONE: readonly number[] = Object.freeze([]);

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

function startsWithOne(lower: string, text: string, at: number, words: readonly string[], ended: boolean): boolean {
  for (const w of words) if (lower.startsWith(w, at) && (!ended || wordEndsAt(text, at + w.length))) return true;
  return false;
}

/** True when the shared scan can tell where the phrases of `ctx` begin (plain ASCII phrases; lower-casing kept every position). */
export function scannable(policy: CompiledPolicy, ctx: CompiledContext, content: Content): boolean {
  return ctx.starters !== null && ctx.core !== null && policy.keywordScan !== null && lowerOf(content).length === content.text.length;
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
  const lower = content.lower!;
  let found = false;
  for (const [index, firstWords, ended] of accepts) {
    for (let i = offsets[index]!; i < offsets[index + 1]!; i++) {
      const at = positions[i]!;
      if (firstWords !== null && !startsWithOne(lower, content.text, at, firstWords, ended)) continue;
      core.lastIndex = at;
      if ((found = core.test(content.text))) break;
    }
    if (found) break;
  }
  core.lastIndex = 0;
  content.contextFound.set(core.source, found);
  return found;
}

/** The runs of ASCII digits, [start, end) pairs flattened, ascending (one pass, also counting the digits). */
export function digitRuns(content: Content): ArrayLike<number> {
  if (content.digitRuns === null && content.scanner !== null && !content.scanned) runScanner(content.scanner, content);
  if (content.digitRuns === null) {
    const runs: number[] = [];
    const re = /[0-9]+/g;
    let n = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(content.text)) !== null) {
      runs.push(m.index, m.index + m[0].length);
      n += m[0].length;
    }
    content.digitRuns = runs;
    content.digits = n;
  }
  return content.digitRuns;
}

/** How many ASCII digits the text holds. */
export function digitCount(content: Content): number {
  if (content.digits < 0) digitRuns(content);
  return content.digits;
}


/**
 * The maximal runs of ASCII word characters ([A-Za-z0-9_]) at least `shortest` long, as
 * [start, length] pairs flattened, ascending. Any such run covers one of every `shortest`-th
 * position, so only those are looked at, and the run around a word character found there is
 * measured. Made once per content for the policy's shortest run (policy.shortestWordRun), over
 * `wordsText` (the same runs, read from a flat string).
 */
export function wordRuns(content: Content, shortest: number): ArrayLike<number> {
  if (content.scanner !== null && !content.scanned) runScanner(content.scanner, content);
  if (content.wordRuns !== null && content.wordRunsShortest <= shortest) return content.wordRuns;
  const text = wordsText(content);
  const runs: number[] = [];
  let p = shortest - 1;
  while (p < text.length) {
    if (!isWordCode(text.charCodeAt(p))) {
      p += shortest;
      continue;
    }
    let b = p + 1;
    while (b < text.length && isWordCode(text.charCodeAt(b))) b++;
    // Back only as far as the run needs to reach `shortest` (most words are short); then to its start.
    let a = p;
    const enough = b - shortest;
    while (a > enough && a > 0 && isWordCode(text.charCodeAt(a - 1))) a--;
    if (a <= enough) {
      while (a > 0 && isWordCode(text.charCodeAt(a - 1))) a--;
      runs.push(a, b - a);
    }
    p = b + shortest; // the next run begins after b: it covers b + shortest if it is long enough
  }
  content.wordRuns = runs;
  content.wordRunsShortest = shortest;
  return runs;
}

/** Where a maximal run of at least `length` ASCII word characters begins, ascending; the runs are found once for `shortest` (policy.shortestWordRun). */
export function wordRunStarts(content: Content, shortest: number, length: number): readonly number[] {
  const runs = wordRuns(content, Math.min(shortest, length));
  if (runs.length === 0) return NONE;
  const out: number[] = [];
  for (let i = 0; i < runs.length; i += 2) if (runs[i + 1]! >= length) out.push(runs[i]!);
  return out;
}
