// The default catalogue on a generated corpus of realistic documents: precision and recall per
// detector and per label are printed and must stay at or above 0.98; docs/detectors.md, which
// reports them, must be up to date.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECTOR_DOCS_PATH, renderDetectorDocs } from '../tools/detector-docs.ts';
import { measureDefaultCatalogue, scoreRows } from './helpers/corpus-scoring.ts';
import { generateCorpus } from './helpers/corpus-generator.ts';

const MIN = 0.98;
const scores = measureDefaultCatalogue();

describe('detection corpus', () => {
  it('is deterministic and has at least 200 documents, each detector expected in at least five', () => {
    expect(JSON.stringify(generateCorpus(7, 30))).toBe(JSON.stringify(generateCorpus(7, 30)));
    expect(scores.documents).toBeGreaterThanOrEqual(200);
    for (const s of scores.detectors) expect(s.expected, s.key).toBeGreaterThanOrEqual(5);
  });

  it(`keeps precision and recall at or above ${MIN} for every detector and label`, () => {
    console.log(`Default catalogue on ${scores.documents} generated documents, per detector:`);
    console.table(scoreRows(scores.detectors));
    console.log('per label:');
    console.table(scoreRows(scores.labels));
    if (scores.mistakes.length > 0) console.log('mistakes:', JSON.stringify(scores.mistakes, null, 1));
    for (const s of [...scores.detectors, ...scores.labels]) {
      expect(s.precision, `${s.key} precision`).toBeGreaterThanOrEqual(MIN);
      expect(s.recall, `${s.key} recall`).toBeGreaterThanOrEqual(MIN);
    }
  });

  it('docs/detectors.md is up to date (npx tsx tools/detector-docs.ts)', () => {
    expect(readFileSync(DETECTOR_DOCS_PATH, 'utf8')).toBe(renderDetectorDocs(scores));
  });
});
