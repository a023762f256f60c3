/**
 * `faultline shrink DIR`: from a failing run's folder, the smallest schedule found that still fails the same
 * way (runner/shrink/), written with its run files and report to --out (default DIR/shrunk). Bad input —
 * a missing folder or schedule.json, a malformed schedule, a bad budget, an unwritable --out, a run that does
 * not fail — is one line and exit 2. Otherwise the exit code is the shrunk run's verdict: 1, a violation.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureWritableDir } from '../../harness/io/atomic.ts';
import type { CommandRegistrar } from '../cli.ts';
import { asUsageError, EXIT, UsageError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { parsePositiveInt } from '../options.ts';
import { runSeed } from '../run-seed.ts';
import { loadScheduleFile } from '../schedule-file.ts';
import { DEFAULT_MAX_MS, DEFAULT_MAX_RUNS, describeSize, shrinkReplay, withSchedule } from '../shrink/shrink-run.ts';
import type { KeptStep } from '../shrink/search.ts';
import { describeSignature, failureSignature, sameFailure } from '../shrink/signature.ts';

interface ShrinkCommandOptions {
  out?: string;
  budgetRuns: string;
  budgetMs: string;
}

export const registerShrink: CommandRegistrar = (program, io, setExit) => {
  program
    .command('shrink')
    .description("make a failing run's schedule smaller while it still fails the same way")
    .argument('<dir>', 'a failing run folder (with its schedule.json)')
    .option('--out <dir>', 'where to write the shrunk run (default DIR/shrunk)')
    .option('--budget-runs <n>', 'most candidate runs (the result is deterministic for a given number)', String(DEFAULT_MAX_RUNS))
    .option('--budget-ms <ms>', 'most wall-clock time for the search; reaching it cuts the search short', String(DEFAULT_MAX_MS))
    .action((dir: string, options: ShrinkCommandOptions) => setExit(shrinkCommand(dir, options, io)));
};

function shrinkCommand(dir: string, options: ShrinkCommandOptions, io: CliIo): number {
  const maxRuns = parsePositiveInt('--budget-runs', options.budgetRuns);
  const maxMs = parsePositiveInt('--budget-ms', options.budgetMs);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir}: no such run folder`);
  const schedulePath = join(dir, 'schedule.json');
  const { scenario, seed } = loadScheduleFile(schedulePath);
  const outDir = options.out ?? join(dir, 'shrunk');
  if (resolve(outDir) === resolve(dir)) throw new UsageError(`--out ${outDir}: the shrunk run cannot overwrite the run it shrinks`);
  asUsageError(() => ensureWritableDir(outDir));

  const progress = ({ step, run, schedule }: KeptStep) => io.stderr(`shrink: run ${run}: ${step}; now ${describeSize(schedule)}`);
  const result = shrinkReplay(scenario, seed, { maxRuns, maxMs, onKept: progress });
  if (!result.fails) throw new UsageError(`${schedulePath}: does not fail (verdict ${String(result.original.verdict.valid)}): nothing to shrink`);

  const shrunk = asUsageError(() => runSeed(withSchedule(scenario, result.schedule), seed, { write: 'always', outDir, resultOptions: { shrunkFrom: schedulePath } }));
  // Every run is deterministic, so the shrunk schedule fails as it did in the search.
  if (!sameFailure(result.signature, failureSignature(shrunk.verdict))) throw new Error(`the shrunk schedule of ${schedulePath} did not fail again the same way: a determinism bug`);
  io.stdout(`faultline shrink: scenario ${scenario.name}, seed ${seed}: fails in ${describeSignature(result.signature)}`);
  io.stdout(`  before: ${describeSize(result.original)}`);
  io.stdout(`  after:  ${describeSize(result.schedule)}`);
  io.stdout(`  runs: ${result.runs} of ${maxRuns} (${result.kept} steps kept; stopped at ${result.stoppedBy})`);
  io.stdout(`repro: ${shrunk.repro}`);
  io.stdout(`report: ${shrunk.files['report.html']}`);
  return EXIT.violation;
}
