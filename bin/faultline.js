#!/usr/bin/env node
// The faultline CLI. Sources are TypeScript run through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

// `faultline sweep … | head`: the reader went away. Stop writing there (no stack trace), but finish the work:
// the exit code is still the verdict's, so `set -o pipefail` scripts see a violation even through `head`.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    stream.destroy();
  });
}

register();
const { main } = await import('../runner/cli.ts');
process.exitCode = await main(process.argv.slice(2));
