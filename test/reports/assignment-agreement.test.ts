/**
 * The report never states a double assignment the assignment checker did not find, nor misses one, and its
 * unavailability figures are the checker's (DESIGN.md §4: a fact derived from the trace has one derivation). Held
 * over the first 50 seeds of failover and of every focused scenario, and a planted bug that does double-assign.
 * Runs are simulated and checked in memory (no linearizability search, no files, no HTML): only the report's
 * model is built, which is what the page states.
 */
import { describe, expect, test } from 'vitest';
import { checkAssignment, type AssignmentResult } from '../../checkers/assignment/check.ts';
import { buildModel, type ReportModel } from '../../reports/model.ts';
import { failover, focused } from '../../runner/scenarios/failover.ts';
import type { HBaseScenarioSpec } from '../../runner/scenarios/hbase.ts';
import type { ScenarioEntry } from '../../runner/scenarios/registry.ts';
import { simulate } from '../../runner/simulate.ts';

const SEEDS = 50;

interface Agreement {
  doubleAssignments: number;
  unavailableMs: number;
}

/** Checks one run and returns what it had, so a scenario can show the comparison was not vacuous. */
function agree(scenario: ScenarioEntry<HBaseScenarioSpec>, seed: number): Agreement {
  const run = simulate(scenario, seed);
  const checker: AssignmentResult = checkAssignment(run.trace);
  const model: ReportModel = buildModel({
    result: { seed, scenario: scenario.name, valid: checker.valid, checkers: { assignment: { ...checker } }, stats: run.stats, repro: '' },
    history: run.history,
    trace: run.trace,
    schedule: { faults: [] },
  });
  const where = `seed ${seed} of ${scenario.name}`;

  const checkerDoubles = checker.violations.filter((v) => v.kind === 'double-assignment');
  const reportDoubles = model.regions.flatMap((r) => r.overlaps.map((o) => o.violation)).sort((a, b) => a.time - b.time);
  expect(reportDoubles, where).toEqual(checkerDoubles);
  expect(model.regionAvailability.doubleAssignments, where).toBe(checkerDoubles.length);
  expect(model.regionAvailability.doubleAssigned, where).toBe(new Set(checkerDoubles.map((v) => v.region)).size);

  const reportUnavailable = Object.fromEntries(model.regions.filter((r) => r.unavailableMs > 0).map((r) => [r.region, r.unavailableMs]));
  expect(reportUnavailable, where).toEqual(checker.figures.regionUnavailableMs);
  const total = Object.values(checker.figures.regionUnavailableMs).reduce((sum, ms) => sum + ms, 0);
  expect(model.regionAvailability.totalUnavailableMs, where).toBe(total);
  expect(model.regionAvailability.affected, where).toBe(Object.keys(checker.figures.regionUnavailableMs).length);
  expect(model.regionAvailability.worst?.unavailableMs ?? 0, where).toBe(checker.figures.maxRegionUnavailableMs);
  return { doubleAssignments: checkerDoubles.length, unavailableMs: total };
}

function sweep(scenario: ScenarioEntry<HBaseScenarioSpec>, seeds: number): Agreement {
  const sum: Agreement = { doubleAssignments: 0, unavailableMs: 0 };
  for (let seed = 1; seed <= seeds; seed++) {
    const one = agree(scenario, seed);
    sum.doubleAssignments += one.doubleAssignments;
    sum.unavailableMs += one.unavailableMs;
  }
  return sum;
}

describe('the report states what the assignment checker derived', () => {
  test.each([failover, ...focused].map((s) => [s.name, s] as const))('%s, seeds 1–50', (_name, scenario) => {
    // Every scenario with faults makes some region unavailable at some point: the figures compared are not all 0.
    expect(sweep(scenario, SEEDS).unavailableMs).toBeGreaterThan(0);
  });

  test('partition with the planted bug dispatch-gives-up-on-timeout, seeds 1–20: its double assignments, one for one', () => {
    const spec = partitionWithBug();
    expect(sweep(spec, 20).doubleAssignments).toBeGreaterThan(0);
  });
});

function partitionWithBug(): ScenarioEntry<HBaseScenarioSpec> {
  const partition = focused.find((s) => s.name === 'partition');
  if (partition === undefined) throw new Error('no partition scenario');
  return { ...partition, spec: { ...partition.spec, cluster: { ...partition.spec.cluster, bugs: ['dispatch-gives-up-on-timeout'] } } };
}
