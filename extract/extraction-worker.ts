// worker_threads entry: loads the extractors once, then runs one extraction per request.
import { parentPort, workerData } from 'node:worker_threads';
import { extractData, extractFile } from './extract-file.ts';
import { createOcrEngine, DEFAULT_OCR_LIMITS } from './ocr-engine.ts';
import { warmUpPdf } from './pdf-warmup.ts';
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

port.on('message', (request: ExtractRequest) => {
  const ocr = { engine: ocrEngine, onStart: () => port.postMessage({ type: 'ocr', id: request.id } satisfies WorkerMessage) };
  const run = request.data
    ? extractData(Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength), request.path, request.format, config, ocr)
    : extractFile(request.path, request.format, config, ocr);
  void run.then((result) => {
    const reply: WorkerMessage = { type: 'result', id: request.id, result };
    port.postMessage(reply);
  });
});

// Ready only once pdf.js has loaded everything; a failed warm-up still leaves a usable worker.
await warmUpPdf().catch(() => undefined);
const ready: WorkerMessage = { type: 'ready' };
port.postMessage(ready);
