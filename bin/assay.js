#!/usr/bin/env node
// `npx assay …` from the checkout: run the TypeScript entry point through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
