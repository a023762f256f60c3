import { beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../runner/cli.ts';
import { registerScenario } from '../../runner/scenarios/registry.ts';
import { runToyRegister } from '../support/toy-register.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
  // A test-only scenario on the bare runtime, so the run pipeline is exercised end to end.
  registerScenario({
    name: 'test-toy-register',
    description: 'toy register cluster (tests only)',
    spec: { clients: 3, durationMs: 2_000 },
    validate: (spec: { clients: number; durationMs: number }) => {
      if (spec.clients < 1) throw new Error('clients must be at least 1');
    },
    execute: (sim, spec) => {
      runToyRegister({ seed: sim.seed, clients: spec.clients, durationMs: spec.durationMs }, sim);
      return { stats: { toy: true } };
    },
  });
});

describe('faultline run: bad input is one line on stderr, exit 2, nothing written', () => {
  test.each([
    [['run', '--seed', 'abc'], /--seed must be a whole number/],
    [['run', '--seed=-1'], /--seed must be a whole number/],
    [['run', '--seed', '99999999999999999999'], /--seed must be a whole number/],
    [['run', '--seed', '1.5'], /--seed must be a whole number/],
    [['run', '--scenario', 'nope'], /unknown scenario 'nope'; known scenarios: .*test-toy-register/],
    [['run', '--bogus'], /unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j', async (argv, message) => {
    const { io, out, err } = capture();
    expect(await main(argv, io)).toBe(2);
    expect(err.join('')).toMatch(message);
    expect(err.join('').trim().split('\n')).toHaveLength(1);
    expect(err.join('')).not.toMatch(/\bat .*\.ts:\d+/);
    expect(out).toEqual([]);
  });

  test('an unwritable --out fails before anything is simulated or written', async () => {
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'x');
    const { io, err } = capture();
    expect(await main(['run', '--scenario', 'test-toy-register', '--out', join(blocker, 'sub')], io)).toBe(2);
    expect(err.join('')).toMatch(/output directory .* is not writable/);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  test.each(['/proc/faultline-test/run', '/proc/self/faultline-test'])('--out %s (where mkdir says ENOENT under an existing parent) fails at once in one line', (out) => {
    // A separate process with a deadline: the bug this guards against was an endless loop inside mkdirSync.
    const bin = join(import.meta.dirname, '../../bin/faultline.js');
    const { status, stdout, stderr } = spawnSync(process.execPath, [bin, 'run', '--scenario', 'steady', '--out', out], { encoding: 'utf8', timeout: 30_000 });
    expect(status).toBe(2);
    expect(stderr).toMatch(/^faultline: output directory .* is not writable: .*\n$/);
    expect(stdout).toBe('');
  });
});

describe('faultline run on a registered scenario', () => {
  test('writes the run files atomically, with the digest and the repro command', async () => {
    const out = join(dir, 'run1');
    const { io, out: stdout } = capture();
    const code = await main(['run', '--scenario', 'test-toy-register', '--seed', '7', '--out', out, '--json'], io);
    // The toy run has no cluster snapshot, so no checker can decide: the verdict must be an honest 'unknown' (exit 3).
    expect(code).toBe(3);
    expect(readdirSync(out).sort()).toEqual(['history.jsonl', 'report.html', 'result.json', 'schedule.json', 'trace.jsonl']);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result).toMatchObject({ seed: 7, scenario: 'test-toy-register', valid: 'unknown', repro: 'npx faultline run --scenario test-toy-register --seed 7' });
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(stdout[0] as string).sha256).toBe(result.sha256);
    expect(readFileSync(join(out, 'history.jsonl'), 'utf8').split('\n')[0]).toMatch(/^\{"index":0,"time":\d+,"process":\d+,"type":"invoke"/);
  });

  test('--check-determinism runs twice and reports identical digests', async () => {
    const { io, out } = capture();
    await main(['run', '--scenario', 'test-toy-register', '--seed', '3', '--out', join(dir, 'det'), '--check-determinism'], io);
    expect(out.join('\n')).toMatch(/determinism: deterministic \(sha256 [0-9a-f]{16}… twice\)/);
    expect(out.at(-1)).toBe(`report: ${join(dir, 'det', 'report.html')}`);
    expect(existsSync(join(dir, 'det', 'result.json'))).toBe(true);
  });

  test('the same seed gives the same digest in result.json; another seed a different one', async () => {
    const digest = async (seed: number, name: string) => {
      await main(['run', '--scenario', 'test-toy-register', '--seed', String(seed), '--out', join(dir, name)], capture().io);
      return JSON.parse(readFileSync(join(dir, name, 'result.json'), 'utf8')).sha256 as string;
    };
    expect(await digest(11, 'a')).toBe(await digest(11, 'b'));
    expect(await digest(11, 'c')).not.toBe(await digest(12, 'd'));
  });
});

describe('faultline run --scenario-file: invalid scenario data names the field, exit 2', () => {
  test.each([
    ['{"base":"steady","cluster":{"regionServers":0}}', /cluster\.regionServers must be an integer ≥ 1, got 0/],
    ['{"base":"steady","cluster":{"config":{"zkSessionTimeoutMs":-5}}}', /cluster\.config\.zkSessionTimeoutMs must be a non-negative integer, got -5/],
    ['{"base":"steady","workload":{"tables":["nope"]}}', /workload\.tables\[0\]: unknown table "nope"/],
    ['{"base":"steady","clusterr":{}}', /unknown field clusterr/],
    ['{"base":"steady","durationMs":"long"}', /durationMs must be a number/],
    ['{"base":"nope"}', /unknown base scenario 'nope'/],
    ['{"base":"steady",', /not valid JSON/],
  ])('%s', async (json, message) => {
    const file = join(dir, `scenario-${Math.abs(hash(json))}.json`);
    writeFileSync(file, json);
    const { io, err, out } = capture();
    expect(await main(['run', '--scenario-file', file, '--out', join(dir, 'never')], io)).toBe(2);
    expect(err.join('')).toMatch(message);
    expect(err.join('').trim().split('\n')).toHaveLength(1);
    expect(out).toEqual([]);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}
