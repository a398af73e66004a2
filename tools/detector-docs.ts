// Writes docs/detectors.md, the detector reference, from the catalogue itself (rules, patterns,
// validators, context words, examples) and the corpus measurement. Run `npx tsx tools/detector-docs.ts`;
// test/detection-corpus.test.ts fails when the file is out of date.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CatalogueEntry, catalogueEntries, CATALOGUE } from '../shared/engine/catalogue/index.ts';
import type { CatalogueRule, PatternInput } from '../shared/engine/catalogue/catalogue-types.ts';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { maskValue } from '../shared/engine/mask.ts';
import { CORPUS, type CorpusScores, measureDefaultCatalogue, type Score } from '../test/helpers/corpus-scoring.ts';
import { sourceOf } from './detector-sources.ts';

export const DETECTOR_DOCS_PATH = join(import.meta.dirname, '..', 'docs', 'detectors.md');

/** Inline code that survives backticks and pipes in the text. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\n/g, '⏎')}${pad}${fence}`;
}

const list = (words: readonly string[]) => words.map((w) => `“${w}”`).join(', ');

/** An example as the engine would show it: for credentials, every detected value masked. */
function shownExample(rule: CatalogueRule, text: string): string {
  if (rule.rule.category !== 'credentials') return text;
  const result = classify(compilePolicy(DEFAULT_LABELS, defaultRules()), { name: 'example.txt', content: text });
  const spans = result.findings.flatMap((f) => f.samples).sort((a, b) => b.offset - a.offset);
  let shown = text;
  for (const s of spans) shown = shown.slice(0, s.offset) + maskValue(text.slice(s.offset, s.offset + s.length), s.detector) + shown.slice(s.offset + s.length);
  return shown;
}

function contextLine(p: PatternInput): string {
  if (!p.context) return 'none';
  const window = p.context.window ?? 300;
  const how = p.context.required ? `**required** within ${window} characters` : `raises the confidence one level when within ${window} characters`;
  return `${how}: ${list(p.context.keywords)}`;
}

function confidenceLine(p: PatternInput): string {
  const base = p.confidence ?? 'medium';
  if (!p.context) return base;
  const raised = base === 'low' ? 'medium' : 'high';
  return p.context.required ? raised : `${base}, ${raised} with context`;
}

function detectorSection(e: CatalogueEntry): string[] {
  const lines = [`### ${code(e.id)}`, '', e.summary, ''];
  const pattern = e.rule.detectors.find((d) => d.pattern.id === e.id)?.pattern;
  if (pattern) {
    lines.push(`- **Pattern:** ${code(pattern.regex)}${pattern.flags ? ` (flags ${code(pattern.flags)})` : ''}${pattern.group ? `, value in group ${pattern.group}` : ''}`);
    lines.push(`- **Validator:** ${pattern.validator ? code(pattern.validator) : 'none'}`);
    lines.push(`- **Source of truth:** ${sourceOf(e.key, pattern.validator) ?? 'this catalogue (a heuristic: the notes say what counts)'}`);
    if (pattern.min_entropy !== undefined) lines.push(`- **Minimum entropy:** ${pattern.min_entropy} bits per character`);
    lines.push(`- **Context:** ${contextLine(pattern)}`);
    lines.push(`- **Confidence:** ${confidenceLine(pattern)}`);
  } else if (e.rule.keywords) {
    for (const [language, phrases] of Object.entries(e.rule.keywords.phrases)) lines.push(`- **${language}:** ${list(phrases)}`);
    lines.push(`- **Confidence:** ${e.rule.rule.conditions?.keyword_confidence ?? 'medium'}`);
    lines.push('- **Source of truth:** this catalogue’s phrase lists');
  }
  if (e.notes) lines.push(`- **Notes:** ${e.notes}`);
  lines.push(`- **Detected:** ${code(shownExample(e.rule, e.examples.match[0]!))}`);
  const rejected = e.examples.no_match[0]!;
  lines.push(`- **Rejected:** ${code(rejected.text)} — ${rejected.why}`, '');
  return lines;
}

function ruleSection(rule: CatalogueRule, entries: readonly CatalogueEntry[]): string[] {
  const r = rule.rule;
  const lines = [`## ${r.name}`, '', `**Label:** ${r.label} · **Priority:** ${r.priority} · **Category:** ${r.category}`, '', r.description ?? '', ''];
  const ex = r.conditions?.exclusions;
  if (ex) {
    if ((ex.values ?? []).length > 0) lines.push(`- **Allow-listed values:** ${(ex.values ?? []).map((v) => code(v.length > 40 ? `${v.slice(0, 24)}…` : v)).join(', ')}`);
    if ((ex.patterns ?? []).length > 0) lines.push(`- **Exclusion patterns:** ${(ex.patterns ?? []).map(code).join(', ')}`);
    if ((ex.stop_words ?? []).length > 0) lines.push(`- **Stop words** (a value containing one written as words — fake, FAKE, Fake, TokenHere — is dropped; the same letters in random mixed case, …lFaKe, are not): ${list(ex.stop_words ?? [])}`);
    lines.push('');
  }
  for (const e of entries) lines.push(...detectorSection(e));
  return lines;
}

function scoreTable(title: string, scores: readonly Score[]): string[] {
  const f = (n: number) => n.toFixed(3);
  return [`| ${title} | documents | TP | FP | FN | precision | recall |`, '|---|---:|---:|---:|---:|---:|---:|', ...scores.map((s) => `| ${s.key} | ${s.expected} | ${s.tp} | ${s.fp} | ${s.fn} | ${f(s.precision)} | ${f(s.recall)} |`), ''];
}

export function renderDetectorDocs(scores: CorpusScores): string {
  const entries = catalogueEntries();
  const lines = [
    '# Detector reference',
    '',
    '<!-- Generated by `npx tsx tools/detector-docs.ts` from shared/engine/catalogue/ and the test corpus; do not edit by hand. -->',
    '',
    `The default catalogue every new workspace starts with: ${CATALOGUE.length} rules, ${entries.length} detectors. A detector is a regular expression`,
    'with, where it helps, a checksum **validator**, a minimum **entropy**, and **context** words that must (or may) appear within a',
    'window of characters before or after the value. A rule applies when one of its detectors finds a value that is not',
    'allow-listed; the asset gets the highest label among the rules that apply. Findings carry masked samples only.',
    '',
    'Values are matched on one line: a value broken by a line break (a PDF wrapping an IBAN) is not joined, but a context',
    'word may stand on the line before or after, or in the neighbouring table cell. Keyword phrases may break across lines.',
    'Allow lists compare values ignoring case, spaces, dashes and dots.',
    '',
    'Context words are matched as tokens, not as exact spellings (shared/engine/context-matcher.ts): the words of a phrase may be',
    'run together or joined by a blank, dash or underscore (passport number, passportnumber, passport_number, dateOfBirth), and the',
    'last word may take a plural or possessive ending (SSNs, phones, SSN’s). Each detector names its **source of truth**: the',
    'published algorithm its validator implements, or where its format is specified.',
    '',
    '| Rule | Label | Priority | Detectors |',
    '|---|---|---:|---|',
    ...CATALOGUE.map((r) => `| [${r.rule.name}](#${r.rule.name.toLowerCase().replace(/\s+/g, '-')}) | ${r.rule.label} | ${r.rule.priority} | ${entries.filter((e) => e.rule === r).map((e) => code(e.id)).join(', ')} |`),
    '',
  ];
  for (const rule of CATALOGUE) lines.push(...ruleSection(rule, entries.filter((e) => e.rule === rule)));
  lines.push(
    '## Precision and recall on the test corpus',
    '',
    `${scores.documents} generated documents (seed ${CORPUS.seed}: contracts, HR letters, invoices, payment forms, medical notes, newsletters,`,
    'meeting notes, memos in German, French and Spanish, CSV exports, server configs, chat logs, READMEs and logs, with',
    'UUIDs, versions, timestamps, order numbers, placeholders and checksum-invalid lookalikes mixed in). Counted per',
    'document: a detector is a true positive on a document that holds its kind of value. The build fails below 0.98.',
    '',
    ...scoreTable('Detector', scores.detectors),
    ...scoreTable('Label', scores.labels),
  );
  return `${lines.join('\n').trimEnd()}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(DETECTOR_DOCS_PATH, renderDetectorDocs(measureDefaultCatalogue()));
  console.log(`written ${DETECTOR_DOCS_PATH}`);
}
