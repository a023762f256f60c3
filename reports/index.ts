/**
 * reports/: one self-contained HTML file per run (DESIGN.md §6). Reports read a run's files, never the
 * system's or the runner's objects.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../harness/io/atomic.ts';
import { parseHistory, parseResult, parseSchedule, parseTrace, ReportInputError, type ReportInput } from './input.ts';
import { renderReport } from './page.ts';

export { renderReport } from './page.ts';
export { ReportInputError, parseHistory, parseResult, parseSchedule, parseTrace } from './input.ts';
export type { ReportInput, ReportResult, ReportHistoryOp, ReportSchedule, ReportCheckerResult, Validity } from './input.ts';

export const REPORT_FILE = 'report.html';

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : error instanceof Error ? error.message : String(error);
    throw new ReportInputError(`${path}: cannot read: ${why}`.replace(/\s+/g, ' '));
  }
}

/** Reads and validates a run directory's result.json, history.jsonl, trace.jsonl and schedule.json. */
export function readRunDir(dir: string): ReportInput {
  const at = (name: string) => join(dir, name);
  return {
    result: parseResult(readText(at('result.json')), at('result.json')),
    history: parseHistory(readText(at('history.jsonl')), at('history.jsonl')),
    trace: parseTrace(readText(at('trace.jsonl')), at('trace.jsonl')),
    schedule: parseSchedule(readText(at('schedule.json')), at('schedule.json')),
  };
}

export function renderReportFromDir(dir: string): string {
  return renderReport(readRunDir(dir));
}

/** Renders `dir`'s files into `dir/report.html` (atomically) and returns the report's path. */
export function writeReport(dir: string): string {
  const html = renderReportFromDir(dir);
  const path = join(dir, REPORT_FILE);
  writeFileAtomic(path, html);
  return path;
}
