// worker_threads entry: runs one extraction per request. pdf.js (and, through the extractors,
// tesseract.js and mammoth) is loaded on the first file that needs it, not at start: an idle worker,
// or one that only reads text and CSV, does not hold it (about 36 MiB for pdf.js alone).
import { parentPort, workerData } from 'node:worker_threads';
import { extractData, extractFile } from './extract-file.ts';
import { createOcrEngine, DEFAULT_OCR_LIMITS } from './ocr-engine.ts';
import type { ExtractRequest, WorkerConfig, WorkerMessage } from './worker-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('extraction-worker must run in a worker thread');
const config = workerData as WorkerConfig;
const CONSOLE_SNIPPET = 200;

// Library chatter must not reach the agent's stdout (its log stream): forward it to the pool instead.
// (Capturing worker stdout with `stdout: true` would keep an idle worker's port ref'd for good.)
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  console[method] = (...args: unknown[]) => {
    const text = args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : String(a))).join(' ');
    const msg: WorkerMessage = { type: 'console', method, text: text.slice(0, CONSOLE_SNIPPET) };
    port.postMessage(msg);
  };
}

// Started on the first image or scanned page; terminated with this thread.
const ocrEngine = createOcrEngine({ pageTimeoutMs: (config.ocr ?? DEFAULT_OCR_LIMITS).pageTimeoutMs });

// pdf.js is warmed up (it loads its large in-thread worker module on first use) before the first
// PDF, which then gets its whole time budget ('loaded'); a failed warm-up still leaves a usable worker.
let pdfLoaded: Promise<void> | null = null;
const loadPdf = () => (pdfLoaded ??= import('./pdf-warmup.ts').then((m) => m.warmUpPdf()).catch(() => undefined));

const extract = async (request: ExtractRequest) => {
  if (request.format === 'pdf' && pdfLoaded === null) {
    await loadPdf();
    port.postMessage({ type: 'loaded', id: request.id } satisfies WorkerMessage);
  }
  const ocr = { engine: ocrEngine, onStart: () => port.postMessage({ type: 'ocr', id: request.id } satisfies WorkerMessage) };
  return request.data
    ? extractData(Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength), request.path, request.format, config, ocr)
    : extractFile(request.path, request.format, config, ocr);
};

port.on('message', (request: ExtractRequest) => {
  void extract(request).then((result) => {
    const reply: WorkerMessage = { type: 'result', id: request.id, result };
    port.postMessage(reply);
  });
});

const ready: WorkerMessage = { type: 'ready' };
port.postMessage(ready);
