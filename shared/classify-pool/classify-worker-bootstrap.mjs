// Worker bootstrap: runs the compiled classification worker (bin/worker-bundles.js) when it is
// built from the sources as they are; otherwise registers tsx for our TypeScript and starts it from source.
import { runEntry } from '../../bin/worker-bundles.js';

await runEntry('shared/classify-pool/classify-worker.ts');
