// Extraction throughput per container format through the worker pool (two workers), beside
// `unzip -p` of the same text parts (two processes at a time) over the same generated files in
// the same run: what reading the XML costs on top of inflating it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { createExtractorPool } from '../extract/extractor-pool.ts';
import { makeOdf, makePptx, makeXlsx, makeZip, odfParagraph, odfTable } from '../test/helpers/office-documents.ts';
import { timeCommand } from './extraction-bench.ts';
import { seededRandom } from './seeded-random.ts';
import { generateText } from './text-corpus.ts';

export interface FormatRow {
  readonly format: string;
  readonly files: number;
  readonly text_mb: number;
  readonly assay_mb_s: number;
  readonly unzip_mb_s: number | null;
  readonly ratio_vs_unzip: number | null;
}

const MB = 1024 * 1024;
const WORKERS = 2;

interface Sample {
  format: string;
  make: (text: string) => Promise<Buffer>;
  /** The parts `unzip -p` prints for the baseline. */
  parts: string[];
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

const SAMPLES: Sample[] = [
  {
    format: 'xlsx',
    make: (text) => {
      const w = words(text);
      const rows: string[][] = [['Name', 'Note', 'Code']];
      for (let i = 0; i + 3 <= w.length; i += 3) rows.push([w[i]!, w[i + 1]!, w[i + 2]!]);
      return makeXlsx([{ name: 'Data', rows }]);
    },
    parts: ['xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml'],
  },
  {
    format: 'pptx',
    make: (text) => {
      const chunks = text.match(/[\s\S]{1,2000}/g) ?? [];
      return makePptx(chunks.map((c, i) => ({ text: [c], notes: [`note ${i}`] })));
    },
    parts: ['ppt/slides/*.xml', 'ppt/notesSlides/*.xml'],
  },
  { format: 'odt', make: (text) => makeOdf('odt', (text.match(/[\s\S]{1,500}/g) ?? []).map(odfParagraph).join('')), parts: ['content.xml'] },
  {
    format: 'ods',
    make: (text) => {
      const w = words(text);
      const rows: string[][] = [['Name', 'Note', 'Code']];
      for (let i = 0; i + 3 <= w.length; i += 3) rows.push([w[i]!, w[i + 1]!, w[i + 2]!]);
      return makeOdf('ods', odfTable(rows));
    },
    parts: ['content.xml'],
  },
  { format: 'zip (10 text members)', make: (text) => makeZip(Object.fromEntries((text.match(/[\s\S]{1,30000}/g) ?? []).slice(0, 10).map((c, i) => [`docs/part-${i}.txt`, c]))), parts: ['docs/*'] },
];

export async function runFormatBench(opts: { dir: string; filesPerFormat: number; chars: number }): Promise<FormatRow[]> {
  const dir = join(opts.dir, 'formats');
  mkdirSync(dir, { recursive: true });
  const rand = seededRandom(17);
  const pool = createExtractorPool({ workers: WORKERS, timeoutMs: 60_000, maxMemoryMb: 512, maxFileBytes: 100 * MB, maxTextChars: 64 * MB, logger: pino({ level: 'silent' }) });
  const rows: FormatRow[] = [];
  try {
    for (const sample of SAMPLES) {
      const ext = sample.format.split(' ')[0];
      const files: string[] = [];
      for (let i = 0; i < opts.filesPerFormat; i++) {
        const file = join(dir, `${ext}-${i}.${ext}`);
        writeFileSync(file, await sample.make(generateText(rand, opts.chars)));
        files.push(file);
      }
      await Promise.all(files.slice(0, WORKERS).map((f) => pool.extract(f))); // warm-up
      const t0 = performance.now();
      const results = await Promise.all(files.map((f) => pool.extract(f)));
      const seconds = (performance.now() - t0) / 1000;
      let chars = 0;
      for (const r of results) {
        if (!r.ok) throw new Error(`${sample.format} extraction failed: ${r.code} ${r.reason}`);
        chars += r.text.length;
      }
      const unzipS = await timeCommand('unzip', (f) => ['-p', f, ...sample.parts], files, WORKERS).catch(() => null);
      const textMb = chars / MB;
      const assay = textMb / seconds;
      const unzip = unzipS === null ? null : textMb / unzipS;
      rows.push({ format: sample.format, files: files.length, text_mb: textMb, assay_mb_s: assay, unzip_mb_s: unzip, ratio_vs_unzip: unzip === null ? null : unzip / assay });
    }
  } finally {
    await pool.close();
  }
  return rows;
}
