/**
 * Scenarios are data: a named, documented spec (cluster shape, timeouts, workload, faults, duration) plus the
 * function that builds the system from it on a Simulation. The registry is the only list of what `faultline
 * run --scenario` accepts.
 */
import type { Simulation } from '../../harness/simulation.ts';
import type { RunChecker } from '../verdict.ts';

export interface ScenarioEntry<Spec = unknown> {
  name: string;
  description: string;
  spec: Spec;
  /** A scripted scenario serves one command (systematic): `sweep --all-scenarios` and `soak` leave it out. */
  scripted?: boolean;
  /** A scale scenario (seconds a seed, not milliseconds): run by name and by the bench, left out of `--all-scenarios` and `soak`. */
  heavy?: boolean;
  /** Throws an Error naming the offending field when the spec is invalid. */
  validate(spec: Spec): void;
  /** The checkers that judge a run of `spec`, when not the usual ones (runner/checkers.ts runCheckers). */
  checkers?(spec: Spec): readonly RunChecker[];
  /** Build the system on `sim` and run the scheduler to the scenario's end. */
  execute(sim: Simulation, spec: Spec): ScenarioOutcome;
}

export interface ScenarioOutcome {
  /** Figures for result.json. */
  stats: Record<string, unknown>;
  /** The fault schedule as it was resolved (schedule.json); none for a fault-free run. */
  schedule?: unknown;
}

const scenarios = new Map<string, ScenarioEntry<never>>();

export function registerScenario<Spec>(entry: ScenarioEntry<Spec>): void {
  if (scenarios.has(entry.name)) throw new Error(`scenario ${entry.name} registered twice`);
  scenarios.set(entry.name, entry as unknown as ScenarioEntry<never>);
}

export function scenarioNames(): string[] {
  return [...scenarios.keys()].sort();
}

export function findScenario(name: string): ScenarioEntry<unknown> | undefined {
  return scenarios.get(name) as ScenarioEntry<unknown> | undefined;
}
