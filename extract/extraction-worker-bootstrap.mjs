// Worker bootstrap: runs the compiled worker (bin/worker-bundles.js) when it is built from the
// sources as they are; otherwise loads the heavy JS dependencies natively, then registers tsx (for
// our TypeScript only) and starts the worker from source.
// Order matters under tsx: modules loaded through its hooks cost ~10x the heap and time (tsx rewrites dynamic imports
// and inlines source maps), which for pdf.js alone is ~150 MB of heap and over a second per worker start.
import { freshBundleUrl } from '../bin/worker-bundles.js';

const bundle = freshBundleUrl('extract/extraction-worker.ts');

// pdf.js loads its (large) in-thread worker module lazily; load it now, natively. Same URL, so pdf.js reuses it.
try {
  await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
} catch {
  // Not resolvable from here (non-hoisted install): pdf.js will load it itself, only more slowly.
}

if (bundle !== null) {
  await import(bundle);
} else {
  await import('pdf-parse');
  await import('mammoth');
  await import('htmlparser2');
  await import('tesseract.js');
  const { register } = await import('tsx/esm/api');
  register();
  await import('./extraction-worker.ts');
}
