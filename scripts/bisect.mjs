#!/usr/bin/env zx
/**
 * Finds the commit that introduced a failure: `git bisect run`, driven by a failing run's schedule.json. Each step
 * replays the schedule on the commit checked out (scripts/bisect-step.mjs); a commit is bad when the run fails
 * with the checker that failed originally (read from the result.json beside the schedule, or --checker), good when
 * it is valid, and skipped when it cannot say.
 *
 *   npx zx scripts/bisect.mjs --good <rev> [--bad <rev>] [--checker linearizability] store/failover/seed-7/schedule.json
 *
 * The working tree must be clean (bisection checks out commits). Exit 0 with the first bad commit found, 1 when
 * bisection could not name one, 2 on bad input.
 */
import { $, argv, echo, fs, os, path } from 'zx';

function usage(message) {
  echo(`bisect: ${message}`);
  process.exit(2);
}

const [scheduleArg] = argv._;
if (scheduleArg === undefined || argv.good === undefined) usage('usage: npx zx scripts/bisect.mjs --good <rev> [--bad <rev>] [--checker NAME] <schedule.json>');
const schedule = path.resolve(String(scheduleArg));
if (!fs.existsSync(schedule)) usage(`${schedule}: not found`);
const good = String(argv.good);
const bad = String(argv.bad ?? 'HEAD');

$.quiet = true;
const repo = (await $`git rev-parse --show-toplevel`).stdout.trim();
$.cwd = repo;
for (const rev of [good, bad]) if ((await $({ nothrow: true })`git rev-parse --verify --quiet ${rev}^{commit}`).exitCode !== 0) usage(`${rev}: not a commit`);
if ((await $`git status --porcelain --untracked-files=no`).stdout.trim() !== '') usage('the working tree has changes: commit or stash them first (bisection checks out commits)');

function expectedCheckers() {
  if (argv.checker !== undefined) return String(argv.checker);
  const resultFile = path.join(path.dirname(schedule), 'result.json');
  if (!fs.existsSync(resultFile)) usage(`no result.json beside ${schedule}: say which checker fails with --checker`);
  const result = fs.readJsonSync(resultFile);
  const failing = Object.entries(result.checkers ?? {})
    .filter(([, c]) => c.valid === false)
    .map(([name]) => name);
  if (failing.length === 0) usage(`${resultFile}: no checker failed in that run, so there is nothing to look for`);
  return failing.join(',');
}
const expected = expectedCheckers();

// Outside the repository: checkouts must not change the schedule or the step.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bisect-'));
fs.copyFileSync(schedule, path.join(work, 'schedule.json'));
fs.copyFileSync(path.join(import.meta.dirname, 'bisect-step.mjs'), path.join(work, 'bisect-step.mjs'));

echo(`bisect: looking for the first commit in ${good}..${bad} where the schedule fails with ${expected}`);
let log = '';
try {
  await $`git bisect start ${bad} ${good}`;
  const run = await $({ nothrow: true })`git bisect run ${process.execPath} ${path.join(work, 'bisect-step.mjs')} ${repo} ${path.join(work, 'schedule.json')} ${expected} ${work}`;
  log = run.stdout + run.stderr;
} finally {
  await $({ nothrow: true })`git bisect reset`;
}
for (const line of log.split('\n')) if (line.startsWith('bisect step ')) echo(line);
const found = /^([0-9a-f]{40}) is the first bad commit/m.exec(log);
if (found === null) {
  echo(`bisect: no single first bad commit found\n${log.trim()}`);
  process.exit(1);
}
const subject = (await $`git show -s ${'--format=%h %s'} ${found[1]}`).stdout.trim();
echo(`first bad commit: ${found[1]}\n  ${subject}`);
echo(`runs of each step: ${work}`);
