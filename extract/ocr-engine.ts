// OCR with tesseract.js: one tesseract worker per extraction worker, started on first use, with the
// English data of @tesseract.js-data/eng read from node_modules (nothing is fetched or cached on
// disk), a time budget per page (the tesseract worker is terminated when a page overruns it) and
// only ever given image bytes (a string would be read as a path or fetched as a URL).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker as TesseractWorker } from 'tesseract.js';
import type { AgentConfig } from '../shared/config/config-schema.ts';
import { ExtractError } from './extraction-result.ts';

/** `extract.ocr` as the extraction worker sees it. */
export interface OcrLimits {
  enabled: boolean;
  maxPixels: number;
  maxPages: number;
  pdfDpi: number;
  pageTimeoutMs: number;
  fileTimeoutMs: number;
}

export const DEFAULT_OCR_LIMITS: OcrLimits = {
  enabled: true,
  maxPixels: 40_000_000,
  maxPages: 100,
  pdfDpi: 300,
  pageTimeoutMs: 60_000,
  fileTimeoutMs: 600_000,
};

export interface OcrEngine {
  /** The text of one PNG, JPEG or TIFF image (already checked against the pixel budget). */
  recognize(image: Uint8Array): Promise<string>;
  close(): Promise<void>;
}

/** tesseract.js's default model: Tesseract's "best" LSTM model quantised to integers (~3 MB gzipped). */
const MODEL_DIR = '4.0.0_best_int';

export function englishDataPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), MODEL_DIR);
}

/** tesseract.js's own worker script behind a console that prints nothing (see the file). */
const WORKER_SCRIPT = fileURLToPath(new URL('./ocr-worker-script.cjs', import.meta.url));

export function createOcrEngine(opts: { pageTimeoutMs: number }): OcrEngine {
  let worker: Promise<TesseractWorker> | null = null;

  function start(): Promise<TesseractWorker> {
    // tesseract.js itself is imported here, on the first image: a thread that never sees one does not load it.
    worker ??= import('tesseract.js').then(({ createWorker, OEM }) =>
      createWorker('eng', OEM.LSTM_ONLY, {
        workerPath: WORKER_SCRIPT,
        langPath: englishDataPath(),
        gzip: true,
        cacheMethod: 'none',
        // Errors outside a job (a crashed tesseract worker) must not be thrown on the event loop.
        errorHandler: () => undefined,
      }),
    );
    return worker;
  }

  /** Terminates the tesseract worker (its wasm memory goes with it); the next page starts a new one. */
  async function stop(): Promise<void> {
    const current = worker;
    worker = null;
    if (current !== null) await current.then((w) => w.terminate()).catch(() => undefined);
  }

  async function recognize(image: Uint8Array): Promise<string> {
    const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
    let timer: NodeJS.Timeout | undefined;
    const overrun = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ExtractError('timeout', `OCR of one page took longer than ${opts.pageTimeoutMs} ms`)), opts.pageTimeoutMs);
    });
    try {
      // Started (and, on a first page, loaded) before the page is given to it: a worker that
      // overran during start-up is terminated below and never sent the page.
      const ready = await Promise.race([start(), overrun]);
      const job = ready.recognize(bytes);
      job.catch(() => undefined); // settled by the race below; a late rejection after an overrun is expected
      const result = await Promise.race([job, overrun]);
      return result.data.text;
    } catch (err) {
      await stop(); // a worker that overran or failed is not reused
      if (err instanceof ExtractError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new ExtractError('corrupt', `OCR could not read the image: ${message}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  return { recognize, close: stop };
}

/** `agent.extract.ocr` from the configuration file, as the extractor pool takes it. */
export function ocrLimitsFromConfig(ocr: AgentConfig['extract']['ocr']): OcrLimits {
  return {
    enabled: ocr.enabled,
    maxPixels: ocr.max_pixels,
    maxPages: ocr.max_pages,
    pdfDpi: ocr.pdf_dpi,
    pageTimeoutMs: ocr.page_timeout_ms,
    fileTimeoutMs: ocr.file_timeout_ms,
  };
}
