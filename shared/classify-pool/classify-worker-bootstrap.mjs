// Worker bootstrap: registers tsx for our TypeScript (the engine has no heavy JS dependencies) and
// starts the classification worker.
import { register } from 'tsx/esm/api';

register();
await import('./classify-worker.ts');
