// Australia's Tax File Number: nine digits (older ones eight) with a weighted mod-11 check.

import { compact, digitAt, isAsciiDigits, singleSeparatorKind } from './compact.ts';

const WEIGHTS_9: readonly number[] = Object.freeze([1, 4, 3, 7, 5, 8, 6, 9, 10]);
const WEIGHTS_8: readonly number[] = Object.freeze([10, 7, 8, 4, 6, 3, 5, 1]);

/** True for a TFN (`123 456 782`; spaces or dashes of one kind may separate groups) whose weighted sum is divisible by 11; all-same digits refused. */
export function auTfn(raw: string): boolean {
  const c = compact(raw, ' -', 16);
  if (c === null || !singleSeparatorKind(c.separators) || !isAsciiDigits(c.text)) return false;
  const d = c.text;
  const weights = d.length === 9 ? WEIGHTS_9 : d.length === 8 ? WEIGHTS_8 : null;
  if (weights === null || /^(\d)\1+$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) sum += digitAt(d, i) * weights[i]!;
  return sum % 11 === 0;
}
