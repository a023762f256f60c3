import { describe, expect, test } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../runner/cli.ts';
import { runSweepPlan } from '../../runner/commands/sweep.ts';
import { describeDivergence, firstDifference, isDeterminismSample } from '../../runner/determinism.ts';
import type { ScenarioEntry } from '../../runner/scenarios/registry.ts';
import { nondeterministic } from '../support/nondeterministic-scenario.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

describe('firstDifference: where two runs of one seed part', () => {
  test('identical texts: none', () => {
    expect(firstDifference('a\nb\n', 'a\nb\n')).toBeNull();
  });

  test('the first differing line, 1-based, with both versions', () => {
    expect(firstDifference('a\nb\nc\nd\n', 'a\nb\nX\nY\n')).toEqual({ line: 3, first: 'c', second: 'X' });
  });

  test('one run longer than the other: the line where the shorter ended', () => {
    expect(firstDifference('a\nb', 'a\nb\nc')).toEqual({ line: 3, first: undefined, second: 'c' });
    expect(firstDifference('a\nb\nc', 'a')).toEqual({ line: 2, first: 'b', second: undefined });
  });

  test('described on one line, long events truncated', () => {
    const long = `{"event":"${'x'.repeat(500)}"}`;
    const line = describeDivergence({ identical: false, digests: ['a', 'b'], file: 'trace.jsonl', difference: { line: 42, first: long, second: undefined } });
    expect(line).toMatch(/^first difference at trace\.jsonl line 42: first run \{"event":"x+… — second run \(nothing: the run ended\)$/);
    expect(line.length).toBeLessThan(260);
  });
});

describe('isDeterminismSample: which seeds a sweep runs twice', () => {
  test('a fixed function of the seed: about the share asked, none at 0, all at 1', () => {
    const seeds = Array.from({ length: 20_000 }, (_, i) => 1_000_000 + i);
    const sampled = seeds.filter((s) => isDeterminismSample(s, 0.05));
    expect(sampled.length).toBeGreaterThan(900);
    expect(sampled.length).toBeLessThan(1_100);
    expect(seeds.filter((s) => isDeterminismSample(s, 0.05))).toEqual(sampled);
    expect(seeds.some((s) => isDeterminismSample(s, 0))).toBe(false);
    expect(seeds.every((s) => isDeterminismSample(s, 1))).toBe(true);
  });
});

describe('faultline sweep samples determinism', () => {
  const short = JSON.stringify({ base: 'steady', durationMs: 4_000, quietMs: 1_000, finalReadsMs: 3_000, workload: { clients: 3 } });

  test('the summary says how many seeds were re-run and that they matched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-det-'));
    const { io, out } = capture();
    const code = await main(['sweep', '--scenario-file', short, '--seeds', '3', '--from', '1', '--workers', '2', '--out', dir, '--determinism-share', '1'], io);
    expect(code).toBe(0);
    expect(out.at(-1)).toMatch(/^3 seeds of steady in .*: 3 valid, 0 violations, 0 unknown; determinism: 3 seeds re-run, all identical$/);
  });

  test('--determinism-share 0 re-runs none, and says so', async () => {
    const { io, out } = capture();
    await main(['sweep', '--scenario-file', short, '--seeds', '1', '--workers', '1', '--out', mkdtempSync(join(tmpdir(), 'faultline-det-')), '--determinism-share', '0'], io);
    expect(out.at(-1)).toMatch(/; determinism: no seed re-run$/);
  });

  test.each(['1.5', '-0.1', 'half', ''])('--determinism-share %j: one line, exit 2', async (share) => {
    const { io, err, out } = capture();
    expect(await main(['sweep', '--determinism-share', share], io)).toBe(2);
    expect(err.join('')).toMatch(/--determinism-share must be a number from 0 to 1/);
    expect(err.join('').trim().split('\n')).toHaveLength(1);
    expect(out).toEqual([]);
  });

  test('a seed whose two runs differ fails the sweep, on a line of its own naming the first differing event', async () => {
    const { io, out } = capture();
    const code = await runSweepPlan(
      {
        runs: [{ scenario: nondeterministic as unknown as ScenarioEntry, seeds: [1, 2] }],
        outDir: () => mkdtempSync(join(tmpdir(), 'faultline-det-')),
        workers: 1,
        determinismShare: 1,
        json: false,
        scenarioModules: [pathToFileURL(join(import.meta.dirname, '../support/nondeterministic-scenario.ts')).href],
      },
      io,
    );
    expect(code).toBe(1);
    const diverged = out.filter((l) => / NOT DETERMINISTIC /.test(l));
    expect(diverged).toHaveLength(2);
    expect(diverged[0]).toMatch(/^test-nondeterministic seed 1: NOT DETERMINISTIC — first difference at history\.jsonl line \d+: first run \{.*\} — second run .* — repro: npx faultline run /);
    expect(out.at(-1)).toMatch(/determinism: 2 seeds re-run, 2 DIVERGED \(seed 1, 2\)$/);
  });
});
