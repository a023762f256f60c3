#!/usr/bin/env node
// The faultline CLI. An installed package (a tarball or git dependency) runs the compiled build in dist/: it starts
// in a fraction of the time and needs no tsx. A checkout runs its TypeScript sources through tsx (a devDependency),
// so a fresh clone needs no build step, unless dist/ is newer than every source: an edited or freshly pulled
// checkout never runs a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

// `faultline sweep … | head`: the reader went away. Stop writing there (no stack trace), but finish the work:
// the exit code is still the verdict's, so `set -o pipefail` scripts see a violation even through `head`.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    stream.destroy();
  });
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COMPILED = join(ROOT, 'dist', 'runner', 'cli.js');
// The folders tsconfig.build.json compiles; a package ships none of them.
const SOURCE_DIRS = ['harness', 'schema', 'system', 'workloads', 'checkers', 'reports', 'runner'];

/** The newest modification among the sources, folders included (a deleted or renamed file changes its folder). */
function newestSourceMs() {
  let newest = 0;
  for (const dir of SOURCE_DIRS) {
    const base = join(ROOT, dir);
    if (!existsSync(base)) continue;
    newest = Math.max(newest, statSync(base).mtimeMs);
    for (const entry of readdirSync(base, { recursive: true })) newest = Math.max(newest, statSync(join(base, entry)).mtimeMs);
  }
  return newest;
}

function useCompiled() {
  if (!existsSync(COMPILED)) return false;
  return newestSourceMs() <= statSync(COMPILED).mtimeMs;
}

async function loadSources() {
  if (!existsSync(join(ROOT, 'runner', 'cli.ts'))) {
    throw new Error(`faultline: no compiled build at ${COMPILED} and no sources beside it; run \`npm run build\``);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('../runner/cli.ts');
}

const { main } = useCompiled() ? await import('../dist/runner/cli.js') : await loadSources();
process.exitCode = await main(process.argv.slice(2));
