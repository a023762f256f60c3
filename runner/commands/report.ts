/**
 * `faultline report DIR`: re-render a run's report.html from the files beside it (result.json, history.jsonl,
 * trace.jsonl, schedule.json) — after upgrading faultline, or for a run copied from CI. A missing or malformed
 * file, or a folder that cannot be written, is one line and exit 2.
 */
import { ReportInputError, writeReport } from '../../reports/index.ts';
import type { CommandRegistrar } from '../cli.ts';
import { asUsageError, EXIT } from '../errors.ts';

export const registerReport: CommandRegistrar = (program, io, setExit) => {
  program
    .command('report')
    .description("re-render a run folder's report.html from its files")
    .argument('<dir>', 'a run folder (as written by run, sweep or repro)')
    .action((dir: string) => {
      io.stdout(`report: ${asUsageError(() => writeReport(dir), [ReportInputError])}`);
      setExit(EXIT.valid);
    });
};
