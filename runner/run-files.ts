/**
 * A run's files (DESIGN.md §4): history.jsonl, trace.jsonl, schedule.json, result.json, each written
 * atomically, so an interrupted run never leaves half a file behind.
 */
import { join } from 'node:path';
import { ensureWritableDir, writeFileAtomic } from '../harness/io/atomic.ts';
import type { SimulatedRun } from './simulate.ts';
import type { Verdict } from './verdict.ts';

export interface RunResultFile {
  seed: number;
  scenario: string;
  options: Record<string, unknown>;
  valid: Verdict['valid'];
  checkers: Verdict['checkers'];
  stats: Record<string, unknown>;
  repro: string;
  /** SHA-256 of history.jsonl + trace.jsonl. */
  sha256: string;
}

export function defaultOutDir(scenario: string, seed: number): string {
  return join('store', scenario, `seed-${seed}`);
}

export function resultOf(run: SimulatedRun, verdict: Verdict, options: Record<string, unknown>, repro: string): RunResultFile {
  return {
    seed: run.seed,
    scenario: run.scenario,
    options,
    valid: verdict.valid,
    checkers: verdict.checkers,
    stats: run.stats,
    repro,
    sha256: run.digest,
  };
}

/** Writes the run's files into `dir` and returns their paths. `extra` holds further files (the report). */
export function writeRunFiles(dir: string, run: SimulatedRun, result: RunResultFile, extra: Record<string, string> = {}): Record<string, string> {
  ensureWritableDir(dir);
  const files: Record<string, string> = {
    'history.jsonl': run.historyJsonl,
    'trace.jsonl': run.traceJsonl,
    'schedule.json': JSON.stringify(run.schedule, null, 2) + '\n',
    'result.json': JSON.stringify(result, null, 2) + '\n',
    ...extra,
  };
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    writeFileAtomic(path, content);
    paths[name] = path;
  }
  return paths;
}
