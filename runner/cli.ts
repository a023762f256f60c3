/**
 * The `faultline` command line. Each subcommand lives in runner/commands/ and returns an exit code:
 * 0 valid, 1 violation, 2 usage or input error, 3 unknown (DESIGN.md §7).
 */
import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from './errors.ts';
import { processIo, type CliIo } from './io.ts';
import { registerRun } from './commands/run.ts';
import { registerCheck } from './commands/check.ts';
import { registerSweep } from './commands/sweep.ts';
import { registerSoak } from './commands/soak.ts';
import { registerSystematic } from './commands/systematic.ts';
import { registerBugs } from './commands/bugs.ts';
import { registerReport } from './commands/report.ts';
import { registerGather } from './commands/gather.ts';
import { registerShrink } from './commands/shrink.ts';
import { registerCompare } from './commands/compare.ts';
import { packageVersion } from './version.ts';
import './scenarios/index.ts';

export type CommandRegistrar = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

const registrars: CommandRegistrar[] = [registerRun, registerSweep, registerSoak, registerSystematic, registerCheck, registerBugs, registerReport, registerGather, registerShrink, registerCompare];

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = EXIT.valid;
  const program = new Command()
    .name('faultline')
    .description('Deterministic fault-injection harness for the HBase control plane')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // commander prints its own one-line "error: ..." message; nothing more is needed.
      outputError: (s, write) => write(s),
    })
    .showSuggestionAfterError(true);
  for (const register of registrars) register(program, io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return error.exitCode === 0 ? EXIT.valid : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr(`faultline: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
}
