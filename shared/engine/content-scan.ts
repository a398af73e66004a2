// The content being classified and what the prefilters derive from it (lower-cased text, where
// the policy's starters begin, which literals it holds), each made once per classify() call and
// only when a rule needs it. Where keyword and context phrases can begin: start-positions.ts;
// the runs of ASCII digits and word characters: ascii-runs.ts.
import type { CompiledPolicy } from './compile-policy.ts';
import { scannableLiteral, type SharedScanner } from './scanner/shared-scanner.ts';

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
  /** Bit i: the scanner's literal i occurs in the lower-cased text (lowerIncludes), whether or not `lower` is made. */
  literalsFound: number;
  /** The lower-cased copy (lowerOf), made only where something reads it: the scanner lower-cases the text as it reads it. */
  lower: string | null;
  /** Whether lower-casing keeps every position (the text holds no `İ`, which lower-cases to two units); null until asked (lowerKeepsLength). */
  keepsLength: boolean | null;
  /**
   * Whether the lower-cased copy has the ASCII word characters of the text at the same positions
   * (no `İ`, no Kelvin sign or `ſ`, which become `k` and `s`), known once `lower` is made or the
   * scanner ran: the scans for word runs then read the flat copy, when made, which costs less than
   * reading a slice of a larger string.
   */
  lowerKeepsWords: boolean;
  /** Where some keyword starter begins in the lower-cased text (policy.keywordScan), by the longest starter there; `lower` need not be made. */
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
  return { text, scanner, scanned: false, literalsFound: 0, lower: null, keepsLength: null, lowerKeepsWords: false, keywordCandidates: null, contextHits: new Map(), contextFound: new Map(), digits: -1, digitRuns: null, wordRuns: null, wordRunsShortest: Infinity };
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

/** Whether lower-casing keeps every position of the text: it holds no `İ` (test/content-scan.test.ts: no other unit changes the length). */
export function lowerKeepsLength(content: Content): boolean {
  content.keepsLength ??= content.lower !== null ? content.lower.length === content.text.length : !content.text.includes('\u0130');
  return content.keepsLength;
}

/**
 * The unit at `at` of the lower-cased copy (lowerKeepsLength must hold): read from the copy when
 * made, otherwise lower-cased here as the scanner does it. Exact where that unit is below 256; a
 * unit above 255 whose lower case is too is returned as it is (callers compare with Latin-1 units);
 * NaN past the end, as charCodeAt.
 */
export function lowerCodeAt(content: Content, at: number): number {
  if (content.lower !== null) return content.lower.charCodeAt(at);
  const c = content.text.charCodeAt(at);
  if (c < 0x100) return (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 0x20 : c;
  return ABOVE_LATIN1_LOWER.get(c) ?? c;
}

/** The units above 255 whose lower case is below 256, and lowerOf's ſ (test/content-scan.test.ts lists them from toLowerCase). */
export const ABOVE_LATIN1_LOWER: ReadonlyMap<number, number> = new Map([[0x017f, 0x73], [0x0178, 0xff], [0x1e9e, 0xdf], [0x212a, 0x6b], [0x212b, 0xe5]]);

/**
 * The text to read ASCII word characters from, one code unit at a time: the flat lower-cased copy
 * when made and it keeps them (`lowerKeepsWords`), otherwise the text (whose word characters those are).
 */
export function wordsText(content: Content): string {
  return content.lower !== null && content.lowerKeepsWords ? content.lower : content.text;
}

/**
 * Runs the policy's scanner once over the text as lower-cased (it lower-cases as it reads, so the
 * copy is made here only when the text holds `İ`, or when made already): the starter hits, and the
 * digit and word runs when the lower-cased text has the text's ASCII word characters at the same positions.
 */
export function runScanner(scanner: SharedScanner, content: Content): void {
  // The scanner lower-cases as it reads, one unit for one, so it must never be given İ (two units
  // lower-cased): the raw text only where lowerKeepsLength says it holds none, the copy otherwise.
  const raw = content.lower === null && lowerKeepsLength(content);
  const result = scanner.scan(raw ? content.text : lowerOf(content));
  if (result === null) {
    content.scanner = null; // the thread's host cannot run it: the JavaScript scans do
    return;
  }
  content.scanned = true;
  if (raw) content.lowerKeepsWords = !result.folded; // as lowerOf would find it: the length is kept
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
export function keywordCandidates(policy: CompiledPolicy, content: Content): StarterHits {
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
