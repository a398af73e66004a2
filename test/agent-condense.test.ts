// Condensing long documents for the content limit: never longer than the budget, and the engine
// gives the condensed text the label and matched rules of the whole text — also for rules whose
// matches are spread over the document (min_matches).
import { describe, expect, it } from 'vitest';
import { buildClassifyBody } from '../agent/request/classify-request.ts';
import { condenseContent, PASSAGE_SEPARATOR } from '../agent/request/condense-content.ts';
import { spansInRanges } from '../extract/member-of.ts';
import { loadServedPolicy } from '../agent/policy/policy-cache-file.ts';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { ruleDefinitionSchema } from '../shared/engine/rule-definition.ts';

const levels = new Map(DEFAULT_LABELS.map((l) => [l.name, l.level]));
const asset = { name: 'fs01:/srv/share/report.txt', asset_type: 'document' };
const filler = (n: number) => 'Routine notes about the weekly facilities meeting and the parking plan. '.repeat(Math.ceil(n / 72)).slice(0, n);

function condense(policy: ReturnType<typeof compilePolicy>, text: string, budget: number) {
  const full = classify(policy, { ...asset, content: text });
  const out = condenseContent({ policy, levels, ...asset, text, full, budget });
  return { full, out, again: classify(policy, { ...asset, content: out.content }) };
}

describe('condenseContent', () => {
  const policy = compilePolicy(DEFAULT_LABELS, defaultRules());

  it('leaves text within the budget alone', () => {
    const { out } = condense(policy, 'Confidential.', 1000);
    expect(out).toEqual({ content: 'Confidential.', exact: true, condensed: false, passages: 0, ranges: [[0, 13]] });
  });

  it('keeps a marker at the very end of a long text', () => {
    const text = `${filler(600_000)} Wire it to IBAN DE89 3704 0044 0532 0130 00 — strictly confidential.`;
    const { full, out, again } = condense(policy, text, 20_000);
    expect(full.matched_rules).toEqual(['Marked confidential', 'Financial data']);
    expect(out.content.length).toBeLessThanOrEqual(20_000);
    expect(out.exact).toBe(true);
    expect(again.label).toEqual(full.label);
    expect(again.matched_rules).toEqual(full.matched_rules);
    // The ranges say which parts of the text the content holds (member positions follow them).
    expect(out.ranges.length).toBeGreaterThan(1);
    expect(out.ranges.map(([s, e]) => text.slice(s, e)).join(PASSAGE_SEPARATOR)).toBe(out.content);
  });

  it('finds the windows a min_matches rule needs when no single window matches it', () => {
    const spread = ruleDefinitionSchema.parse({ name: 'Falcon dossier', label: 'Restricted', priority: 1, conditions: { keywords: ['falcon'], min_matches: 4 } });
    const withSpread = compilePolicy(DEFAULT_LABELS, [...defaultRules(), spread]);
    const parts = [filler(50_000), 'falcon', filler(70_000), 'falcon', filler(40_000), 'falcon', filler(90_000), 'falcon', filler(30_000)];
    const { full, out, again } = condense(withSpread, parts.join(' '), 24_000);
    expect(full.label.name).toBe('Restricted');
    expect(out.content.length).toBeLessThanOrEqual(24_000);
    expect(out.exact).toBe(true);
    expect(again.matched_rules).toEqual(['Falcon dossier']);
  });

  it('keeps the most sensitive passages when not all fit, and says when it is not exact', () => {
    const many = Array.from({ length: 60 }, (_, i) => `${filler(8000)} for internal use only ${i}`).join(' ');
    const text = `${many} ${filler(5000)} -----BEGIN PRIVATE KEY----- ${filler(5000)}`;
    const { full, out, again } = condense(policy, text, 4096);
    expect(out.content.length).toBeLessThanOrEqual(4096);
    expect(full.label.name).toBe('Restricted');
    expect(again.label.name).toBe('Restricted');
    expect(out.exact).toBe(again.matched_rules.join() === full.matched_rules.join());
  });
});

describe('buildClassifyBody', () => {
  it('keeps the JSON body within body_bytes even when every character needs escaping', () => {
    const policy = loadServedPolicy({ labels: [...DEFAULT_LABELS], rules: [], labels_etag: null, rules_etag: null, fetched_at: '' });
    const text = '\u0001'.repeat(50_000); // six bytes each once JSON-escaped
    const full = classify(policy.compiled, { ...asset, content: text });
    const { body } = buildClassifyBody({ policy, ...asset, text, full, contentChars: 40_000, bodyBytes: 60_000 });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(60_000);
    expect((JSON.parse(body) as { source: string }).source).toBe('agent');
  });
});

describe('spansInRanges', () => {
  const spans = [{ member: 'a.txt', offset: 0 }, { member: 'b.txt', offset: 10 }, { member: 'c.txt', offset: 30 }, { member: 'd.txt', offset: 30 }];
  it('starts each kept range with the member it lies in and shifts the members inside it', () => {
    // "aaaaa" + 3-char separator + text[25..40): b.txt continues, then d.txt (c.txt is empty) at 30.
    expect(spansInRanges(spans, [[0, 5], [25, 40]], 3)).toEqual([{ member: 'a.txt', offset: 0 }, { member: 'b.txt', offset: 8 }, { member: 'd.txt', offset: 13 }]);
    expect(spansInRanges(spans, [[0, 50]], 3)).toEqual([{ member: 'a.txt', offset: 0 }, { member: 'b.txt', offset: 10 }, { member: 'd.txt', offset: 30 }]);
    expect(spansInRanges(spans, [[12, 20], [22, 28]], 3)).toEqual([{ member: 'b.txt', offset: 0 }]);
    expect(spansInRanges([{ member: 'late.txt', offset: 100 }], [[0, 50]], 3)).toEqual([]);
    expect(spansInRanges(spans, [], 3)).toEqual([]);
  });
});
