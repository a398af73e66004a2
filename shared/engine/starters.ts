// Starters: the lower-cased beginnings of keyword and context phrases, and the one shared scan of
// the lower-cased content that finds where any of them begins (see classify.ts, content-scan.ts).
import type { CompiledRule, FirstWords } from './compile-policy.ts';

/** Phrases sharing their first five characters (confidential, confidentiel) share one search. */
const STARTER_LENGTH = 5;

const firstWord = (phrase: string): string => phrase.trim().toLowerCase().split(/\s+/)[0]!;

/**
 * A Latin-1 letter whose lower case is what the `iu` regexes' case folding makes of it (é, ñ, ü;
 * not ß, whose upper case is two letters, nor µ or ÿ, which fold outside Latin-1).
 */
const latin1Letter = (c: string): boolean => c >= '\u00c0' && c <= '\u00fe' && c !== '\u00d7' && c !== '\u00f7' && c.toUpperCase().length === 1 && c.toUpperCase().toLowerCase() === c.toLowerCase();

/** Plain ASCII, or with Latin-1 letters after an ASCII first character (teléfono, número): lower-casing is then the regex's case folding. */
function scannablePhrase(phrase: string): boolean {
  const p = phrase.trim();
  return /^[\x20-\x7e]/.test(p) && [...p].every((c) => (c >= '\x20' && c <= '\x7e') || latin1Letter(c));
}

export function keywordStarters(phrases: readonly string[]): string[] | null {
  if (phrases.length === 0 || !phrases.every(scannablePhrase)) return null;
  return [...new Set(phrases.map((p) => firstWord(p).slice(0, STARTER_LENGTH)))];
}

export function keywordWords(phrases: readonly string[]): FirstWords | null {
  if (keywordStarters(phrases) === null) return null;
  const words = new Map<string, string[]>();
  for (const w of new Set(phrases.map(firstWord))) {
    const starter = w.slice(0, STARTER_LENGTH);
    words.set(starter, [...(words.get(starter) ?? []), w]);
  }
  return words;
}

/**
 * One scan for the starters of every keyword rule: positions where one begins. With `\b` when
 * every starter begins with an ASCII word character (a keyword never follows a word character);
 * the caller steps one character after each hit, so overlapping starters are all found.
 */
export function allStarters(rules: readonly CompiledRule[]): string[] {
  return [...new Set(rules.flatMap((r) => [...(r.keywordStarters ?? []), ...r.patterns.flatMap((p) => [...(p.context?.starters ?? []), ...(p.starters ?? [])])]))];
}

export function keywordScan(starters: readonly string[]): RegExp | null {
  if (starters.length === 0) return null;
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Grouped by first character (V8 then tries one group per position, not every starter: about
  // twice as fast with 191 starters); longest first within a group, as in one flat alternation.
  const byFirst = new Map<string, string[]>();
  for (const w of [...starters].sort((a, b) => b.length - a.length)) byFirst.set(w[0]!, [...(byFirst.get(w[0]!) ?? []), w.slice(1)]);
  const alternation = [...byFirst].map(([first, rests]) => `${escape(first)}(?:${rests.map(escape).join('|')})`).join('|');
  return new RegExp(starters.every((w) => /^\w/.test(w)) ? `\\b(?:${alternation})` : alternation, 'g');
}