// A worker thread of `npm run bench -- bugs`: TypeScript through tsx, like bin/sweep-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./bugs-worker.ts');
