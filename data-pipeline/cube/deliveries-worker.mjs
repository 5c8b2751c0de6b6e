// Entry of the deliveries worker thread: registers tsx in this thread (execArgv loaders do not reach workers on
// every Node version), then runs the TypeScript worker body.
import { register } from 'tsx/esm/api';

register();
await import('./deliveries-worker.ts');
