#!/usr/bin/env node
// `npx assay …` from the checkout: run the TypeScript entry point through tsx. The worker threads
// run compiled bundles instead (bin/worker-bundles.js); stale ones are rebuilt first.
import { register } from 'tsx/esm/api';
import { ensureWorkerBundles } from './worker-bundles.js';

await ensureWorkerBundles();
register();
await import('../cli/main.ts');
