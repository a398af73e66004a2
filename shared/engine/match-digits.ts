// How many ASCII digits every match of a regular expression contains at least, so the engine can
// bound how many matches a text can hold from its count of digits (matches do not overlap).
// Conservative: anything it does not understand counts as no digit.
import { regexTokens } from './regex-tokens.ts';

/** A class of digits only: [0-9], [0-36-8], [01]; a negated class or anything else is not. */
const DIGIT_CLASS = /^\[(?:[0-9]|[0-9]-[0-9])+\]$/;

/** The fewest ASCII digits any match of `fragment` contains (0 when unsure). */
export function minDigits(fragment: string): number {
  const tokens = regexTokens(fragment);
  if (tokens === null) return 0;
  let best = Infinity; // over the top-level alternatives
  let total = 0;
  for (const t of tokens) {
    if (t.kind === 'or') {
      best = Math.min(best, total);
      total = 0;
      continue;
    }
    let n = 0;
    if (t.kind === 'group') n = minDigits(t.text);
    else if (t.kind === 'class') n = DIGIT_CLASS.test(t.text) ? 1 : 0;
    else if (t.kind === 'escape') n = t.text === '\\d' ? 1 : 0;
    else if (t.kind === 'char') n = t.text >= '0' && t.text <= '9' ? 1 : 0;
    total += n * t.min;
  }
  return Math.min(best, total);
}
