/**
 * One step of `git bisect run` for scripts/bisect.mjs: replays a failing schedule on the commit checked out and
 * tells git what it found. Node built-ins only, and run from a copy outside the repository, because bisection
 * checks out commits that may not have this file.
 *
 *   node bisect-step.mjs <repo> <schedule.json> <checker,...> <work dir>
 *
 * Exit 0: the run is valid (good). 1: it fails with one of the expected checkers (bad). 125: it cannot say (the
 * commit does not run the schedule, or it fails some other way), so git skips the commit.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [repo, schedule, expected, work] = process.argv.slice(2);
const SKIP = 125;
const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).stdout.trim();
const out = join(work, `run-${head}`);
const run = spawnSync(process.execPath, [join(repo, 'bin', 'faultline.js'), 'run', '--schedule', schedule, '--out', out], { cwd: repo, encoding: 'utf8' });

function verdict(code, why) {
  process.stdout.write(`bisect step ${head}: ${why}\n`);
  process.exit(code);
}

if (run.status === 0) verdict(0, 'valid (good)');
if (run.status !== 1) verdict(SKIP, `cannot judge (faultline exited ${run.status}: ${(run.stderr || run.stdout).trim().split('\n').at(-1) ?? ''})`);
let failing = [];
try {
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
  failing = Object.entries(result.checkers ?? {})
    .filter(([, c]) => c.valid === false)
    .map(([name]) => name);
} catch {
  verdict(SKIP, 'failed, but wrote no readable result.json');
}
const wanted = expected.split(',');
if (failing.some((name) => wanted.includes(name))) verdict(1, `fails the same way: ${failing.join(', ')} (bad)`);
verdict(SKIP, `fails another way (${failing.join(', ') || 'no checker'}; looking for ${expected})`);
