// Runs a pattern that needs a context phrase only near where such a phrase begins, finding there
// exactly the matches a scan of the whole text would find.
//
// A match starting at s (at most `maxLength` code units long) is accepted only if a phrase begins
// in its window, [s - window, s + length + window): so s lies in [c - window - maxLength, c + window]
// for some phrase position c. Elsewhere its matches are refused anyway, but a scan from the start
// would still find them, and one can reach into a region and hide a match there. So before each
// region the scan looks back `maxLength` for a match reaching over the region's start, and starts
// from the earliest one it finds that nothing reaches over (a "sync point"): from such a position a
// scan finds what the scan of the whole text finds.

/** Merged, ascending ranges of start positions where an accepted match can begin. */
export function regionsNear(hits: readonly number[], window: number, maxLength: number, textLength: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const c of hits) {
    const a = Math.max(0, c - window - maxLength);
    const b = Math.min(textLength, c + window);
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const isMidPair = (s: string, i: number) => i > 0 && (s.charCodeAt(i) & 0xfc00) === 0xdc00 && (s.charCodeAt(i - 1) & 0xfc00) === 0xd800;

/** How many times a region start may move back to an earlier match before the scan just goes on from where it stands. */
const SYNC_STEPS = 4;

/**
 * The position the scan may resume at for a region starting at `a`, and the whole-text scan's
 * first match from there (null: none is left); `from` is where the scan stands now (always exact).
 */
function resync(re: RegExp, text: string, a: number, from: number, maxLength: number, unicode: boolean): { at: number; match: RegExpExecArray | null; known: boolean } {
  let target = a;
  for (let step = 0; step < SYNC_STEPS; step++) {
    let x = Math.max(from, target - maxLength + 1);
    if (unicode && isMidPair(text, x)) x--; // a scan never starts between the halves of a pair
    if (x <= from) break;
    re.lastIndex = x;
    const r = re.exec(text);
    // No match begins in [x, target): none that the whole-text scan finds can reach over target.
    if (r === null || r.index >= target) return { at: target, match: r, known: true };
    target = r.index; // one does: does anything reach over its start?
  }
  return { at: from, match: null, known: false };
}

/**
 * Calls `onMatch` for each match starting inside one of `regions`, in order, exactly as a global
 * scan of the whole text would find them. `re` is global; the caller makes sure the scan of the whole
 * text could not stop early at MAX_COUNTED_MATCHES and that no match is empty.
 */
export function forEachMatchNear(re: RegExp, text: string, regions: ReadonlyArray<readonly [number, number]>, maxLength: number, onMatch: (m: RegExpExecArray) => void): void {
  const unicode = re.unicode || re.flags.includes("v");
  let from = 0; // the whole-text scan stands here: every match before it is dealt with
  let pending: RegExpExecArray | null = null; // its next match, when already found
  let exhausted = false;
  for (const [a, b] of regions) {
    if (pending !== null && pending.index < a) {
      from = pending.index + pending[0].length;
      pending = null;
    }
    if (pending === null && from < a) {
      const s = resync(re, text, a, from, maxLength, unicode);
      from = s.at;
      pending = s.match;
      exhausted = s.known && s.match === null;
    }
    while (!exhausted) {
      if (pending === null) {
        re.lastIndex = from;
        pending = re.exec(text);
        if (pending === null) {
          exhausted = true;
          break;
        }
      }
      if (pending.index > b) break;
      const m: RegExpExecArray = pending;
      pending = null;
      from = m[0].length === 0 ? m.index + 1 : m.index + m[0].length;
      if (m.index >= a && m[0].length > 0) onMatch(m);
    }
    if (exhausted) break;
  }
  re.lastIndex = 0;
}
