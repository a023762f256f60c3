/**
 * `faultline sweep`: seeds [from, from+count) of a scenario in parallel. Failing seeds are printed as they come,
 * with their repro command and report; the summary gives counts and seeds per minute. Exit 0 all valid,
 * 1 any violation, 3 any unknown (and no violation), 2 bad input.
 */
import { join } from 'node:path';
import { ensureWritableDir, OutputError } from '../../harness/io/atomic.ts';
import { MAX_SEED } from '../../harness/random.ts';
import type { CommandRegistrar } from '../cli.ts';
import { EXIT, UsageError } from '../errors.ts';
import { parsePositiveInt, parseSeed } from '../options.ts';
import { loadScenarioFile } from '../scenario-file.ts';
import { findScenario, scenarioNames } from '../scenarios/registry.ts';
import { sweep, type SeedVerdict } from '../sweep.ts';
import { DEFAULT_SCENARIO } from './run.ts';

interface SweepOptions {
  scenario?: string;
  scenarioFile?: string;
  seeds: string;
  from: string;
  workers?: string;
  out?: string;
  json?: boolean;
}

function totalFaults(verdicts: readonly SeedVerdict[]): { byKind: Record<string, number>; seedsWithKind: Record<string, number>; byTrigger: Record<string, number> } {
  const byKind: Record<string, number> = {};
  const seedsWithKind: Record<string, number> = {};
  const byTrigger: Record<string, number> = {};
  for (const v of verdicts) {
    for (const [k, n] of Object.entries(v.faults.byKind)) {
      byKind[k] = (byKind[k] ?? 0) + n;
      seedsWithKind[k] = (seedsWithKind[k] ?? 0) + 1;
    }
    for (const [k, n] of Object.entries(v.faults.byTrigger)) byTrigger[k] = (byTrigger[k] ?? 0) + n;
  }
  const sorted = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { byKind: sorted(byKind), seedsWithKind: sorted(seedsWithKind), byTrigger: sorted(byTrigger) };
}

export const registerSweep: CommandRegistrar = (program, io, setExit) => {
  program
    .command('sweep')
    .description('run many seeds of a scenario in parallel and summarise the verdicts')
    .option('--scenario <name>', `scenario to run (default ${DEFAULT_SCENARIO})`)
    .option('--scenario-file <file>', 'scenario data as JSON: {"base": "<scenario>", ...fields to override}')
    .option('--seeds <n>', 'how many seeds', '100')
    .option('--from <seed>', 'first seed', '1')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--out <dir>', 'where failing seeds write their files (default store/<scenario>)')
    .option('--json', 'one JSON line per seed, then a summary line')
    .action(async (options: SweepOptions) => {
      const count = parsePositiveInt('--seeds', options.seeds, 1_000_000);
      const from = parseSeed(options.from);
      if (from + count - 1 > MAX_SEED) throw new UsageError(`--from + --seeds goes past the largest seed ${MAX_SEED}`);
      const workers = options.workers === undefined ? undefined : parsePositiveInt('--workers', options.workers, 64);
      if (options.scenario !== undefined && options.scenarioFile !== undefined) throw new UsageError('give --scenario or --scenario-file, not both');
      const scenario = options.scenarioFile !== undefined ? loadScenarioFile(options.scenarioFile) : findScenario(options.scenario ?? DEFAULT_SCENARIO);
      if (scenario === undefined) throw new UsageError(`unknown scenario '${options.scenario ?? DEFAULT_SCENARIO}'; known scenarios: ${scenarioNames().join(', ')}`);
      const outRoot = options.out ?? join('store', scenario.name);
      try {
        ensureWritableDir(outRoot);
      } catch (error) {
        if (error instanceof OutputError) throw new UsageError(error.message);
        throw error;
      }
      const seeds = Array.from({ length: count }, (_, i) => from + i);
      const step = Math.max(1, Math.floor(count / 10));
      const summary = await sweep({ scenarioName: scenario.name, spec: scenario.spec, seeds, outRoot }, (v, done) => {
        if (options.json) return io.stdout(JSON.stringify(v));
        if (v.valid !== true) io.stdout(`seed ${v.seed}: ${v.valid === false ? 'VIOLATION' : 'unknown'} (${v.failing.join(', ')}) — repro: ${v.repro} — report: ${v.report ?? '(none)'}`);
        if (done % step === 0 || done === count) io.stderr(`… ${done}/${count} seeds`);
      }, workers);
      const valid = summary.verdicts.filter((v) => v.valid === true).length;
      const violations = summary.verdicts.filter((v) => v.valid === false).length;
      const unknown = count - valid - violations;
      const perMinute = (count / summary.wallMs) * 60_000;
      const line = `${count} seeds of ${scenario.name} in ${(summary.wallMs / 1000).toFixed(1)} s (${perMinute.toFixed(0)} seeds/min on ${summary.workers} workers): ${valid} valid, ${violations} violations, ${unknown} unknown`;
      const faults = totalFaults(summary.verdicts);
      if (options.json) {
        io.stdout(JSON.stringify({ summary: { seeds: count, valid, violations, unknown, wallMs: Math.round(summary.wallMs), seedsPerMinute: Math.round(perMinute), workers: summary.workers, faults } }));
      } else {
        if (Object.keys(faults.byKind).length > 0) {
          io.stdout(`faults injected (from the traces): ${Object.entries(faults.byKind).map(([k, n]) => `${k} ${n} (in ${faults.seedsWithKind[k]} seeds)`).join(', ')}`);
          io.stdout(`triggered at failpoints: ${Object.entries(faults.byTrigger).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
        }
        io.stdout(line);
      }
      setExit(violations > 0 ? EXIT.violation : unknown > 0 ? EXIT.unknown : EXIT.valid);
    });
};
