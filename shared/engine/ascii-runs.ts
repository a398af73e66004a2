// The runs of ASCII digits and of ASCII word characters in a content, from the shared scanner's
// pass when it ran over a copy with the text's positions (content-scan.ts), otherwise found here;
// each made once per content.
import { type Content, runScanner, wordsText } from './content-scan.ts';
import { NONE } from './start-positions.ts';
import { isWordCode } from './word-boundary.ts';

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
