/**
 * faultline as a library, for property-based tests in vitest (DESIGN.md §7): run a scenario for a seed (and
 * optionally an explicit fault schedule), judge it, and on failure write its files and report — so a failing
 * property names the command that reproduces it. Fault schedules come as fast-check arbitraries drawn from a
 * scenario's fault profile, so fast-check shrinks a failing schedule to a minimal one.
 *
 *   fc.assert(fc.property(faultlineSeed(), faultSchedules('failover'), (seed, schedule) => {
 *     expectValid(runScenario('failover', seed, { schedule }));
 *   }), { includeErrorInReport: true });
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { faultScheduleArbitrary } from '../harness/faults/arbitrary.ts';
import type { FaultSchedule } from '../harness/faults/types.ts';
import { MAX_SEED } from '../harness/random.ts';
import './scenarios/index.ts';
import type { HBaseScenarioSpec } from './scenarios/hbase.ts';
import { PROFILES } from './scenarios/profiles.ts';
import { findScenario, scenarioNames, type ScenarioEntry } from './scenarios/registry.ts';
import { runSeed, type SeedOutcome } from './run-seed.ts';
import { shrinkReplay, type ShrinkOptions, type ShrinkResult } from './shrink/shrink-run.ts';

export { runSeed, type SeedOutcome } from './run-seed.ts';
export { checkLinearizability } from '../checkers/linearizability/check.ts';
export { checkAssignment } from '../checkers/assignment/check.ts';
export { writeReport } from '../reports/index.ts';
export { PLANTED_BUGS } from '../system/bugs.ts';

export type { ShrinkOptions, ShrinkResult } from './shrink/shrink-run.ts';

export interface RunScenarioOptions {
  /** An explicit fault schedule instead of the scenario's profile. */
  schedule?: FaultSchedule;
  /** Planted bugs to switch on (system/bugs.ts). */
  bugs?: string[];
  /** Where a failing run writes its files (default store/<scenario>/seed-<N>). */
  outDir?: string;
}

/** A run, its verdict, and `repro`: the command that reproduces it exactly (bugs and schedule included). */
export type ScenarioRun = SeedOutcome;

export function scenario(name: string): ScenarioEntry<HBaseScenarioSpec> {
  const entry = findScenario(name);
  if (entry === undefined) throw new Error(`unknown scenario '${name}'; known scenarios: ${scenarioNames().join(', ')}`);
  return entry as ScenarioEntry<HBaseScenarioSpec>;
}

export function runScenario(name: string, seed: number, options: RunScenarioOptions = {}): ScenarioRun {
  const outDir = options.outDir ?? join('store', name, `seed-${seed}`);
  return runSeed(scenarioWith(name, options), seed, { write: 'on-failure', outDir });
}

/**
 * The smallest schedule found that fails as `schedule` does for this seed (same checkers, same keys or
 * regions): what `faultline shrink` does for a run folder. Writes nothing; run the result with runScenario.
 */
export function shrinkSchedule(name: string, seed: number, schedule: FaultSchedule, options: ShrinkOptions & Pick<RunScenarioOptions, 'bugs'> = {}): ShrinkResult {
  return shrinkReplay(scenarioWith(name, { ...options, schedule }), seed, options);
}

function scenarioWith(name: string, options: Pick<RunScenarioOptions, 'bugs' | 'schedule'>): ScenarioEntry<unknown> {
  const base = scenario(name);
  const spec: HBaseScenarioSpec = {
    ...base.spec,
    cluster: { ...base.spec.cluster, bugs: options.bugs ?? base.spec.cluster.bugs },
    faults: options.schedule ? { ...base.spec.faults, schedule: options.schedule } : base.spec.faults,
  };
  return { ...base, spec } as ScenarioEntry<unknown>;
}

/** Throws, with the repro command and the report's path, unless the run is valid. */
export function expectValid(run: ScenarioRun): void {
  if (run.verdict.valid === true) return;
  const failing = Object.entries(run.verdict.checkers)
    .filter(([, r]) => r.valid !== true)
    .map(([name, r]) => `${name}: ${r.valid === false ? 'violation' : 'unknown'}`)
    .join(', ');
  throw new Error(`seed ${run.run.seed} of ${run.run.scenario} is not valid (${failing}) — repro: ${run.repro} — report: ${run.files['report.html'] ?? '(not written)'}`);
}

export function faultlineSeed(): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: Math.min(MAX_SEED, 2 ** 31 - 1) });
}

/** Fault schedules from a scenario's profile, over its fault window, shrinking toward fewer and milder faults. */
export function faultSchedules(name: string, options: { maxFaults?: number } = {}): fc.Arbitrary<FaultSchedule> {
  const spec = scenario(name).spec;
  const profile = spec.faults.profile === null ? undefined : PROFILES[spec.faults.profile];
  if (profile === undefined) throw new Error(`scenario '${name}' has no fault profile`);
  const { startMs } = spec.faults;
  return faultScheduleArbitrary(profile, spec.durationMs - startMs, spec.durationMs - startMs, options).map((s) => ({
    ...s,
    quietAtMs: spec.durationMs,
    faults: s.faults.map((f) => ({ ...f, at: f.at + startMs })),
  }));
}
