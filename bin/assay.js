#!/usr/bin/env node
// `npx assay …` from the checkout: runs `cli/main.ts` compiled (bin/worker-bundles.js; stale
// bundles are rebuilt first), or through tsx when its bundle cannot be had.
import { ensureWorkerBundles, freshBundleUrl } from './worker-bundles.js';

await ensureWorkerBundles();
const main = freshBundleUrl('cli/main.ts');
if (main !== null) {
  await import(main);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
