/**
 * A planted bug's failing run, found by search (seeds 1..N of its exposedBy scenario, the first its checker
 * catches, as test/system/planted-bugs.test.ts does), and that run's schedule shrunk: what the shrink test and
 * `npm run bench -- shrink` show for every planted bug.
 */
import { performance } from 'node:perf_hooks';
import type { FaultSchedule } from '../../harness/faults/types.ts';
import type { PlantedBug } from '../../system/bugs.ts';
import { runSeed } from '../run-seed.ts';
import { parseExplicitSchedule } from '../schedule-file.ts';
import { plantedBugScenario } from '../scenarios/planted.ts';
import type { ScenarioEntry } from '../scenarios/registry.ts';
import { shrinkReplay, withSchedule, type ShrinkOptions, type ShrinkResult } from './shrink-run.ts';

export interface PlantedFailure {
  /** The bug's exposedBy scenario with the bug on and the failing run's resolved schedule. */
  scenario: ScenarioEntry<unknown>;
  seed: number;
  schedule: FaultSchedule;
}

export function plantedFailure(bug: PlantedBug, maxSeeds = 20): PlantedFailure | null {
  const buggy = plantedBugScenario(bug);
  for (let seed = 1; seed <= maxSeeds; seed++) {
    const { run, verdict } = runSeed(buggy, seed, { write: 'never' });
    if (verdict.checkers[bug.caughtBy]?.valid !== false) continue;
    // What schedule.json holds, read back as `run --schedule` reads it.
    const { scenario: _name, seed: _seed, spec: _spec, ...recorded } = run.schedule;
    const schedule = parseExplicitSchedule(recorded, buggy.spec, `${bug.name} seed ${seed}`);
    return { scenario: withSchedule(buggy, schedule), seed, schedule };
  }
  return null;
}

export interface PlantedShrink {
  failure: PlantedFailure;
  result: ShrinkResult;
  ms: number;
}

export function shrinkPlanted(bug: PlantedBug, options: ShrinkOptions & { maxSeeds?: number } = {}): PlantedShrink | null {
  const failure = plantedFailure(bug, options.maxSeeds);
  if (failure === null) return null;
  const start = performance.now();
  const result = shrinkReplay(failure.scenario, failure.seed, options);
  return { failure, result, ms: performance.now() - start };
}
