// `assay classify --format sarif`: a SARIF 2.1.0 log, so code-scanning dashboards show findings.
// One result per finding (a matched rule in a file), with the rule as ruleId, the level from the
// rule's label, the file as a path relative to the working directory and the masked samples in the
// message; a file whose text cannot be read is one result of the rule `assay/unreadable`.
// Levels by the label's rank in the scheme: the highest label `error`, the next `warning`, the
// lowest `none`, any between `note` (the default scheme: Restricted, Confidential, Internal, Public).
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Label } from '../../shared/engine/label-scheme.ts';
import type { FileRecord, Finding, ReportContext } from './classify-report.ts';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const UNREADABLE_RULE = 'assay/unreadable';
const BASE = 'SRCROOT';

/** Label name (lower case) → SARIF level, by the label's rank among the scheme's levels. */
export function sarifLevels(labels: readonly Label[]): Map<string, SarifLevel> {
  const sorted = [...labels].sort((a, b) => a.level - b.level);
  const n = sorted.length;
  return new Map(sorted.map((l, i) => [l.name.toLowerCase(), i === n - 1 ? 'error' : i === 0 ? 'none' : i === n - 2 ? 'warning' : 'note']));
}

/** The file as a URI relative to the working directory (under SRCROOT), or an absolute file URI outside it. */
function artifactLocation(path: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = relative(cwd, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(path).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: BASE };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 'es'}`;

function findingMessage(f: Finding): string {
  const samples = f.samples.map((s) => `${s.value} (${s.detector}${s.member ? ` in ${s.member}` : ''})`);
  return `${f.rule}: ${plural(f.count, 'match')} (${f.confidence} confidence), label ${f.label}.${samples.length ? ` Masked samples: ${samples.join(', ')}.` : ''}`;
}

interface ServedRule {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly category?: unknown;
  readonly label?: { readonly name?: unknown } | unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function sarifLog(records: readonly FileRecord[], ctx: ReportContext): Record<string, unknown> {
  const labels = ctx.policy.served.labels as Label[];
  const levels = sarifLevels(labels);
  const levelOf = (label: string): SarifLevel => levels.get(label.toLowerCase()) ?? 'warning';
  const rules = (ctx.policy.served.rules as ServedRule[]).flatMap((r) => {
    const name = str(r.name);
    if (name === undefined) return [];
    const label = str((r.label as { name?: unknown } | undefined)?.name) ?? str(r.label) ?? '';
    return [{ id: name, name, shortDescription: { text: str(r.description) ?? name }, defaultConfiguration: { level: levelOf(label) }, properties: { label, category: str(r.category) ?? '' } }];
  });
  rules.push({
    id: UNREADABLE_RULE,
    name: 'Unreadable file',
    shortDescription: { text: 'The text of the file could not be read (encrypted, corrupt, an archive bomb, no text); it gets the unreadable-file label' },
    defaultConfiguration: { level: 'warning' },
    properties: { label: '', category: 'unreadable' },
  });
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const result = (ruleId: string, level: SarifLevel, text: string, r: FileRecord, properties: Record<string, unknown>) => {
    const location = artifactLocation(r.path, ctx.cwd);
    const ruleIndex = index.get(ruleId);
    return {
      ruleId,
      ...(ruleIndex === undefined ? {} : { ruleIndex }),
      level,
      message: { text },
      locations: [{ physicalLocation: { artifactLocation: location } }],
      partialFingerprints: { 'assayFinding/v1': createHash('sha256').update(`${location.uri}\0${ruleId}`).digest('hex') },
      properties,
    };
  };
  const results = records.flatMap((r) =>
    r.unreadable !== null
      ? [result(UNREADABLE_RULE, levelOf(r.label.name), `Text could not be read (${r.unreadable}); counted as ${r.label.name}.`, r, { label: r.label.name })]
      : r.findings.map((f) => result(f.rule, levelOf(f.label), findingMessage(f), r, { label: f.label, count: f.count, confidence: f.confidence, detectors: f.detectors })),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Assay', version: ctx.version, rules } },
        originalUriBaseIds: { [BASE]: { uri: pathToFileURL(ctx.cwd.endsWith(sep) ? ctx.cwd : `${ctx.cwd}${sep}`).href } },
        results,
      },
    ],
  };
}
