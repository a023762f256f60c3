/**
 * `faultline run`: one seed of one scenario → the run's files, a verdict, and the command that reproduces it.
 */
import type { Command } from 'commander';
import { ensureWritableDir } from '../../harness/io/atomic.ts';
import type { CommandRegistrar } from '../cli.ts';
import { asUsageError, EXIT, UsageError } from '../errors.ts';
import { parseSeed } from '../options.ts';
import { findScenario, scenarioNames, type ScenarioEntry } from '../scenarios/registry.ts';
import { describeDivergence, rerunAndCompare } from '../determinism.ts';
import { defaultOutDir } from '../run-files.ts';
import { runSeed } from '../run-seed.ts';
import { loadScenarioFile } from '../scenario-file.ts';
import { loadScheduleFile } from '../schedule-file.ts';
import { ASSIGNMENT_OPTION, withAssignment } from '../assignment-option.ts';

export const DEFAULT_SCENARIO = 'failover';
export const DEFAULT_SEED = 1;

interface RunOptions {
  seed: string;
  scenario?: string;
  scenarioFile?: string;
  schedule?: string;
  out?: string;
  checkDeterminism?: boolean;
  json?: boolean;
  assignment?: string;
}

export const registerRun: CommandRegistrar = (program, io, setExit) => {
  program
    .command('run')
    .description('run one seed of a scenario, check it, and write its files')
    .option('--seed <n>', 'root seed of the run', String(DEFAULT_SEED))
    .option('--scenario <name>', `scenario to run (default ${DEFAULT_SCENARIO})`)
    .option('--scenario-file <file>', 'scenario data as JSON: {"base": "<scenario>", ...fields to override}')
    .option('--schedule <file>', "replay a run from its schedule.json alone (scenario, seed, spec and resolved faults)")
    .option('--out <dir>', 'directory for the run files (default store/<scenario>/seed-<n>)')
    .option(...ASSIGNMENT_OPTION)
    .option('--check-determinism', 'run the seed twice and compare the history and trace byte for byte')
    .option('--json', 'print result.json on one line instead of the summary')
    .action((options: RunOptions, command: Command) => {
      if ([options.scenario, options.scenarioFile, options.schedule].filter((o) => o !== undefined).length > 1) throw new UsageError('give one of --scenario, --scenario-file, --schedule');
      const replay = options.schedule !== undefined ? loadScheduleFile(options.schedule) : undefined;
      if (replay !== undefined && command.getOptionValueSource('seed') === 'cli') throw new UsageError('--schedule replays the seed it records; drop --seed');
      const seed = replay?.seed ?? parseSeed(options.seed);
      if (replay !== undefined && options.assignment !== undefined) throw new UsageError('--schedule replays the assignment era it records; drop --assignment');
      const scenario = replay?.scenario ?? withAssignment(options.scenarioFile !== undefined ? loadScenarioFile(options.scenarioFile) : resolveScenario(options.scenario ?? DEFAULT_SCENARIO), options.assignment);
      const outDir = options.out ?? defaultOutDir(scenario.name, seed);
      validateSpec(scenario);
      asUsageError(() => ensureWritableDir(outDir));
      const resultOptions = { checkDeterminism: options.checkDeterminism === true, ...(options.scenarioFile ? { scenarioFile: options.scenarioFile } : {}), ...(options.schedule ? { schedule: options.schedule } : {}) };
      const { run, verdict, result, files: paths } = asUsageError(() => runSeed(scenario, seed, { write: 'always', outDir, resultOptions }));
      let exit: number = verdict.valid === true ? EXIT.valid : verdict.valid === false ? EXIT.violation : EXIT.unknown;
      let determinism: string | undefined;
      if (options.checkDeterminism) {
        const check = rerunAndCompare(scenario, run);
        determinism = check.identical ? `deterministic (sha256 ${check.digest.slice(0, 16)}… twice)` : `NOT deterministic (sha256 ${check.digests[0].slice(0, 16)}… then ${check.digests[1].slice(0, 16)}…): ${describeDivergence(check)}`;
        if (!check.identical) exit = EXIT.violation;
      }
      if (options.json) {
        io.stdout(JSON.stringify({ ...result, files: paths, ...(determinism ? { determinism } : {}) }));
      } else {
        const s = run.stats;
        io.stdout(`faultline run: scenario ${run.scenario}, seed ${seed}: ${s.operations} operations (${s.ok} ok, ${s.fail} fail, ${s.info} info), ${s.simulatedMs} ms simulated, ${s.events} events`);
        for (const [name, r] of Object.entries(verdict.checkers)) io.stdout(`  ${name}: ${r.valid === true ? 'valid' : r.valid === false ? 'VIOLATION' : 'unknown'}`);
        if (determinism) io.stdout(`  determinism: ${determinism}`);
        io.stdout(`verdict: ${exit === EXIT.valid ? 'valid' : exit === EXIT.violation ? 'VIOLATION' : 'unknown'}`);
        io.stdout(`repro: ${result.repro}`);
        io.stdout(`report: ${paths['report.html']}`);
      }
      setExit(exit);
    });
};

function resolveScenario(name: string): ScenarioEntry<unknown> {
  const scenario = findScenario(name);
  if (scenario !== undefined) return scenario;
  const known = scenarioNames();
  throw new UsageError(`unknown scenario '${name}'; known scenarios: ${known.length > 0 ? known.join(', ') : '(none registered yet)'}`);
}

/** Invalid scenario data is the user's input: one line naming the field, exit 2. */
function validateSpec(scenario: ScenarioEntry<unknown>): void {
  try {
    scenario.validate(scenario.spec);
  } catch (error) {
    throw new UsageError(`invalid scenario data for '${scenario.name}': ${error instanceof Error ? error.message : String(error)}`);
  }
}
