// How many ASCII digits every match of a regular expression contains at least, so the engine can
// bound how many matches a text can hold from its count of digits (matches do not overlap).
// Conservative: anything it does not understand counts as no digit.
import { groupHeader, skipClass, skipGroup } from './required-literal.ts';

/** A class of digits only: [0-9], [0-36-8], [01]; a negated class or anything else is not. */
const DIGIT_CLASS = /^\[(?:[0-9]|[0-9]-[0-9])+\]$/;

/** The fewest ASCII digits any match of `fragment` contains (0 when unsure). */
export function minDigits(fragment: string): number {
  let best = Infinity; // over the top-level alternatives
  let total = 0;
  let i = 0;
  while (i < fragment.length) {
    const c = fragment[i]!;
    let n: number;
    let next: number;
    if (c === '|') {
      best = Math.min(best, total);
      total = 0;
      i++;
      continue;
    }
    if (c === '(') {
      next = skipGroup(fragment, i);
      if (next < 0) return 0;
      const inner = fragment.slice(i + 1, next - 1);
      n = inner.startsWith('?=') || inner.startsWith('?!') || inner.startsWith('?<=') || inner.startsWith('?<!') ? 0 : minDigits(inner.slice(groupHeader(inner)));
    } else if (c === '[') {
      next = skipClass(fragment, i);
      if (next < 0) return 0;
      n = DIGIT_CLASS.test(fragment.slice(i, next)) ? 1 : 0;
    } else if (c === '\\') {
      const e = fragment[i + 1];
      if (e === undefined) return 0;
      n = e === 'd' ? 1 : 0;
      next = i + 2;
      if ((e === 'u' || e === 'p' || e === 'P') && fragment[next] === '{') next = fragment.indexOf('}', next) + 1;
      else if (e === 'u') next += 4;
      else if (e === 'x') next += 2;
      else if (e === 'c') next += 1;
      if (next <= 0) return 0;
    } else {
      n = c >= '0' && c <= '9' ? 1 : 0;
      next = i + 1;
    }
    const q = /^(?:\{([0-9]+)(?:,[0-9]*)?\}|([?*+]))\??/.exec(fragment.slice(next));
    if (q) {
      n = q[2] === '+' ? n : q[2] !== undefined ? 0 : n * Number(q[1]);
      next += q[0].length;
    }
    total += n;
    i = next;
  }
  return Math.min(best, total);
}
