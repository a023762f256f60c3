import { describe, expect, test } from 'vitest';
import '../../runner/scenarios/index.ts';
import { runSeed } from '../../runner/run-seed.ts';
import { shrinkPlanted } from '../../runner/shrink/planted.ts';
import { withSchedule } from '../../runner/shrink/shrink-run.ts';
import { PLANTED_BUGS } from '../../system/bugs.ts';

/** Candidate runs per bug: enough to drop and shorten something, small enough for the suite (the bench runs 200). */
const BUDGET_RUNS = 4;
const MAX_SEEDS = 20;

describe('every planted bug: its failing run, found by search, shrinks to a schedule that still fails the same way', () => {
  test.each(PLANTED_BUGS.map((b) => [b.name, b.exposedBy] as const))('%s, in scenario %s', (name) => {
    const bug = PLANTED_BUGS.find((b) => b.name === name)!;
    const shrunk = shrinkPlanted(bug, { maxRuns: BUDGET_RUNS, maxSeeds: MAX_SEEDS, maxMs: Number.MAX_SAFE_INTEGER });
    expect(shrunk, `${name} not caught by ${bug.caughtBy} in seeds 1–${MAX_SEEDS}`).not.toBeNull();
    const { failure, result } = shrunk!;
    if (!result.fails) throw new Error(`${name}: the replay of seed ${failure.seed}'s schedule does not fail`);
    expect(Object.keys(result.signature)).toContain(bug.caughtBy);
    expect(result.runs).toBeLessThanOrEqual(BUDGET_RUNS);
    const entries = (s: typeof result.schedule) => s.faults.length + s.triggers.length;
    expect(result.schedule.faults.length).toBeLessThanOrEqual(result.original.faults.length);
    expect(entries(result.schedule)).toBeLessThanOrEqual(entries(result.original));
    // Run on its own, the shrunk schedule fails in the bug's checker.
    const { verdict } = runSeed(withSchedule(failure.scenario, result.schedule), failure.seed, { write: 'never' });
    expect(verdict.checkers[bug.caughtBy]?.valid).toBe(false);
  });
});
