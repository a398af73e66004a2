// Worker bootstrap: loads recheck natively, registers tsx for our TypeScript and starts the worker.
import 'recheck';
import { register } from 'tsx/esm/api';

register();
await import('./analysis-worker.ts');
