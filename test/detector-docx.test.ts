// Every detector finds its value inside a table cell of a real DOCX read by the agent's extractor,
// with the supporting word in the neighbouring cell, and the sample offset points at the value in
// the extracted text.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../extract/extract-file.ts';
import { classify } from '../shared/engine/classify.ts';
import { compilePolicy } from '../shared/engine/compile-policy.ts';
import { defaultRules } from '../shared/engine/default-rules.ts';
import { DEFAULT_LABELS } from '../shared/engine/label-scheme.ts';
import { makeDocx } from './helpers/documents.ts';
import { type DetectorCase, DETECTOR_CASES } from './helpers/detector-cases.ts';

const policy = compilePolicy(DEFAULT_LABELS, defaultRules());
const LIMITS = { maxFileBytes: 1024 * 1024, maxTextChars: 100_000 };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-detector-docx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function rowOf(c: DetectorCase): readonly [string, string] {
  return c.docxRow ?? [c.lead.trim(), `${c.valid[0]}${c.tail ?? ''}`];
}

describe('detectors in a DOCX table cell', () => {
  it.each(DETECTOR_CASES.map((c) => ({ key: `${c.rule}/${c.id}`, c })))('$key', async ({ c }) => {
    const [label, cell] = rowOf(c);
    const path = join(dir, `${c.rule}-${c.id}.docx`.replace(/\s+/g, '_'));
    await writeFile(path, await makeDocx(['Record', { table: [['Field', 'Value'], [label, cell]] }, 'End of record.']));
    const extracted = await extractFile(path, 'docx', LIMITS);
    if (!extracted.ok) throw new Error(`extraction failed: ${extracted.reason}`);
    const result = classify(policy, { name: path, asset_type: 'document', content: extracted.text });
    const finding = result.findings.find((f) => f.rule === c.rule);
    const sample = finding?.samples.find((s) => s.detector === c.id);
    expect(sample, extracted.text).toBeDefined();
    expect(extracted.text.slice(sample!.offset, sample!.offset + sample!.length)).toBe(c.valid[0]);
  });
});
