// Worker bootstrap: loads the heavy JS dependencies natively, then registers tsx (for our TypeScript only) and starts the worker.
// Order matters: modules loaded through tsx's hooks cost ~10x the heap and time (tsx rewrites dynamic imports
// and inlines source maps), which for pdf.js alone is ~150 MB of heap and over a second per worker start.
import 'pdf-parse';
import 'mammoth';
import 'htmlparser2';
import 'tesseract.js';
import { register } from 'tsx/esm/api';

// pdf.js loads its (large) in-thread worker module lazily; load it now, natively. Same URL, so pdf.js reuses it.
try {
  await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
} catch {
  // Not resolvable from here (non-hoisted install): pdf.js will load it itself, only more slowly.
}

register();
await import('./extraction-worker.ts');
