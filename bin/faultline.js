#!/usr/bin/env node
// The faultline CLI. An installed package (a tarball or git dependency) runs the compiled build in dist/: it starts
// in a fraction of the time and needs no tsx. A checkout runs its TypeScript sources through tsx (a devDependency),
// so a fresh clone needs no build step, unless dist/ is newer than every source: an edited or freshly pulled
// checkout never runs a stale build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

// The commands that fill every core with sweep workers (runner/sweep.ts) run with V8's garbage collector on each
// worker's own thread. Its parallel and concurrent helpers are threads too, and with every core already busy they
// contend with the workers and stall each other's collections. On this project's two-core machine, with other work
// running, two-worker sweeps of 600 `failover` seeds ran about 1.5× as many seeds a minute without them; on an idle
// machine the gain was within noise. FAULTLINE_GC=default keeps V8's default, to measure the difference: run the
// same `faultline sweep` with and without it. The flag is V8's and process-wide, refused in NODE_OPTIONS and fatal
// to set once isolates run, so the CLI starts itself again with it.
const WORKER_COMMANDS = new Set(['sweep', 'soak', 'compare']);
const GC_FLAG = '--single-threaded-gc';
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
if (WORKER_COMMANDS.has(command) && !process.execArgv.includes(GC_FLAG) && process.env.FAULTLINE_GC !== 'default') {
  const child = spawnSync(process.execPath, [...process.execArgv, GC_FLAG, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (child.error !== undefined) throw child.error;
  // Ended by a signal (Ctrl-C reaches both processes): end the same way, so the shell sees what happened.
  if (child.signal !== null) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}

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
