/**
 * `faultline compare`: the same seeds of a scenario under both assignment eras — HBase 2.x's procedure-based
 * AMv2 and HBase 1.1's ZooKeeper-driven assignment — side by side: verdicts, time without an active master,
 * region outages, failed and indeterminate operations, faults and wall time (runner/compare/). Each era is a sweep
 * on worker threads (runner/sweep.ts) asked to measure its seeds; failing seeds write their files and report under
 * `--out`/<era>/seed-<N>. Exit as `sweep`: 1 any violation in either era, 3 any unknown (and no violation), 2 bad input.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureWritableDir } from '../../harness/io/atomic.ts';
import { MAX_SEED } from '../../harness/random.ts';
import { ASSIGNMENT_ERAS, type AssignmentEra } from '../../system/cluster-spec.ts';
import type { CommandRegistrar } from '../cli.ts';
import { tallyEra, type EraTally } from '../compare/era-tally.ts';
import { compareLines } from '../compare/table.ts';
import { asUsageError, EXIT, UsageError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { parsePositiveInt, parseSeed } from '../options.ts';
import { progressReporter } from '../progress.ts';
import { loadScenarioFile, SCENARIO_FILE_OPTION } from '../scenario-file.ts';
import { findScenario, scenarioNames, type ScenarioEntry } from '../scenarios/registry.ts';
import { sweep, type SeedVerdict } from '../sweep.ts';
import { withAssignment } from '../assignment-option.ts';
import { DEFAULT_SCENARIO } from './run.ts';

export const DEFAULT_COMPARE_SEEDS = 100;

interface CompareOptions {
  scenario?: string;
  scenarioFile?: string;
  seeds: string;
  from: string;
  workers?: string;
  out?: string;
  json?: boolean;
}

export interface ComparePlan {
  scenario: ScenarioEntry<unknown>;
  from: number;
  count: number;
  /** Era `e` writes its failing seeds under `<outRoot>/<e>/seed-<N>`. */
  outRoot: string;
  workers?: number;
  json: boolean;
}

export const registerCompare: CommandRegistrar = (program, io, setExit) => {
  program
    .command('compare')
    .description('run the same seeds under both assignment eras (procedure, zk) and compare them side by side')
    .option('--scenario <name>', `scenario to run (default ${DEFAULT_SCENARIO})`)
    .option(...SCENARIO_FILE_OPTION)
    .option('--seeds <n>', 'how many seeds', String(DEFAULT_COMPARE_SEEDS))
    .option('--from <seed>', 'first seed', '1')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--out <dir>', 'where failing seeds write their files (default store/compare/<scenario>, a folder per era)')
    .option('--json', 'one JSON line per seed and era, then a summary line')
    .action(async (options: CompareOptions) => {
      const count = parsePositiveInt('--seeds', options.seeds, 1_000_000);
      const from = parseSeed(options.from, '--from');
      if (from + count - 1 > MAX_SEED) throw new UsageError(`--from + --seeds goes past the largest seed ${MAX_SEED}`);
      if (options.scenario !== undefined && options.scenarioFile !== undefined) throw new UsageError('give one of --scenario, --scenario-file');
      const scenario = scenarioOf(options);
      const plan: ComparePlan = {
        scenario,
        from,
        count,
        outRoot: options.out ?? join('store', 'compare', scenario.name),
        ...(options.workers === undefined ? {} : { workers: parsePositiveInt('--workers', options.workers, 64) }),
        json: options.json === true,
      };
      setExit(await runCompare(plan, io));
    });
};

function scenarioOf(options: CompareOptions): ScenarioEntry<unknown> {
  const scenario = options.scenarioFile !== undefined ? loadScenarioFile(options.scenarioFile) : findScenario(options.scenario ?? DEFAULT_SCENARIO);
  if (scenario === undefined) throw new UsageError(`unknown scenario '${options.scenario ?? DEFAULT_SCENARIO}'; known scenarios: ${scenarioNames().join(', ')}`);
  if (!hasCluster(scenario.spec)) throw new UsageError(`compare: scenario '${scenario.name}' has no cluster whose assignment era could be set (one cluster is compared)`);
  return scenario;
}

function hasCluster(spec: unknown): spec is { cluster: Record<string, unknown> } {
  return typeof spec === 'object' && spec !== null && typeof (spec as { cluster?: unknown }).cluster === 'object' && (spec as { cluster?: unknown }).cluster !== null;
}

/** Both eras' sweeps, one after the other, then the table (or, with --json, the summary line); the exit code. */
export async function runCompare(plan: ComparePlan, io: CliIo): Promise<number> {
  for (const era of ASSIGNMENT_ERAS) asUsageError(() => ensureWritableDir(join(plan.outRoot, era)));
  const seeds = Array.from({ length: plan.count }, (_, i) => plan.from + i);
  const verdicts = new Map<AssignmentEra, SeedVerdict[]>();
  for (const era of ASSIGNMENT_ERAS) verdicts.set(era, await sweepEra(plan, era, seeds, io));
  const tallies = ASSIGNMENT_ERAS.map((era) => tallyEra(era, verdicts.get(era) ?? []));
  const alike = faultsAlike(ASSIGNMENT_ERAS.map((era) => verdicts.get(era) ?? []));
  const matched = ASSIGNMENT_ERAS.map((era) => tallyEra(era, (verdicts.get(era) ?? []).filter((v) => alike.has(v.seed))));
  if (plan.json) {
    const eras = Object.fromEntries(tallies.map((t) => [t.era, jsonTally(t)]));
    const alikeEras = Object.fromEntries(matched.map((t) => [t.era, jsonTally(t)]));
    io.stdout(JSON.stringify({ compare: { scenario: plan.scenario.name, from: plan.from, seeds: plan.count, eras, faultsAlike: { seeds: [...alike].sort((a, b) => a - b), eras: alikeEras } } }));
  } else for (const line of compareLines({ scenario: plan.scenario.name, from: plan.from, count: plan.count }, tallies, matched)) io.stdout(line);
  if (tallies.some((t) => t.violations > 0)) return EXIT.violation;
  if (tallies.some((t) => t.unknown > 0)) return EXIT.unknown;
  return EXIT.valid;
}

async function sweepEra(plan: ComparePlan, era: AssignmentEra, seeds: number[], io: CliIo): Promise<SeedVerdict[]> {
  // As `sweep --assignment <era>` runs it, so a seed's repro command is the one `sweep` prints.
  const scenario = withAssignment(plan.scenario, era);
  // No determinism re-runs: a re-run would count in a seed's wall time, and `sweep` samples determinism already.
  const request = { scenarioName: scenario.name, spec: scenario.spec, seeds, outRoot: join(plan.outRoot, era), determinismShare: 0, measure: true };
  const progress = progressReporter(io);
  const started = performance.now();
  let failing = 0;
  const summary = await sweep(
    request,
    (v, done) => {
      if (v.valid !== true) failing++;
      if (plan.json) io.stdout(JSON.stringify({ era, ...v }));
      progress.update({ label: `${scenario.name} (${era})`, done, total: seeds.length, failing, elapsedMs: performance.now() - started });
    },
    plan.workers,
  );
  progress.finish();
  return summary.verdicts;
}

/** Seeds whose injected faults were alike in every era: the same counts by kind and by failpoint. */
export function faultsAlike(byEra: readonly (readonly SeedVerdict[])[]): Set<number> {
  const canonical = (v: SeedVerdict) => JSON.stringify([sortedEntries(v.faults.byKind), sortedEntries(v.faults.byTrigger)]);
  const [first, ...rest] = byEra.map((verdicts) => new Map(verdicts.map((v) => [v.seed, canonical(v)])));
  const alike = new Set<number>();
  for (const [seed, faults] of first ?? []) if (rest.every((era) => era.get(seed) === faults)) alike.add(seed);
  return alike;
}

function sortedEntries(record: Record<string, number>): [string, number][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1));
}

/** The tally for machines: failing seeds as seed, verdict, checkers, repro and report. */
function jsonTally(t: EraTally): Record<string, unknown> {
  const { failing, ...rest } = t;
  return { ...rest, failing: failing.map((v) => ({ seed: v.seed, valid: v.valid, failing: v.failing, repro: v.repro, ...(v.report === undefined ? {} : { report: v.report }) })) };
}
