/**
 * Shrinking a failing run: replay it to learn how it fails, then search for the smallest schedule that still
 * fails that way (search.ts), each candidate a full run of the same scenario and seed with the candidate as
 * its fault schedule.
 */
import type { FaultSchedule } from '../../harness/faults/types.ts';
import { runSeed, type SeedOutcome } from '../run-seed.ts';
import type { ScenarioEntry } from '../scenarios/registry.ts';
import { entryCount } from './candidates.ts';
import { searchSmallest, type KeptStep, type StoppedBy } from './search.ts';
import { failureSignature, sameFailure, type FailureSignature } from './signature.ts';

export const DEFAULT_MAX_RUNS = 200;
export const DEFAULT_MAX_MS = 120_000;

export interface ShrinkOptions {
  /** Most candidate runs (default 200): the bound that keeps the result deterministic. */
  maxRuns?: number;
  /** Most wall-clock time for the search (default 120 s); reaching it cuts the search short. */
  maxMs?: number;
  /** Wall clock in ms, for the time bound only (default performance.now). */
  now?: () => number;
  onKept?: (step: KeptStep) => void;
}

/** A scenario whose spec replays an explicit fault schedule (what loadScheduleFile returns). */
interface ScheduledSpec {
  faults: { schedule: FaultSchedule | null };
}

export type ShrinkResult =
  | { fails: false; original: SeedOutcome }
  | {
      fails: true;
      signature: FailureSignature;
      original: FaultSchedule;
      schedule: FaultSchedule;
      runs: number;
      kept: number;
      stoppedBy: StoppedBy;
    };

export function scheduleOf(scenario: ScenarioEntry<unknown>): FaultSchedule {
  const schedule = (scenario.spec as ScheduledSpec).faults?.schedule;
  if (schedule === null || schedule === undefined) throw new Error(`scenario ${scenario.name} carries no explicit fault schedule to shrink`);
  return schedule;
}

export function withSchedule(scenario: ScenarioEntry<unknown>, schedule: FaultSchedule): ScenarioEntry<unknown> {
  const spec = scenario.spec as ScheduledSpec;
  return { ...scenario, spec: { ...spec, faults: { ...spec.faults, schedule } } };
}

/** `scenario` must carry its schedule (spec.faults.schedule), as a replayed schedule.json does. */
export function shrinkReplay(scenario: ScenarioEntry<unknown>, seed: number, options: ShrinkOptions = {}): ShrinkResult {
  const original = scheduleOf(scenario);
  const replay = runSeed(scenario, seed, { write: 'never' });
  if (replay.verdict.valid !== false) return { fails: false, original: replay };
  const signature = failureSignature(replay.verdict);
  const fails = (candidate: FaultSchedule) => sameFailure(signature, failureSignature(runSeed(withSchedule(scenario, candidate), seed, { write: 'never' }).verdict));
  const now = options.now ?? (() => performance.now());
  const deadline = now() + (options.maxMs ?? DEFAULT_MAX_MS);
  const outcome = searchSmallest(original, fails, { maxRuns: options.maxRuns ?? DEFAULT_MAX_RUNS, outOfTime: () => now() >= deadline }, options.onKept);
  return { fails: true, signature, original, ...outcome };
}

/** `3 faults + 2 triggers` */
export function describeSize(schedule: FaultSchedule): string {
  return `${schedule.faults.length} fault${schedule.faults.length === 1 ? '' : 's'} + ${schedule.triggers.length} trigger${schedule.triggers.length === 1 ? '' : 's'} (${entryCount(schedule)})`;
}
