/**
 * `faultline sweep`: seeds [from, from+count) of a scenario — or of every scenario, `--all-scenarios` — in
 * parallel. Failing and non-deterministic seeds are printed as they come, with their repro command and report;
 * the summary gives counts, the determinism re-runs, the faults injected and seeds per minute. For CI: `--shard K/N`
 * runs one machine's part of the range, `--junit FILE` writes a test case per seed, `--stop-after N` ends the sweep
 * at the N-th failing seed. Exit 0 all valid, 1 any violation or non-determinism, 3 any unknown (and no
 * violation), 2 bad input.
 */
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureWritableDir, writeFileAtomic } from '../../harness/io/atomic.ts';
import { MAX_SEED } from '../../harness/random.ts';
import type { CommandRegistrar } from '../cli.ts';
import { asUsageError, UsageError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { junitXml, type JUnitSuite } from '../junit.ts';
import { parsePositiveInt, parseSeed, parseShare } from '../options.ts';
import { progressReporter } from '../progress.ts';
import { parseShard, shardLabel, shardSeeds, type Shard } from '../shard.ts';
import { loadScenarioFile, SCENARIO_FILE_OPTION } from '../scenario-file.ts';
import { findScenario, scenarioNames, type ScenarioEntry } from '../scenarios/registry.ts';
import { DEFAULT_DETERMINISM_SHARE, sweep, utilisationPhrase, type SeedVerdict } from '../sweep.ts';
import { ASSIGNMENT_OPTION, withAssignment } from '../assignment-option.ts';
import { countsPhrase, determinismPhrase, divergedSeedLine, failingSeedLine, faultLines, sweepExitCode, tallySweep, type SweepTally } from '../sweep-summary.ts';
import { DEFAULT_SCENARIO } from './run.ts';

interface SweepOptions {
  scenario?: string;
  scenarioFile?: string;
  allScenarios?: boolean;
  seeds: string;
  from: string;
  workers?: string;
  out?: string;
  determinismShare: string;
  json?: boolean;
  shard?: string;
  junit?: string;
  stopAfter?: string;
  assignment?: string;
}

/** What to sweep: each scenario with its seeds. */
export interface SweepPlan {
  runs: Array<{ scenario: ScenarioEntry<unknown>; seeds: number[] }>;
  /** Scenario `s` writes its failing seeds under `outDir(s)/seed-<N>`. */
  outDir: (scenario: string) => string;
  workers?: number;
  determinismShare: number;
  json: boolean;
  /** Modules registering the plan's scenarios when they are not built in (runner/sweep.ts SweepRequest). */
  scenarioModules?: string[];
  /** The part of each scenario's seeds this machine runs (already applied to `runs`; named in the output). */
  shard?: Shard;
  /** Where to write the JUnit XML. */
  junit?: string;
  /** End the sweep once this many seeds have failed (violation, unknown or non-deterministic). */
  stopAfter?: number;
}

export const registerSweep: CommandRegistrar = (program, io, setExit) => {
  program
    .command('sweep')
    .description('run many seeds of a scenario (or of every scenario) in parallel and summarise the verdicts')
    .option('--scenario <name>', `scenario to run (default ${DEFAULT_SCENARIO})`)
    .option(...SCENARIO_FILE_OPTION)
    .option('--all-scenarios', 'every registered scenario but the scripted ones, one after the other, with --seeds each')
    .option('--seeds <n>', 'how many seeds (per scenario)', '100')
    .option('--from <seed>', 'first seed', '1')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--out <dir>', 'where failing seeds write their files (default store/<scenario>)')
    .option('--determinism-share <share>', 'share of seeds run twice and compared byte for byte, 0 to 1 (0: none)', String(DEFAULT_DETERMINISM_SHARE))
    .option('--json', 'one JSON line per seed, then a summary line')
    .option('--shard <K/N>', 'run only shard K of N (seeds dealt round robin: the N shards are disjoint and cover the range)')
    .option('--junit <file>', 'write JUnit XML: a test case per seed, failures with their repro and report')
    .option(...ASSIGNMENT_OPTION)
    .option('--stop-after <n>', 'stop handing out seeds once n seeds have failed (running ones finish; the rest are reported as not run)')
    .action(async (options: SweepOptions) => {
      const count = parsePositiveInt('--seeds', options.seeds, 1_000_000);
      const shard = options.shard === undefined ? undefined : parseShard(options.shard);
      const stopAfter = options.stopAfter === undefined ? undefined : parsePositiveInt('--stop-after', options.stopAfter, 1_000_000);
      const from = parseSeed(options.from, '--from');
      if (from + count - 1 > MAX_SEED) throw new UsageError(`--from + --seeds goes past the largest seed ${MAX_SEED}`);
      if ([options.scenario, options.scenarioFile, options.allScenarios].filter((o) => o !== undefined).length > 1) throw new UsageError('give one of --scenario, --scenario-file, --all-scenarios');
      const scenarios = (options.allScenarios ? sweepableScenarios() : [scenarioOf(options)]).map((s) => withAssignment(s, options.assignment));
      const range = seedRange(from, count);
      const seeds = shard === undefined ? range : shardSeeds(range, shard);
      setExit(
        await runSweepPlan(
          {
            runs: scenarios.map((scenario) => ({ scenario, seeds })),
            // One scenario writes where --out says (as before); several write a folder each below it.
            outDir: (name) => (options.out === undefined ? join('store', name) : options.allScenarios ? join(options.out, name) : options.out),
            ...(options.workers === undefined ? {} : { workers: parsePositiveInt('--workers', options.workers, 64) }),
            determinismShare: parseShare('--determinism-share', options.determinismShare),
            json: options.json === true,
            ...(shard === undefined ? {} : { shard }),
            ...(options.junit === undefined ? {} : { junit: options.junit }),
            ...(stopAfter === undefined ? {} : { stopAfter }),
          },
          io,
        ),
      );
    });
};

export function seedRange(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

/** Every registered scenario a sweep over seeds tests, in name order: all but the scripted and the heavy ones. */
export function sweepableScenarios(): ScenarioEntry<unknown>[] {
  return scenarioNames()
    .map((name) => findScenario(name) as ScenarioEntry<unknown>)
    .filter((s) => s.scripted !== true && s.heavy !== true);
}

function scenarioOf(options: SweepOptions): ScenarioEntry<unknown> {
  if (options.scenarioFile !== undefined) return loadScenarioFile(options.scenarioFile);
  const scenario = findScenario(options.scenario ?? DEFAULT_SCENARIO);
  if (scenario === undefined) throw new UsageError(`unknown scenario '${options.scenario ?? DEFAULT_SCENARIO}'; known scenarios: ${scenarioNames().join(', ')}`);
  return scenario;
}

/** Sweeps each scenario of the plan in turn, printing as it goes; returns the exit code. */
export async function runSweepPlan(plan: SweepPlan, io: CliIo): Promise<number> {
  for (const { scenario } of plan.runs) asUsageError(() => ensureWritableDir(plan.outDir(scenario.name)));
  if (plan.junit !== undefined) asUsageError(() => ensureWritableDir(dirname(plan.junit as string)));
  const tallies: SweepTally[] = [];
  const suites: JUnitSuite[] = [];
  let failed = 0;
  const stopped = (): boolean => plan.stopAfter !== undefined && failed >= plan.stopAfter;
  for (const { scenario, seeds } of plan.runs) {
    const reason = `not run: the sweep stopped after ${plan.stopAfter ?? 0} failing seeds`;
    if (stopped()) {
      suites.push({ scenario: scenario.name, verdicts: [], notRun: seeds, notRunReason: reason });
      continue;
    }
    const outcome = await sweepOne(scenario, seeds, plan, io, stopped, () => failed++);
    tallies.push(outcome.tally);
    suites.push({ scenario: scenario.name, verdicts: outcome.verdicts, notRun: outcome.notRun, notRunReason: reason });
  }
  if (plan.runs.length > 1) printTotal(tallies, plan.json, io);
  const notRun = suites.reduce((n, s) => n + s.notRun.length, 0);
  if (notRun > 0 && !plan.json) io.stdout(`stopped after ${failed} failing seeds (--stop-after ${plan.stopAfter ?? 0}): ${notRun} seeds not run`);
  if (plan.junit !== undefined) {
    writeFileAtomic(plan.junit, junitXml(suites));
    if (!plan.json) io.stdout(`junit: ${plan.junit}`);
  }
  return sweepExitCode(tallies);
}

function isFailing(v: SeedVerdict): boolean {
  return v.valid !== true || v.determinism?.identical === false;
}

async function sweepOne(scenario: ScenarioEntry<unknown>, seeds: number[], plan: SweepPlan, io: CliIo, stop: () => boolean, onFailure: () => void): Promise<{ tally: SweepTally; verdicts: SeedVerdict[]; notRun: number[] }> {
  const label = `${scenario.name}${shardLabel(plan.shard)}`;
  const request = { scenarioName: scenario.name, spec: scenario.spec, seeds, outRoot: plan.outDir(scenario.name), determinismShare: plan.determinismShare, scenarioModules: plan.scenarioModules ?? [] };
  const progress = progressReporter(io);
  const started = performance.now();
  let failing = 0;
  const summary = await sweep(
    request,
    (v, done) => {
      if (isFailing(v)) {
        failing++;
        onFailure();
      }
      if (plan.json) io.stdout(JSON.stringify({ scenario: scenario.name, ...v }));
      else if (v.valid !== true) io.stdout(failingSeedLine(scenario.name, v));
      if (!plan.json && v.determinism?.identical === false) io.stdout(divergedSeedLine(scenario.name, v));
      progress.update({ label, done, total: seeds.length, failing, elapsedMs: performance.now() - started });
    },
    plan.workers,
    stop,
  );
  progress.finish();
  const tally = tallySweep(scenario.name, summary.verdicts);
  const perMinute = (tally.seeds / summary.wallMs) * 60_000;
  if (plan.json) {
    const { scenario: name, seeds: n, valid, violations, unknown, rerun, diverged, faults } = tally;
    const determinism = { rerun, diverged: diverged.map((v) => v.seed) };
    const shard = plan.shard === undefined ? {} : { shard: `${plan.shard.index}/${plan.shard.count}` };
    const notRun = summary.notRun.length > 0 ? { notRun: summary.notRun.length } : {};
    io.stdout(JSON.stringify({ summary: { scenario: name, ...shard, seeds: n, ...notRun, valid, violations, unknown, determinism, wallMs: Math.round(summary.wallMs), seedsPerMinute: Math.round(perMinute), workers: summary.workers, utilisation: summary.utilisation, faults } }));
  } else {
    for (const line of faultLines(tally)) io.stdout(line);
    io.stdout(utilisationPhrase(summary.utilisation));
    io.stdout(`${tally.seeds} seeds of ${label} in ${(summary.wallMs / 1000).toFixed(1)} s (${perMinute.toFixed(0)} seeds/min on ${summary.workers} workers): ${countsPhrase(tally)}; ${determinismPhrase(tally)}`);
  }
  return { tally, verdicts: summary.verdicts, notRun: summary.notRun };
}

/** Several scenarios: a line each, the total, and every failing seed again with its repro (they scrolled by). */
function printTotal(tallies: readonly SweepTally[], json: boolean, io: CliIo): void {
  const sum = (pick: (t: SweepTally) => number) => tallies.reduce((n, t) => n + pick(t), 0);
  const total = { seeds: sum((t) => t.seeds), valid: sum((t) => t.valid), violations: sum((t) => t.violations), unknown: sum((t) => t.unknown), rerun: sum((t) => t.rerun), diverged: tallies.flatMap((t) => t.diverged) };
  if (json) {
    io.stdout(JSON.stringify({ total: { scenarios: tallies.length, ...total, diverged: total.diverged.length } }));
    return;
  }
  io.stdout('');
  const width = Math.max(...tallies.map((t) => t.scenario.length));
  for (const t of tallies) io.stdout(`${t.scenario.padEnd(width)}  ${String(t.seeds).padStart(6)} seeds: ${countsPhrase(t)}; ${determinismPhrase(t)}`);
  io.stdout(`all ${tallies.length} scenarios, ${total.seeds} seeds: ${countsPhrase(total)}; ${determinismPhrase(total)}`);
  const failing = tallies.flatMap((t) => [...t.failing.map((v) => failingSeedLine(t.scenario, v)), ...t.diverged.map((v) => divergedSeedLine(t.scenario, v))]);
  if (failing.length > 0) {
    io.stdout(`failing seeds (${failing.length}):`);
    for (const line of failing) io.stdout(`  ${line}`);
  }
}
