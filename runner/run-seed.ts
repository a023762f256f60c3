/**
 * One seed, end to end: simulate, judge, and (when asked, or when it failed) write the run's files and report.
 * Shared by `run`, `sweep` workers and the library API.
 */
import { join } from 'node:path';
import { writeReport } from '../reports/index.ts';
import { runCheckers } from './checkers.ts';
import { defaultOutDir, resultOf, writeRunFiles, type RunResultFile } from './run-files.ts';
import { reproCommand } from './repro.ts';
import type { ScenarioEntry } from './scenarios/registry.ts';
import { simulate, type SimulatedRun } from './simulate.ts';
import { judge, type RunChecker, type Verdict } from './verdict.ts';

/** A run the system itself stopped with a failed assertion: always a violation, with where and why. */
function invariantsFailed(failure: NonNullable<SimulatedRun['failure']>): RunChecker {
  return { name: 'invariants', check: () => ({ valid: false, message: failure.message, time: failure.time, stack: failure.stack.split('\n').slice(0, 12).join('\n') }) };
}

export interface SeedOutcome {
  run: SimulatedRun;
  verdict: Verdict;
  /** The command that reproduces this run exactly (runner/repro.ts). */
  repro: string;
  result: RunResultFile;
  /** Paths written (empty when nothing was written). */
  files: Record<string, string>;
}

export function runSeed(scenario: ScenarioEntry<unknown>, seed: number, options: { write: 'always' | 'on-failure' | 'never'; outDir?: string; resultOptions?: Record<string, unknown> }): SeedOutcome {
  const run = simulate(scenario, seed, scenario.spec);
  const checkers = scenario.checkers?.(run.spec) ?? runCheckers;
  const verdict = judge(run, run.failure === null ? checkers : [...checkers, invariantsFailed(run.failure)]);
  const write = options.write === 'always' || (options.write === 'on-failure' && verdict.valid !== true);
  const dir = options.outDir ?? defaultOutDir(scenario.name, seed);
  const repro = reproCommand(run, write ? join(dir, 'schedule.json') : undefined);
  // result.json carries the run's digest, which costs a full serialisation: built only when needed.
  let result: RunResultFile | undefined;
  const resultFile = () => (result ??= resultOf(run, verdict, options.resultOptions ?? {}, repro));
  let files: Record<string, string> = {};
  if (write) {
    files = writeRunFiles(dir, run, resultFile());
    files['report.html'] = writeReport(dir);
  }
  return {
    run,
    verdict,
    repro,
    get result() {
      return resultFile();
    },
    files,
  };
}
