import { beforeAll, describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../runner/cli.ts';
import type { FaultSchedule } from '../../harness/faults/types.ts';
import { shrinkSchedule } from '../../runner/library.ts';
import { plantedRun, type PlantedRun } from '../support/planted-run.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

const entries = (s: { faults: unknown[]; triggers: unknown[] }) => s.faults.length + s.triggers.length;
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { faults: unknown[]; triggers: unknown[] };

let work: string;
let failing: PlantedRun;
let valid: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'faultline-shrink-'));
  // A failing run found by search (the first seed of 1..20 the bug's checker catches), and the same seed without the bug.
  failing = plantedRun('partition', 'dispatch-gives-up-on-timeout', 'assignment');
  valid = join(work, 'valid');
  expect(await main(['run', '--scenario', 'partition', '--seed', String(failing.seed), '--out', valid], capture().io)).toBe(0);
});

describe('faultline shrink', () => {
  test('writes a smaller schedule that still fails the same way, with its run files and report; deterministic for a run budget', async () => {
    const outs = [join(work, 'shrunk-a'), join(work, 'shrunk-b')];
    for (const out of outs) {
      const { io, out: stdout, err } = capture();
      expect(await main(['shrink', failing.dir, '--out', out, '--budget-runs', '6'], io)).toBe(1);
      const text = stdout.join('\n');
      expect(text).toMatch(/fails in assignment \(/);
      expect(text).toMatch(/before: \d+ faults? \+ \d+ triggers? \(\d+\)/);
      expect(text).toMatch(/runs: 6 of 6/);
      expect(text).toContain(`repro: npx faultline run --schedule ${join(out, 'schedule.json')}`);
      expect(text).toContain(`report: ${join(out, 'report.html')}`);
      for (const line of err) expect(line).toMatch(/^shrink: run \d+: /);
      for (const file of ['schedule.json', 'history.jsonl', 'trace.jsonl', 'result.json', 'report.html']) expect(existsSync(join(out, file)), file).toBe(true);
    }
    const [a, b] = outs.map((out) => readFileSync(join(out, 'schedule.json'), 'utf8'));
    expect(a).toBe(b);
    const before = readJson(join(failing.dir, 'schedule.json'));
    const after = readJson(join(outs[0] as string, 'schedule.json'));
    expect(entries(after)).toBeLessThanOrEqual(entries(before));
    // The shrunk schedule replays on its own, and fails in the same checker.
    const replay = join(work, 'replay');
    expect(await main(['run', '--schedule', join(outs[0] as string, 'schedule.json'), '--out', replay], capture().io)).toBe(1);
    const result = readJson(join(replay, 'result.json')) as unknown as { checkers: Record<string, { valid: unknown }> };
    expect(result.checkers.assignment?.valid).toBe(false);
    expect(result.checkers.linearizability?.valid).toBe(true);
  });

  test("the library's shrinkSchedule finds what the command does for the same budget", async () => {
    const out = join(work, 'shrunk-lib');
    expect(await main(['shrink', failing.dir, '--out', out, '--budget-runs', '3'], capture().io)).toBe(1);
    const { scenario: _s, seed: _seed, spec: _spec, ...schedule } = readJson(join(failing.dir, 'schedule.json'));
    const result = shrinkSchedule('partition', failing.seed, schedule as unknown as FaultSchedule, { bugs: ['dispatch-gives-up-on-timeout'], maxRuns: 3 });
    if (!result.fails) throw new Error('the replay does not fail');
    expect(result.runs).toBe(3);
    expect(entries(result.schedule)).toBe(entries(readJson(join(out, 'schedule.json'))));
  });

  test('DIR/shrunk by default', async () => {
    const dir = join(work, 'default-out');
    mkdirSync(dir);
    writeFileSync(join(dir, 'schedule.json'), readFileSync(join(failing.dir, 'schedule.json')));
    expect(await main(['shrink', dir, '--budget-runs', '1'], capture().io)).toBe(1);
    expect(existsSync(join(dir, 'shrunk', 'report.html'))).toBe(true);
  });

  const withSchedule = (name: string, content: string) => {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'schedule.json'), content);
    return dir;
  };
  const bad: Array<[string, () => string[], RegExp]> = [
    ['a missing folder', () => [join(work, 'nope')], /nope: no such run folder/],
    ['a folder without schedule.json', () => [mkdtempSync(join(work, 'empty-'))], /schedule\.json: not found/],
    ['a malformed schedule', () => [withSchedule('malformed', '{')], /schedule\.json: not valid JSON/],
    ['a schedule of another version', () => [withSchedule('v99', JSON.stringify({ ...readJson(join(failing.dir, 'schedule.json')), version: 99 }))], /v99\/schedule\.json: version: schedule version 99 is not supported \(this faultline reads version 1\)/],
    ['a zero run budget', () => [failing.dir, '--budget-runs', '0'], /--budget-runs must be a whole number/],
    ['a run budget that is not a number', () => [failing.dir, '--budget-runs', 'lots'], /--budget-runs must be a whole number/],
    ['a bad time budget', () => [failing.dir, '--budget-ms', '-5'], /--budget-ms must be a whole number/],
    ['an unwritable --out', () => [failing.dir, '--out', '/proc/faultline-shrink'], /output directory \/proc\/faultline-shrink is not writable/],
    ['--out the run folder itself', () => [failing.dir, '--out', failing.dir], /cannot overwrite the run it shrinks/],
    ['a run that does not fail', () => [valid, '--out', join(work, 'never')], /does not fail \(verdict true\): nothing to shrink/],
  ];
  test.each(bad)('%s: one line, exit 2', async (_name, args, message) => {
    const { io, err, out } = capture();
    expect(await main(['shrink', ...args()], io)).toBe(2);
    expect(err.join('')).toMatch(message);
    expect(err.join('').trim().split('\n')).toHaveLength(1);
    expect(out).toEqual([]);
    expect(existsSync(join(work, 'never', 'schedule.json'))).toBe(false);
  });
});
