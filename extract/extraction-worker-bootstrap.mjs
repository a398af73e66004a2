// Worker bootstrap: loads the heavy JS dependencies natively, then runs the compiled worker
// (bin/worker-bundles.js) when it is built from the sources as they are, otherwise the TypeScript
// through tsx. Order matters under tsx: modules loaded through its hooks cost ~10x the heap and time
// (tsx rewrites dynamic imports and inlines source maps), which for pdf.js alone is ~150 MB of heap
// and over a second per worker start. The bundle imports the same packages, so it loads nothing twice.
import 'pdf-parse';
import 'mammoth';
import 'htmlparser2';
import 'tesseract.js';
import { runEntry } from '../bin/worker-bundles.js';

// pdf.js loads its (large) in-thread worker module lazily; load it now, natively. Same URL, so pdf.js reuses it.
try {
  await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
} catch {
  // Not resolvable from here (non-hoisted install): pdf.js will load it itself, only more slowly.
}

await runEntry('extract/extraction-worker.ts');
