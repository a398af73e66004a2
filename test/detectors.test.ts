// The default detector catalogue, detector by detector: valid values, checksum-invalid lookalikes,
// missing context, allow lists (per rule and workspace-wide), line breaks and masking; then the
// negative set, the catalogue's own documented examples and the rules-file round trip.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { seededRandom } from '../bench/seeded-random.ts';
import { parseRuleFile } from '../server/services/rule-file.ts';
import { CATALOGUE, catalogueEntries, KEYWORDS_DETECTOR_ID } from '../shared/engine/catalogue/index.ts';
import { type Classification, classify } from '../shared/engine/classify.ts';
import { type CompiledPolicy, compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { EMPTY_EXCLUSIONS, type Exclusions } from '../shared/engine/rule-definition.ts';
import * as V from './helpers/corpus-values.ts';
import { type DetectorCase, DETECTOR_CASES } from './helpers/detector-cases.ts';

const policy = compilePolicy(DEFAULT_LABELS, defaultRules());
const run = (text: string, p: CompiledPolicy = policy): Classification => classify(p, { name: 'doc.txt', content: text });
const detectorsOf = (r: Classification) => new Set(r.findings.flatMap((f) => f.detectors.map((d) => `${f.rule}/${d.id}`)));
const keyOf = (c: { rule: string; id: string }) => `${c.rule}/${c.id}`;
const reports = (c: DetectorCase, text: string, p?: CompiledPolicy) => detectorsOf(run(text, p)).has(keyOf(c));
const textOf = (c: DetectorCase, value: string, lead = c.lead) => `${lead}${value}${c.tail ?? ''}`;

const CATALOGUE_KEYS = catalogueEntries().map((e) => e.key);

function withRuleExclusions(rule: string, values: string[]): CompiledPolicy {
  const rules = defaultRules().map((r) => {
    if (r.name !== rule) return r;
    const own = r.conditions.exclusions ?? EMPTY_EXCLUSIONS;
    return { ...r, conditions: { ...r.conditions, exclusions: { ...own, values: [...own.values, ...values] } } };
  });
  return compilePolicy(DEFAULT_LABELS, rules);
}

describe('the default catalogue', () => {
  it('has about thirty detectors with unique ids, markings first, then financial data, then the rest', () => {
    expect(CATALOGUE_KEYS.length).toBeGreaterThanOrEqual(30);
    const ids = CATALOGUE.flatMap((r) => r.detectors.map((d) => d.pattern.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(defaultRules().map((r) => [r.name, r.label, r.priority, r.format])).toEqual([
      ['Marked confidential', 'Confidential', 10, 2],
      ['Internal use only', 'Internal', 15, 2],
      ['Financial data', 'Confidential', 20, 2],
      ['Government identifiers', 'Restricted', 30, 2],
      ['Credentials', 'Restricted', 40, 2],
      ['Health data', 'Restricted', 50, 2],
      ['Personal data', 'Confidential', 55, 2],
      ['Contact data', 'Internal', 60, 2],
    ]);
  });

  it('labels the vendor contract Confidential by exactly the marking and the IBAN', () => {
    const r = classify(policy, { name: 'vendor-contract-2026.pdf', asset_type: 'document', content: 'Confidential — NDA. Payment to IBAN DE89370400440532013000' });
    expect(r.label.name).toBe('Confidential');
    expect(r.matched_rules).toEqual(['Marked confidential', 'Financial data']);
    expect(r.findings[1]!.samples).toEqual([{ detector: 'iban', value: 'DE89 **** **** **** **** 00', offset: 36, length: 22 }]);
  });

  it('has a test case for every detector', () => {
    expect(DETECTOR_CASES.map(keyOf).sort()).toEqual([...CATALOGUE_KEYS].sort());
  });

  it('serves rule definitions only: summaries, notes and examples stay in the catalogue', () => {
    const served = JSON.stringify(defaultRules());
    for (const word of ['"examples"', '"summary"', '"notes"', '"phrases"']) expect(served).not.toContain(word);
  });

  it('round-trips through the rules file format', () => {
    const rules = defaultRules();
    expect(parseRuleFile(stringify({ rules })).rules).toEqual(rules);
  });
});

describe.each(DETECTOR_CASES)('$rule / $id', (c) => {
  it('reports valid values, with a sample pointing at the value', () => {
    for (const value of c.valid) {
      const text = textOf(c, value);
      const r = run(text);
      expect(detectorsOf(r), text).toContain(keyOf(c));
      const sample = r.findings.find((f) => f.rule === c.rule)!.samples.find((s) => s.detector === c.id)!;
      expect(text.slice(sample.offset, sample.offset + sample.length)).toBe(value);
    }
  });

  it('does not report lookalikes', () => {
    for (const value of c.invalid) expect(reports(c, textOf(c, value)), textOf(c, value)).toBe(false);
  });

  const bare = c.bareLead;
  if (bare !== undefined) {
    it('needs its supporting word', () => {
      for (const value of c.valid) expect(reports(c, textOf(c, value, bare)), textOf(c, value, bare)).toBe(false);
    });
  }

  it('ignores allow-listed values, per rule and workspace-wide, ignoring case, spaces, dashes and dots', () => {
    const value = c.valid[0]!;
    const loose = value.replace(/[\s.-]/g, '').toLowerCase();
    const workspace: Exclusions = { ...EMPTY_EXCLUSIONS, values: [loose] };
    expect(reports(c, textOf(c, value), withRuleExclusions(c.rule, [value]))).toBe(false);
    expect(reports(c, textOf(c, value), compilePolicy(DEFAULT_LABELS, defaultRules(), workspace))).toBe(false);
    expect(reports(c, textOf(c, c.valid[1] ?? c.valid[0]!), withRuleExclusions(c.rule, ['something-else']))).toBe(true);
  });

  it('handles a line break as documented', () => {
    for (const { text, reported } of c.lineBreaks) expect(reports(c, text), JSON.stringify(text)).toBe(reported);
  });

  it('never returns a raw value', () => {
    for (const value of c.valid) {
      const r = run(textOf(c, value));
      // Marking values ("Confidential") are also label names: for them only the samples are checked.
      const shown = c.id === KEYWORDS_DETECTOR_ID ? JSON.stringify(r.findings.map((f) => f.samples)) : JSON.stringify(r);
      expect(shown).not.toContain(value);
    }
  });
});

describe('a match the validator refuses is tried again shorter', () => {
  const ibanSamples = (text: string) => run(text).findings.flatMap((f) => f.samples.filter((s) => s.detector === 'iban').map((s) => text.slice(s.offset, s.offset + s.length)));

  it('reports the valid IBAN when a short last group takes a letter or digits that follow it', () => {
    // Presidio's case: the " X" after the number is taken as the print form's short last group.
    expect(ibanSamples('this is an iban VG96 VPVG 0000 0123 4567 8901 X in a sentence')).toEqual(['VG96 VPVG 0000 0123 4567 8901']);
    const iban = DETECTOR_CASES.find((c) => c.id === 'iban')!;
    const printForm = iban.valid.filter((v) => v.includes(' '));
    expect(printForm.length).toBeGreaterThan(3);
    for (const v of printForm) for (const tail of [' X', ' 7', ' AB1']) expect(ibanSamples(`IBAN ${v}${tail} paid`), v + tail).toEqual([v]);
  });

  it('stays quiet when no shorter end is valid, or the text goes on inside a word', () => {
    for (const text of ['IBAN DE89 3704 0044 0532 0130 01 X', 'IBAN GB29 NWBK 6016 1331 9268 18 X', 'IBAN DE89370400440532013000X', 'IBAN SC18 SSCB 1101 0000 0000 0000 1497 USE']) {
      expect(ibanSamples(text), text).toEqual([]);
    }
  });
});

describe('the catalogue’s documented examples', () => {
  it.each(catalogueEntries())('$key', ({ key, examples }) => {
    expect(examples.match.length).toBeGreaterThan(0);
    expect(examples.no_match.length).toBeGreaterThan(0);
    for (const text of examples.match) expect(detectorsOf(run(text)), text).toContain(key);
    for (const { text } of examples.no_match) expect(detectorsOf(run(text)), text).not.toContain(key);
  });
});

describe('the negative set', () => {
  const rand = seededRandom(404);
  const sentences = Array.from({ length: 300 }, () =>
    [
      `Order ${V.orderNumber(rand)} shipped at ${V.isoTimestamp(rand)} as request ${V.uuid(rand)}.`,
      `Build ${V.semver(rand)} (commit ${V.gitSha(rand)}, short ${V.gitSha(rand).slice(0, 7)}) is live.`,
      `Tracking ${V.randomSixteen(rand)} and ${V.luhnValidSixteen(rand)}, batch ${V.uuid(rand).replace(/[a-f]/g, '7')}.`,
    ].join(' '),
  );

  it('UUIDs, order numbers, timestamps, versions, git SHAs and random 16-digit numbers trigger no rule at all', () => {
    for (const s of sentences) expect(run(s).matched_rules, s).toEqual([]);
  });

  it('phone numbers are contact data, never financial data or credentials', () => {
    for (let i = 0; i < 100; i++) {
      const text = `Phone: +1 212 555 ${rand.int(1000, 9999)}, mobile 0170 ${rand.int(1_000_000, 9_999_999)}, fax +44 20 7946 ${rand.int(1000, 9999)}`;
      expect(run(text).matched_rules, text).toEqual(['Contact data']);
    }
  });
});
