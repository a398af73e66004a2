// Keyword and phrase lists compiled into one case-insensitive, Unicode-aware regular expression
// that only matches whole words: "lic" does not match inside "public".

// Characters with a meaning in a `u`-mode regex outside a class (`-` and `/` must not be escaped there).
const SPECIAL = /[.*+?^${}()|[\]\\]/g;

function phraseSource(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/u)
    .map((word) => word.replace(SPECIAL, '\\$&'))
    .join('[\\s\\u00a0]+');
}

/** One regex for all phrases, longest first so that "strictly confidential" wins over "confidential". */
export function compileKeywords(phrases: readonly string[]): RegExp | null {
  const unique = [...new Set(phrases.map((p) => p.trim().toLowerCase()).filter((p) => p.length > 0))];
  if (unique.length === 0) return null;
  unique.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const body = unique.map(phraseSource).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${body})(?![\\p{L}\\p{N}_])`, 'giu');
}
