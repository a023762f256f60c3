/**
 * The zx scripts, run as a user runs them (`npx zx scripts/…`): a sharded sweep gathered into one JUnit file and
 * an index page, and a bisection that finds the commit planting a bug in a scratch clone of this repository.
 */
import { XMLParser } from 'fast-xml-parser';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const REPO = join(import.meta.dirname, '../..');
const ZX = join(REPO, 'node_modules', '.bin', 'zx');
const PLANTED = JSON.stringify({ base: 'rs-death', cluster: { bugs: ['assign-before-log-split'] } });
const scratch: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function zx(script: string, args: readonly string[], cwd = REPO): { code: number | null; output: string } {
  const run = spawnSync(ZX, [join(REPO, 'scripts', script), ...args], { cwd, encoding: 'utf8', timeout: 240_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('scripts/ci-sweep.mjs', () => {
  test('runs the shards side by side, merges their JUnit files and indexes every failing run', () => {
    const out = tempDir('faultline-ci-sweep-');
    const { code, output } = zx('ci-sweep.mjs', ['--shards', '2', '--seeds', '4', '--from', '1', '--scenario-file', PLANTED, '--out', out]);
    expect(output).toContain('shard 1/2');
    expect(output).toContain('shard 2/2');
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(readFileSync(join(out, 'junit.xml'), 'utf8'));
    const suites = junit.testsuites.testsuite;
    // Both shards swept the same scenario: one suite, its cases in seed order, its counts recounted.
    expect(suites).toHaveLength(1);
    const cases = suites[0].testcase as { name: string; failure?: unknown }[];
    expect(cases.map((c) => c.name)).toEqual(['seed 1', 'seed 2', 'seed 3', 'seed 4']);
    const failed = cases.filter((c) => c.failure !== undefined).length;
    expect(Number(suites[0].failures)).toBe(failed);
    expect(failed).toBeGreaterThan(0);
    expect(code).toBe(1);
    // Every failing run is on the index page, its report link pointing at a file that exists.
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    const links = [...index.matchAll(/href="([^"]+report\.html)"/g)].map((m) => m[1] as string);
    expect(links).toHaveLength(failed);
    for (const link of links) expect(existsSync(join(out, link))).toBe(true);
  });

  test('bad input is one line and exit 2', () => {
    const { code, output } = zx('ci-sweep.mjs', ['--shards', '0']);
    expect(code).toBe(2);
    expect(output.trim()).toMatch(/^ci-sweep: --shards must be a whole number from 1/);
  });
});

describe('scripts/bisect.mjs', () => {
  test('git bisect run, driven by a failing schedule, names the commit that planted the bug', () => {
    const clone = join(tempDir('faultline-bisect-repo-'), 'repo');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=faultline', '-c', 'user.email=faultline@example.org', ...args], { cwd: clone, encoding: 'utf8' });
    execFileSync('git', ['clone', '-q', REPO, clone]);
    symlinkSync(join(REPO, 'node_modules'), join(clone, 'node_modules'));
    const good = git('rev-parse', 'HEAD').trim();
    git('commit', '-q', '--allow-empty', '-m', 'an unrelated change');
    // The planting commit: the bug on for every run, as a regression would switch it on.
    const cluster = join(clone, 'system', 'cluster.ts');
    const source = readFileSync(cluster, 'utf8');
    expect(source).toContain('this.#bugs = new Set(spec.bugs);');
    execFileSync('node', ['-e', `const fs=require('fs');fs.writeFileSync(${JSON.stringify(cluster)}, fs.readFileSync(${JSON.stringify(cluster)},'utf8').replace('this.#bugs = new Set(spec.bugs);', "this.#bugs = new Set([...spec.bugs, 'assign-before-log-split']);"))`]);
    git('commit', '-q', '-am', 'plant assign-before-log-split');
    const planted = git('rev-parse', 'HEAD').trim();
    git('commit', '-q', '--allow-empty', '-m', 'a later change');

    // A failing run on the newest commit, found by search as a user's CI would find it.
    const runs = tempDir('faultline-bisect-runs-');
    let schedule: string | undefined;
    for (let seed = 1; seed <= 10 && schedule === undefined; seed++) {
      const dir = join(runs, `seed-${seed}`);
      const run = spawnSync('node', [join(clone, 'bin', 'faultline.js'), 'run', '--scenario', 'rs-death', '--seed', String(seed), '--out', dir], { cwd: clone, encoding: 'utf8' });
      if (run.status === 1) schedule = join(dir, 'schedule.json');
    }
    expect(schedule, 'a failing seed of rs-death among 1–10 with the bug planted').toBeDefined();

    const { code, output } = zx('bisect.mjs', ['--good', good, schedule as string], clone);
    expect(output).toContain(`first bad commit: ${planted}`);
    expect(code).toBe(0);
    // Bisection leaves the clone where it was.
    expect(git('rev-parse', 'HEAD').trim()).not.toBe(planted);
    expect(git('status', '--porcelain', '--untracked-files=no')).toBe('');
  });

  test('a dirty working tree or a missing schedule is refused with one line, exit 2', () => {
    const missing = zx('bisect.mjs', ['--good', 'HEAD', join(tmpdir(), 'no-such-schedule.json')]);
    expect(missing.code).toBe(2);
    expect(missing.output.trim()).toMatch(/^bisect: .*no-such-schedule\.json: not found$/);
    const noGood = zx('bisect.mjs', ['schedule.json']);
    expect(noGood.code).toBe(2);
  });
});
