// A sweep worker thread: TypeScript through tsx, like the CLI itself.
import { register } from 'tsx/esm/api';

register();
await import('../runner/sweep-worker.ts');
