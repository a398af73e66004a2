#!/usr/bin/env node
// `npx assay …` from the checkout: runs `cli/main.ts` compiled (bin/worker-bundles.js; stale
// bundles are rebuilt first), or through tsx when its bundle cannot be had.
import { ensureWorkerBundles, runEntry } from './worker-bundles.js';

await ensureWorkerBundles();
await runEntry('cli/main.ts');
