// The shared scans of content-scan.ts, start-positions.ts and ascii-runs.ts read ASCII word
// characters from the flat lower-cased copy when that copy keeps them: the same runs as the text
// itself, proven here against a plain scan.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FirstWords, compilePolicy } from '../shared/engine/compile-policy.ts';
import { digitRuns, wordRuns } from '../shared/engine/ascii-runs.ts';
import { contentOf, lowerCodeAt, lowerKeepsLength, lowerOf, wordsText } from '../shared/engine/content-scan.ts';
import { contextFound, contextHits, scannable, type StarterAccepts, startPositions } from '../shared/engine/start-positions.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { ruleDefinitionSchema } from '../shared/engine/rule-definition.ts';
import { isWordCode } from '../shared/engine/word-boundary.ts';

/** The maximal runs of ASCII word characters at least `shortest` long, [start, length] flattened, by a regex over the text. */
function plainWordRuns(text: string, shortest: number): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9_]+/g)) if (m[0].length >= shortest) out.push(m.index, m[0].length);
  return out;
}

describe('lower-casing and word characters', () => {
  it('changes the length only for İ and makes an ASCII word character of a non-word one only for the Kelvin sign and ſ (folded to s)', () => {
    const lengthChanges: number[] = [];
    const becomeWords: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const lower = String.fromCharCode(c).toLowerCase();
      if (lower.length !== 1) lengthChanges.push(c);
      else if (isWordCode(lower.charCodeAt(0)) !== isWordCode(c)) becomeWords.push(c);
    }
    expect(lengthChanges).toEqual([0x130]);
    expect(becomeWords).toEqual([0x212a]);
    // ſ lower-cases to itself; lowerOf folds it to s, as the `i` regexes do.
    expect(lowerOf(contentOf('ſ'))).toBe('s');
  });

  it('lower-cases each unit as lowerOf does wherever either lower case is below 256, without the copy (lowerCodeAt)', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c === 0x130) continue; // lower-cases to two units: lowerCodeAt is asked only where the length is kept
      const unit = String.fromCharCode(c);
      const expected = lowerOf(contentOf(unit)).charCodeAt(0);
      const got = lowerCodeAt(contentOf(unit), 0);
      if ((expected < 256 || got < 256) && got !== expected) differ.push(c);
    }
    expect(differ).toEqual([]);
    expect(lowerCodeAt(contentOf('ab'), 2)).toBeNaN();
  });

  it('reads word runs from the lower-cased copy only when it keeps the text’s word characters', () => {
    const keeps = (text: string) => {
      const content = contentOf(text);
      return lowerOf(content) === wordsText(content);
    };
    expect([keeps('Abc_12 déf 😀'), keeps('a\u212ab'), keeps('aſb'), keeps('İab')]).toEqual([true, false, false, false]);
  });

  it('finds the same word runs as a plain scan of the text', () => {
    const pieces = ['a', 'B', '7', '_', ' ', '-', '\n', 'é', 'É', 'ß', '\u212a', 'K', 'ſ', 'S', 'İ', 'i', '😀', 'abcdefgh', 'ABCDEFGHIJ', '0123456789', 'ab_cd'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (parts, shortest) => {
        const text = parts.join('');
        expect(wordRuns(contentOf(text), shortest), text).toEqual(plainWordRuns(text, shortest));
      }),
      { numRuns: 3000, seed: 41 },
    );
  });

  it('finds the same word and digit runs through the scanner’s pass, which lower-cases the text as it reads it (ſ and the Kelvin sign become word characters there, not in the text)', () => {
    const policy = compilePolicy(DEFAULT_LABELS, defaultRules());
    const pieces = ['a', 'B', '7', '_', ' ', '-', 'é', '\u212a', 'K', 'ſ', 'S', 'İ', '😀', 'abcdefgh', 'ABCDEFGHIJ', '0123456789', 'ab_cd'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const content = contentOf(text, policy.scanner);
        expect(Array.from(wordRuns(content, policy.shortestWordRun)), text).toEqual(plainWordRuns(text, policy.shortestWordRun));
        expect(Array.from(digitRuns(content)), text).toEqual([...text.matchAll(/[0-9]+/g)].flatMap((m) => [m.index, m.index + m[0].length]));
      }),
      { numRuns: 2000, seed: 43 },
    );
  });
});

describe('contextFound', () => {
  it('tells whether contextHits finds a phrase, for every context of the catalogue', () => {
    const policy = compilePolicy(DEFAULT_LABELS, defaultRules());
    const contexts = policy.rules.flatMap((r) => r.patterns.flatMap((p) => (p.context ? [p.context] : [])));
    expect(contexts.length).toBeGreaterThan(15);
    // Phrase beginnings that pass the first-word check but not the phrase ("card" before "holder"), cut words, case and ſ/K.
    const pieces = ['card', 'holder', 'cardholder', 'number', 'no', 'not', 'ssn', 'SSN', 'xssn', 'social', ' security', 'ſocial', 'tel', 'teléfono', 'TELÉFONO', 'diagnosis', 'dx', 'DOB', 'date of birth', 'born', 'passport', 'pass', 'iban', 'account', ' ', '  ', '\n', '-', '_', 'a', 'K', '\u212a', 'İ', '1', '😀'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }), (parts) => {
        const text = parts.join('');
        for (const ctx of contexts) {
          if (!scannable(policy, ctx, contentOf(text))) continue;
          expect(contextFound(policy, ctx, contentOf(text)), `${text} / ${ctx.core!.source.slice(0, 40)}`).toBe(contextHits(policy, ctx, contentOf(text)).length > 0);
        }
      }),
      { numRuns: 1500, seed: 47 },
    );
  });

  it('finds a context word inside a longer starter of its list ("exp" in "expires", where the scan reports "expir"): a context word need not end where it is', () => {
    const rule = ruleDefinitionSchema.parse({ name: 'C', label: 'Internal', priority: 1, conditions: { patterns: [{ regex: '[0-9]{2}/[0-9]{2}', context: { keywords: ['exp', 'expiry'], required: true } }] } });
    const policy = compilePolicy(DEFAULT_LABELS, [rule]);
    const ctx = policy.rules[0]!.patterns[0]!.context!;
    for (const [text, found] of [['expires 12/29', true], ['exp 12/29', true], ['expiry 12/29', true], ['EXPIRES 12/29', true], ['\u212aexpires 12/29', false], ['ex 12/29', false]] as const) {
      const content = contentOf(text, policy.scanner);
      expect(scannable(policy, ctx, content), text).toBe(true);
      expect(contextFound(policy, ctx, content), text).toBe(found);
      expect(contextHits(policy, ctx, content).length > 0, text).toBe(found);
    }
  });
});

/** What the scan's reports mean for a starter list, every first word kept (acceptsFor before it dropped the words a starter settles), each to end there with `wordEnds`, every unit of each compared (none known from the starter). */
function acceptsEveryWord(startersWithin: ReadonlyMap<string, readonly string[]>, starters: readonly string[], words: FirstWords | null, wordEnds: boolean): StarterAccepts {
  const wanted = new Set(starters);
  return [...startersWithin.values()].flatMap((shorter, index) => {
    const within = shorter.filter((v) => wanted.has(v));
    return within.length > 0 ? [[index, words ? within.flatMap((v) => words.get(v) ?? []) : null, words !== null && wordEnds, 0] as const] : [];
  });
}

describe('startPositions', () => {
  it('keeps a shorter first word where a unit of its starter that is no word character follows it ("non" in "non-d"), and finds the keyword regex’s matches', () => {
    const rule = ruleDefinitionSchema.parse({ name: 'K', label: 'Internal', priority: 1, conditions: { keywords: ['non', 'non-disclosure', 'no', 'nota bene', 'K-9'] } });
    const policy = compilePolicy(DEFAULT_LABELS, [rule]);
    const [compiled] = policy.rules;
    const pieces = ['non', 'non-', 'non-d', 'non-disclosure', 'no', 'not', 'nota', ' bene', 'NON', 'K', '\u212a', 'k-9', '-', ' ', 'x', '9'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        const content = contentOf(text, policy.scanner);
        const re = compiled!.keywords!;
        const expected = [...text.matchAll(re)].map((m) => m.index);
        const tried = startPositions(policy, compiled!.keywordStarters!, content, compiled!.keywordWords);
        for (const at of expected) expect(tried, text).toContain(at);
      }),
      { numRuns: 2000, seed: 49 },
    );
  });

  it('finds the same positions as checking every first word (a word that begins the starter needs no check, nor, where it must end, one that a word character of the starter follows; one that neither begins nor extends it cannot be there; the units the starter holds need no compare)', () => {
    const policy = compilePolicy(DEFAULT_LABELS, defaultRules());
    // Keyword lists' first words must end where they are (wordEnds); context lists' need not. Words
    // that differ from a first word right after its starter ("confixential") must not pass.
    const lists = policy.rules.flatMap((r) => [[r.keywordStarters, r.keywordWords, true] as const, ...r.patterns.flatMap((p) => (p.context ? [[p.context.starters, p.context.words, false] as const] : []))]).filter((l): l is readonly [readonly string[], FirstWords, boolean] => l[0] !== null && l[1] !== null);
    expect(lists.length).toBeGreaterThan(15);
    const oracle = { ...policy, starterAccepts: new Map(lists.map(([starters, words, wordEnds]) => [starters, acceptsEveryWord(policy.startersWithin, starters, words, wordEnds)])) };
    const pieces = ['do', 'docum', 'document', 'no', 'not', 'non-d', 'non-disclosure', 'nondisclosure', 'confi', 'confidential', 'CONFIDENTIELLE', 'confixential', 'exp', 'expir', 'expires', 'expxres', 'interxal', 'card', 'cardh', 'cardholder', 'inter', 'internal', 'interne', 'for', 'top', 'secret', 'nda', 'geheim', 'usage', ' ', '\n', '-', 'a', 'İ', 'ſ', '1'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }), (parts) => {
        const text = parts.join('');
        // The engine asks only where lower-casing keeps every position (no İ): a first word's end is read from the text at the copy's positions.
        if (!lowerKeepsLength(contentOf(text))) return;
        for (const [starters, words] of lists) {
          expect(startPositions(policy, starters, contentOf(text, policy.scanner), words), text).toEqual(startPositions(oracle, starters, contentOf(text, policy.scanner), words));
        }
      }),
      { numRuns: 1500, seed: 48 },
    );
  });
});
