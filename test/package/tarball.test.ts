/**
 * faultline as a node:test, jest or mocha user gets it (issue 11): the packed tarball, installed offline into a
 * scratch project, used from plain Node — no tsx, no vitest, no TypeScript loader. The library is imported, runs a
 * seed byte for byte like the sources do, passes a node:test file; its .d.ts pass a strict tsc; the CLI answers
 * through npx (--version, run, and a sweep, whose worker threads load from the compiled build too).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '../../runner/library.ts';
import { compiledFolders, exec, execOk, installScratchProject, pack, REPO, type Packed } from './scratch-project.ts';

let tmp: string;
let packed: Packed;
let project: string;
const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'faultline-package-'));
  packed = pack(tmp);
  project = join(tmp, 'scratch');
  installScratchProject(project, packed.tarball);
}, 180_000);

afterAll(() => {
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
});

describe('the tarball', () => {
  test('ships the compiled build with its declarations, the CLI and the README; no sources, tests or runs', () => {
    for (const file of ['package.json', 'README.md', 'bin/faultline.js', 'dist/runner/library.js', 'dist/runner/library.d.ts', 'dist/runner/cli.js', 'dist/runner/sweep-worker.js']) {
      expect(packed.files, file).toContain(file);
    }
    const unwanted = packed.files.filter((f) => /^(test|bench|store|runs|tmp)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f === 'bin/sweep-worker.js');
    expect(unwanted).toEqual([]);
  });

  test("bin/faultline.js checks the freshness of every folder the build compiles", () => {
    const bin = readFileSync(join(REPO, 'bin/faultline.js'), 'utf8');
    const dirs = /const SOURCE_DIRS = \[([^\]]*)\]/.exec(bin)?.[1]?.match(/'[^']+'/g)?.map((d) => d.slice(1, -1));
    expect(dirs?.sort()).toEqual(compiledFolders().sort());
  });

  test('in a checkout, bin/faultline.js runs the build while it is newer than every source, else the sources', () => {
    const { checkout } = packed;
    // A stand-in for the compiled CLI that says so, written after the build and so as fresh as it.
    writeFileSync(join(checkout, 'dist/runner/cli.js'), "export async function main() { process.stdout.write('compiled build\\n'); return 0; }\n");
    expect(execOk('node', ['bin/faultline.js', '--version'], checkout)).toBe('compiled build\n');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(checkout, 'system/bugs.ts'), later, later);
    expect(execOk('node', ['bin/faultline.js', '--version'], checkout)).toBe(`${version}\n`);
  });

  test('installs without tsx: the installed CLI and library cannot be running TypeScript sources', () => {
    expect(existsSync(join(project, 'node_modules/faultline/dist/runner/library.d.ts'))).toBe(true);
    expect(existsSync(join(project, 'node_modules/faultline/runner'))).toBe(false);
    expect(existsSync(join(project, 'node_modules/tsx'))).toBe(false);
  });
});

describe('the library from plain Node', () => {
  test("import('faultline') runs a seed to the same verdict and the same bytes as the sources", () => {
    const script = `import('faultline').then((m) => {
      const run = m.runScenario('failover', 1, { outDir: 'out/import' });
      console.log(JSON.stringify({ valid: run.verdict.valid, sha256: run.result.sha256, repro: run.repro }));
    });`;
    const fromPackage = JSON.parse(execOk('node', ['--input-type=module', '-e', script], project)) as { valid: unknown; sha256: string; repro: string };
    const fromSources = runScenario('failover', 1, { outDir: join(tmp, 'sources') });
    expect(fromPackage).toEqual({ valid: true, sha256: fromSources.result.sha256, repro: fromSources.repro });
  });

  test('a node:test file imports it and passes', () => {
    writeFileSync(
      join(project, 'failover.test.js'),
      `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectValid, runScenario } from 'faultline';

test('failover seed 2', () => {
  const run = runScenario('failover', 2, { outDir: 'out/node-test' });
  assert.equal(run.verdict.valid, true);
  expectValid(run);
});
`,
    );
    const ran = exec('node', ['--test', 'failover.test.js'], project);
    expect(ran.status, ran.stdout + ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^# pass 1$/m);
    expect(ran.stdout).toMatch(/^# fail 0$/m);
  });

  test('its declarations type a consumer under strict tsc (and reject a wrong call)', () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { expectValid, runScenario, type ScenarioRun } from 'faultline';
const run: ScenarioRun = runScenario('failover', 1, { bugs: [] });
const valid: boolean | 'unknown' = run.verdict.valid;
expectValid(run);
// @ts-expect-error a seed is a number: were the declarations missing, 'faultline' would be any and this line fine
runScenario('failover', 'one');
export { valid };
`,
    );
    const compilerOptions = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    const ran = exec('node', [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', '.'], project);
    expect(ran.stdout + ran.stderr).toBe('');
    expect(ran.status).toBe(0);
  });
});

describe('the CLI through npx', () => {
  test('faultline --version prints the package version', () => {
    expect(execOk('npx', ['faultline', '--version'], project)).toBe(`${version}\n`);
  });

  test('faultline run: the README\'s first command, valid, with its report', () => {
    const out = execOk('npx', ['faultline', 'run'], project);
    expect(out).toMatch(/^verdict: valid$/m);
    expect(out).toContain('repro: npx faultline run --scenario failover --seed 1');
    expect(existsSync(join(project, 'store/failover/seed-1/report.html'))).toBe(true);
  });

  test('faultline sweep: worker threads from the compiled build', () => {
    const out = execOk('npx', ['faultline', 'sweep', '--seeds', '2', '--workers', '1', '--out', 'out/sweep'], project);
    expect(out).toMatch(/2 seeds of failover in .*: 2 valid, 0 violations/);
  });
});
