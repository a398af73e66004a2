// Worker bootstrap: runs the compiled classification worker (bin/worker-bundles.js) when it is
// built from the sources as they are; otherwise registers tsx for our TypeScript and starts it from source.
import { freshBundleUrl } from '../../bin/worker-bundles.js';

const bundle = freshBundleUrl('shared/classify-pool/classify-worker.ts');
if (bundle !== null) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./classify-worker.ts');
}
