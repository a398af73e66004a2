// Worker bootstrap: runs the compiled worker (bin/worker-bundles.js) when it is built from the
// sources as they are; it loads pdf.js, mammoth and tesseract.js only when a file needs them.
// Otherwise the TypeScript runs through tsx, and then the heavy JS dependencies are loaded here
// first, natively: modules loaded through tsx's hooks cost ~10x the heap and time (tsx rewrites
// dynamic imports and inlines source maps), which for pdf.js alone is ~150 MB of heap and over a
// second per worker start. The worker imports the same packages, so it loads nothing twice.
import { freshBundleUrl, runEntry } from '../bin/worker-bundles.js';

const ENTRY = 'extract/extraction-worker.ts';

if (freshBundleUrl(ENTRY) === null) {
  // pdf.js's polyfills replace these two natives (extract/native-builtins.ts): keep the natives.
  const { push } = Array.prototype;
  const { parse } = JSON;
  await import('pdf-parse');
  await import('mammoth');
  await import('htmlparser2');
  await import('tesseract.js');
  // pdf.js loads its (large) in-thread worker module lazily; load it now, natively. Same URL, so pdf.js reuses it.
  try {
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  } catch {
    // Not resolvable from here (non-hoisted install): pdf.js will load it itself, only more slowly.
  }
  Object.defineProperty(Array.prototype, 'push', { value: push, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(JSON, 'parse', { value: parse, writable: true, configurable: true, enumerable: false });
}

await runEntry(ENTRY);
