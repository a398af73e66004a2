// OCR throughput through the agent's real path (the extraction worker pool, two workers, each with
// its tesseract.js thread) beside Debian's `tesseract` CLI, two processes at a time, over copies of
// the same scanned page (test/fixtures/ocr/page.png) in the same run; plus the same page as an
// image-only PDF (rendered, then read), which has no command-line baseline here.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { createExtractorPool } from '../extract/extractor-pool.ts';
import { installed, timeCommand } from './extraction-bench.ts';

export interface OcrBenchResult {
  readonly pages: number;
  readonly page_pixels: string;
  readonly assay_pages_s: number;
  readonly assay_pdf_pages_s: number;
  readonly tesseract_cli_pages_s: number | null;
  readonly ratio_vs_tesseract: number | null;
  readonly workers: number;
  readonly note: string;
}

const WORKERS = 2;
const MB = 1024 * 1024;
const FIXTURES = new URL('../test/fixtures/ocr/', import.meta.url);

async function timePool(files: readonly string[], expect: string): Promise<number> {
  const pool = createExtractorPool({ workers: WORKERS, timeoutMs: 60_000, maxMemoryMb: 512, maxFileBytes: 100 * MB, maxTextChars: 8 * MB, logger: pino({ level: 'silent' }) });
  try {
    // Warm-up: both workers started and their tesseract.js threads loaded.
    await Promise.all(files.slice(0, WORKERS).map((f) => pool.extract(f)));
    const t0 = performance.now();
    const results = await Promise.all(files.map((f) => pool.extract(f)));
    const seconds = (performance.now() - t0) / 1000;
    for (const r of results) if (!r.ok || !r.text.includes(expect)) throw new Error(`OCR failed: ${JSON.stringify(r).slice(0, 200)}`);
    return seconds;
  } finally {
    await pool.close();
  }
}

export async function runOcrBench(opts: { dir: string; pages: number }): Promise<OcrBenchResult> {
  const dir = join(opts.dir, 'ocr');
  mkdirSync(dir, { recursive: true });
  const pngs: string[] = [];
  const pdfs: string[] = [];
  for (let i = 0; i < opts.pages; i++) {
    pngs.push(join(dir, `scan-${i}.png`));
    copyFileSync(new URL('page.png', FIXTURES), pngs[i]!);
    pdfs.push(join(dir, `scan-${i}.pdf`));
    copyFileSync(new URL('scanned.pdf', FIXTURES), pdfs[i]!);
  }
  const assayS = await timePool(pngs, 'DE89');
  const assayPdfS = await timePool(pdfs, 'DE89');
  // One thread per process, as each pool worker has one: two processes on the two cores.
  const threads = process.env.OMP_THREAD_LIMIT;
  process.env.OMP_THREAD_LIMIT = '1';
  let cliS: number | null = null;
  try {
    if (await installed('tesseract', '--version')) cliS = await timeCommand('tesseract', (f) => [f, '-', '-l', 'eng'], pngs, WORKERS);
  } finally {
    if (threads === undefined) delete process.env.OMP_THREAD_LIMIT;
    else process.env.OMP_THREAD_LIMIT = threads;
  }
  const assayPagesS = opts.pages / assayS;
  const cliPagesS = cliS === null ? null : opts.pages / cliS;
  return {
    pages: opts.pages,
    page_pixels: '1412x920 (1-bit PNG; the PDF page rendered at 300 dpi is 2100x1350)',
    assay_pages_s: assayPagesS,
    assay_pdf_pages_s: opts.pages / assayPdfS,
    tesseract_cli_pages_s: cliPagesS,
    ratio_vs_tesseract: cliPagesS === null ? null : cliPagesS / assayPagesS,
    workers: WORKERS,
    note:
      cliS === null
        ? 'tesseract CLI not installed (apt-get install tesseract-ocr tesseract-ocr-eng): no baseline'
        : 'tesseract 5 CLI, one process per page, two at a time, OMP_THREAD_LIMIT=1, Debian eng model; the pool has two workers',
  };
}
