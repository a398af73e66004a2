// Context (proximity) words compiled as tokens rather than exact spellings: the words of a phrase
// may be run together or joined by a blank, dash or underscore (passport number, passportnumber,
// passport-number, date_of_birth, dateOfBirth), and the last word may take a plural or possessive
// ending (SSNs, phones, addresses, SSN's). Whole words only, case-insensitive, Unicode-aware.

const SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** How a phrase's words may be joined: nothing, or up to three blanks, dashes or underscores (a line break is two). */
const JOIN = '[\\s\\u00a0_-]{0,3}';
/** Endings the last word may take: plural (-s, -es) or possessive ('s). */
const ENDING = "(?:e?s|'s)?";

function phraseSource(phrase: string): string {
  const words = phrase.trim().split(/\s+/u).map((w) => w.replace(SPECIAL, '\\$&'));
  // A phrase ending in punctuation (D.N.I., SS#) is matched as written.
  const last = words[words.length - 1]!;
  const ending = /[\p{L}\p{N}]$/u.test(last) ? ENDING : '';
  return `${words.join(JOIN)}${ending}`;
}

function alternation(phrases: readonly string[]): string | null {
  const unique = [...new Set(phrases.map((p) => p.trim().toLowerCase()).filter((p) => p.length > 0))];
  if (unique.length === 0) return null;
  unique.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return unique.map(phraseSource).join('|');
}

/** One case-insensitive regex (not global) that finds any of the phrases as a token in a window of text; null for no phrases. */
export function compileContext(phrases: readonly string[]): RegExp | null {
  const body = alternation(phrases);
  return body === null ? null : new RegExp(`(?<![\\p{L}\\p{N}_])(?:${body})(?![\\p{L}\\p{N}])`, 'iu');
}

/**
 * The same phrases without the whole-word assertions, sticky: wherever a window's regex finds a
 * phrase, this one matches at the same position of the whole text (the window is a slice of it,
 * and nothing else in the alternation looks beyond what it consumes).
 */
export function compileContextCore(phrases: readonly string[]): RegExp | null {
  const body = alternation(phrases);
  return body === null ? null : new RegExp(`(?:${body})`, 'iuy');
}
