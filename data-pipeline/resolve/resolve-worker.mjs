// Entry of a city-resolver worker thread (resolve/parallel-resolve.ts): registers tsx in this thread, as
// cube/deliveries-worker.mjs does, then runs the TypeScript worker body.
import { register } from 'tsx/esm/api';

register();
await import('./resolve-worker.ts');
