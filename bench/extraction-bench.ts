// Extraction throughput through the agent's real path (the extraction worker pool, two workers
// on the two cores), beside pdftotext and `unzip -p … word/document.xml`, also two at a time,
// over the same generated files in the same run.
import { spawn } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { createExtractorPool } from '../extract/extractor-pool.ts';
import { benchDocxXml, makeBenchDocx, makeBenchPdf } from './bench-documents.ts';
import { seededRandom } from './seeded-random.ts';
import { generateText } from './text-corpus.ts';

export interface ExtractionResult {
  readonly pdf: { files: number; pages: number; assay_pages_s: number; pdftotext_pages_s: number | null; ratio_vs_pdftotext: number | null };
  readonly docx: {
    files: number;
    file_mb: number;
    document_xml_mb: number;
    assay_mb_s: number;
    unzip_mb_s: number | null;
    ratio_vs_unzip: number | null;
  };
  readonly workers: number;
  readonly note: string;
}

const MB = 1024 * 1024;
const WORKERS = 2;

/** Runs `cmd args(file)` for every file, `parallel` at a time; resolves with the wall time in seconds. */
export async function timeCommand(cmd: string, args: (file: string) => string[], files: readonly string[], parallel: number): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      await new Promise<void>((resolve, reject) => {
        const child = spawn(cmd, args(file), { stdio: ['ignore', 'pipe', 'ignore'] });
        child.stdout.resume();
        child.once('error', reject);
        child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${file} exited ${code}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return (performance.now() - t0) / 1000;
}

export async function installed(cmd: string, arg: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(cmd, [arg], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', () => resolve(true));
  });
}

export async function runExtractionBench(opts: { dir: string; pdfFiles: number; pagesPerPdf: number; docxFiles: number; docxChars: number }): Promise<ExtractionResult> {
  const dir = join(opts.dir, 'extraction');
  mkdirSync(dir, { recursive: true });
  const rand = seededRandom(11);
  const pdfs: string[] = [];
  for (let i = 0; i < opts.pdfFiles; i++) {
    const pages = Array.from({ length: opts.pagesPerPdf }, () => generateText(rand, 5200));
    const file = join(dir, `report-${i}.pdf`);
    writeFileSync(file, await makeBenchPdf(pages));
    pdfs.push(file);
  }
  const docxs: string[] = [];
  let docxBytes = 0;
  let xmlBytes = 0;
  for (let i = 0; i < opts.docxFiles; i++) {
    const text = generateText(rand, opts.docxChars);
    const file = join(dir, `memo-${i}.docx`);
    writeFileSync(file, await makeBenchDocx(text));
    docxs.push(file);
    docxBytes += statSync(file).size;
    xmlBytes += Buffer.byteLength(benchDocxXml(text));
  }

  const pool = createExtractorPool({ workers: WORKERS, timeoutMs: 60_000, maxMemoryMb: 512, maxFileBytes: 100 * MB, maxTextChars: 8 * MB, logger: pino({ level: 'silent' }) });
  let assayPdfS: number;
  let assayDocxS: number;
  let pages = 0;
  try {
    // Warm-up: both workers started and their libraries loaded.
    await Promise.all([pool.extract(pdfs[0]!), pool.extract(docxs[0]!), pool.extract(pdfs[1]!), pool.extract(docxs[1]!)]);
    let t0 = performance.now();
    const pdfResults = await Promise.all(pdfs.map((f) => pool.extract(f)));
    assayPdfS = (performance.now() - t0) / 1000;
    for (const r of pdfResults) {
      if (!r.ok) throw new Error(`PDF extraction failed: ${r.code} ${r.reason}`);
      pages += r.pages ?? opts.pagesPerPdf;
    }
    t0 = performance.now();
    const docxResults = await Promise.all(docxs.map((f) => pool.extract(f)));
    assayDocxS = (performance.now() - t0) / 1000;
    for (const r of docxResults) if (!r.ok) throw new Error(`DOCX extraction failed: ${r.code} ${r.reason}`);
  } finally {
    await pool.close();
  }

  const hasPdftotext = await installed('pdftotext', '-v');
  const hasUnzip = await installed('unzip', '-v');
  const pdftotextS = hasPdftotext ? await timeCommand('pdftotext', (f) => ['-q', f, '-'], pdfs, WORKERS) : null;
  const unzipS = hasUnzip ? await timeCommand('unzip', (f) => ['-p', f, 'word/document.xml'], docxs, WORKERS) : null;

  const assayPagesS = pages / assayPdfS;
  const pdftotextPagesS = pdftotextS === null ? null : pages / pdftotextS;
  const assayMbS = xmlBytes / MB / assayDocxS;
  const unzipMbS = unzipS === null ? null : xmlBytes / MB / unzipS;
  return {
    pdf: {
      files: pdfs.length,
      pages,
      assay_pages_s: assayPagesS,
      pdftotext_pages_s: pdftotextPagesS,
      ratio_vs_pdftotext: pdftotextPagesS === null ? null : pdftotextPagesS / assayPagesS,
    },
    docx: {
      files: docxs.length,
      file_mb: docxBytes / MB,
      document_xml_mb: xmlBytes / MB,
      assay_mb_s: assayMbS,
      unzip_mb_s: unzipMbS,
      ratio_vs_unzip: unzipMbS === null ? null : unzipMbS / assayMbS,
    },
    workers: WORKERS,
    note: 'pdftotext and unzip run as one process per file, two at a time; the pool has two workers',
  };
}
