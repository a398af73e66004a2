// Whether a pattern match holds a stop word (example, fake, tokenhere …) written as words: in one
// case (fake, FAKE), capitalised (Fake) or as camel-case words (TokenHere, ChangeMe). The same
// letters in random mixed case inside a secret (…lFaKe) are not a placeholder and do not count.

const isUpper = (ch: string) => ch !== ch.toLowerCase();
const isLower = (ch: string) => ch !== ch.toUpperCase();

/**
 * Whether value[start, start + length) reads as words. Mixed case is split into humps, each
 * beginning at a capital: every hump needs at least two letters, and each before the last at least
 * three, so camel-case words pass (Token|Here, Change|Me) and alternating case (Fa|Ke) does not.
 * Characters without case (digits, `_`) end a hump.
 */
export function writtenAsWords(value: string, start: number, length: number): boolean {
  let upper = 0;
  let lower = 0;
  for (let i = start; i < start + length; i++) {
    const ch = value[i]!;
    if (isUpper(ch)) upper++;
    else if (isLower(ch)) lower++;
  }
  if (upper === 0 || lower === 0) return true;
  let hump = 0; // letters in the current hump
  for (let i = start; i < start + length; i++) {
    const ch = value[i]!;
    if (isUpper(ch) && hump > 0) {
      if (hump < 3) return false;
      hump = 1;
    } else if (isUpper(ch) || isLower(ch)) hump++;
    else {
      if (hump === 1) return false;
      hump = 0;
    }
  }
  return hump !== 1;
}

/** Whether `value` holds one of the lower-cased `stopWords` written as words (see writtenAsWords). */
export function holdsStopWord(value: string, stopWords: readonly string[]): boolean {
  const lower = value.toLowerCase();
  // Lower-casing changed the length (İ): offsets no longer line up, so any occurrence counts.
  const aligned = lower.length === value.length;
  for (const w of stopWords) {
    for (let at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + 1)) {
      if (!aligned || writtenAsWords(value, at, w.length)) return true;
    }
  }
  return false;
}
