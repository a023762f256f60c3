/**
 * `faultline check FILE...`: linearizability of saved or foreign histories (faultline's JSONL, Porcupine's etcd
 * and kv logs, Jepsen's history.edn). A verdict line per file, a summary for several, or one JSON object per
 * file with --json. Exit 1 when any file is not linearizable (whatever else happened), else 2 when any could not
 * be read or parsed, else 3 when any is undecided, else 0.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import {
  checkLinearizability,
  DEFAULT_LIMITS,
  findFormat,
  findModel,
  formats,
  HistoryInputError,
  inferModel,
  models,
  readHistory,
  type AnyModel,
  type LinearizabilityResult,
} from '../../checkers/index.ts';
import { basename, dirname } from 'node:path';
import type { History } from '../../checkers/history/operations.ts';
import { ensureWritableDir, writeFileAtomic } from '../../harness/io/atomic.ts';
import { renderReport, type ReportCheckerResult, type ReportInput } from '../../reports/index.ts';
import type { CommandRegistrar } from '../cli.ts';
import { asUsageError, EXIT, UsageError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { parsePositiveInt } from '../options.ts';

interface CheckCliOptions {
  format?: string;
  model?: string;
  timeLimitMs?: string;
  memoryLimitMb?: string;
  allKeys?: boolean;
  partition: boolean;
  json?: boolean;
  report?: string;
}

interface Settings {
  format?: string;
  model?: AnyModel;
  timeLimitMs: number;
  memoryLimitBytes: number;
  allKeys: boolean;
  partition: boolean;
  json: boolean;
  /** Where to write the HTML report of the one history checked. */
  report?: string;
}

const DEFAULT_MEMORY_MB = DEFAULT_LIMITS.memoryLimitBytes / 2 ** 20;

/** `error` starts with the line number and a colon when there is one: printed after `file:`. */
type FileVerdict = { file: string; result: LinearizabilityResult; format: string; ms: number; history: History } | { file: string; error: string };

export const registerCheck: CommandRegistrar = (program, io, setExit) => {
  program
    .command('check')
    .description('check histories for linearizability (faultline JSONL, Porcupine etcd/kv logs, Jepsen history.edn)')
    .argument('<files...>', 'history files')
    .option('--format <format>', `history format: ${formats.map((f) => f.name).join(', ')} (default: from the first line)`)
    .option('--model <model>', `model: ${models.map((m) => m.name).join(', ')} (default: from the format or the operations)`)
    .option('--time-limit-ms <n>', 'time limit per file, ms', String(DEFAULT_LIMITS.timeLimitMs))
    .option('--memory-limit-mb <n>', 'memory the search may use per file, MiB', String(DEFAULT_MEMORY_MB))
    .option('--all-keys', 'keep checking every key after one is found not linearizable')
    .option('--no-partition', 'check all keys as one state instead of key by key')
    .option('--json', 'one JSON object per file, a line each')
    .option('--report <file>', 'write an HTML report of the history (one file only): each failing key drawn and explained')
    .action((files: string[], options: CheckCliOptions, _command: Command) => {
      const settings = parseSettings(options);
      if (settings.report !== undefined && files.length !== 1) throw new UsageError(`--report draws one history; ${files.length} files were given`);
      if (settings.report !== undefined) ensureReportDir(settings.report);
      const verdicts = files.map((file) => checkFile(file, settings));
      for (const verdict of verdicts) print(verdict, settings, io);
      if (settings.report !== undefined && 'result' in (verdicts[0] as FileVerdict)) io.stderr(`report: ${writeHistoryReport(verdicts[0] as CheckedFile, settings.report)}`);
      if (!settings.json && files.length > 1) io.stdout(summary(verdicts));
      setExit(exitCode(verdicts));
    });
};

function parseSettings(options: CheckCliOptions): Settings {
  if (options.format !== undefined && findFormat(options.format) === undefined) {
    throw new UsageError(`unknown format '${options.format}'; formats: ${formats.map((f) => f.name).join(', ')}`);
  }
  const model = options.model === undefined ? undefined : findModel(options.model);
  if (options.model !== undefined && model === undefined) {
    throw new UsageError(`unknown model '${options.model}'; models: ${models.map((m) => m.name).join(', ')}`);
  }
  return {
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(model === undefined ? {} : { model }),
    timeLimitMs: parsePositiveInt('--time-limit-ms', options.timeLimitMs ?? String(DEFAULT_LIMITS.timeLimitMs)),
    memoryLimitBytes: parsePositiveInt('--memory-limit-mb', options.memoryLimitMb ?? String(DEFAULT_MEMORY_MB), 1024 * 1024) * 2 ** 20,
    allKeys: options.allKeys === true,
    partition: options.partition,
    json: options.json === true,
    ...(options.report === undefined ? {} : { report: options.report }),
  };
}

function checkFile(file: string, settings: Settings): FileVerdict {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { file, error: ` cannot read: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}` };
  }
  try {
    const { format, history } = readHistory(text, settings.format);
    const model = settings.model ?? modelFor(format.model, history.ops);
    const started = performance.now();
    const result = checkLinearizability(history, model, {
      timeLimitMs: settings.timeLimitMs,
      memoryLimitBytes: settings.memoryLimitBytes,
      allKeys: settings.allKeys,
      partition: settings.partition,
    });
    return { file, result, format: format.name, ms: Math.round(performance.now() - started), history };
  } catch (error) {
    if (error instanceof HistoryInputError) return { file, error: error.line === undefined ? ` ${error.message}` : `${error.line}: ${error.message}` };
    throw error;
  }
}

/** A report that cannot be written fails before the check, not after it. */
function ensureReportDir(out: string): void {
  asUsageError(() => ensureWritableDir(dirname(out)), [], `--report ${out}: `);
}

type CheckedFile = Extract<FileVerdict, { result: LinearizabilityResult }>;

/** The report of a history with no run around it: no trace, no faults; its checker's verdict and evidence. */
function writeHistoryReport(checked: CheckedFile, out: string): string {
  const { file, result, format, history } = checked;
  const input: ReportInput = {
    result: {
      seed: 0,
      scenario: `history ${basename(file)}`,
      valid: result.valid,
      checkers: { linearizability: result as unknown as ReportCheckerResult },
      stats: { operations: result.operations, format, model: result.model },
      repro: `npx faultline check ${file}`,
      options: { history: file },
    },
    history: history.ops,
    trace: [],
    schedule: { faults: [] },
  };
  asUsageError(() => writeFileAtomic(out, renderReport(input)));
  return out;
}

function modelFor(implied: string | undefined, ops: readonly { f: string }[]): AnyModel {
  if (implied !== undefined) return findModel(implied) as AnyModel;
  const model = inferModel(new Set(ops.map((op) => op.f)));
  if (typeof model === 'string') throw new HistoryInputError(`${model}; name one with --model`);
  return model;
}

function print(verdict: FileVerdict, settings: Settings, io: CliIo): void {
  if ('error' in verdict) {
    io.stderr(`${verdict.file}:${verdict.error}`);
    if (settings.json) io.stdout(JSON.stringify({ file: verdict.file, error: verdict.error.trim() }));
    return;
  }
  const { file, result, format, ms } = verdict;
  if (settings.json) {
    io.stdout(JSON.stringify({ file, format, ms, ...result }));
    return;
  }
  const keys = result.keys.length === 1 ? '1 key' : `${result.keys.length} keys`;
  const facts = `${result.model}, ${result.operations} operations, ${keys}, ${ms} ms`;
  if (result.valid === true) {
    io.stdout(`${file}: linearizable (${facts})`);
  } else if (result.valid === false) {
    const failing = result.keys.filter((k) => k.valid === false);
    const undecided = result.keys.filter((k) => k.valid === 'unknown').length;
    const rest = undecided === 0 ? '' : `; ${undecided} other key${undecided === 1 ? '' : 's'} undecided${settings.allKeys ? '' : ' (--all-keys checks every key)'}`;
    io.stdout(`${file}: NOT linearizable (${facts}); ${failing.length} key${failing.length === 1 ? '' : 's'} failing${rest}`);
    for (const key of failing.slice(0, 5)) {
      const evidence = key.evidence;
      if (evidence === undefined) continue;
      const where = evidence.cannotLinearize.map((op) => `process ${op.process}${op.line === undefined ? ` index ${op.invoke.index}` : ` line ${op.line}`}`).join(', ');
      io.stdout(`  key ${JSON.stringify(key.key)}: after ${evidence.longestPrefix.length} operations, ${evidence.explanation} (${where})`);
    }
    if (failing.length > 5) io.stdout(`  … and ${failing.length - 5} more keys (see --json)`);
  } else {
    io.stdout(`${file}: unknown (${facts}): ${result.reason ?? 'undecided'}`);
  }
}

/** The counts, then the files that are not linearizable and those that could not be read, by name. */
function summary(verdicts: readonly FileVerdict[]): string {
  const files = (test: (v: FileVerdict) => boolean): string[] => verdicts.filter(test).map((v) => v.file);
  const linearizable = files((v) => 'result' in v && v.result.valid === true).length;
  const not = files((v) => 'result' in v && v.result.valid === false);
  const unknown = files((v) => 'result' in v && v.result.valid === 'unknown').length;
  const bad = files((v) => 'error' in v);
  const counts = `${verdicts.length} files: ${linearizable} linearizable, ${not.length} not linearizable, ${unknown} unknown${bad.length > 0 ? `, ${bad.length} unreadable` : ''}`;
  const named = [not.length > 0 ? `not linearizable: ${not.join(', ')}` : '', bad.length > 0 ? `unreadable: ${bad.join(', ')}` : ''].filter((s) => s !== '');
  return named.length === 0 ? counts : `${counts} — ${named.join('; ')}`;
}

/**
 * A violation is never hidden: it decides the exit (1) even beside a file that could not be read, which is
 * reported all the same. Then bad input (2), then an undecided file (3).
 */
function exitCode(verdicts: readonly FileVerdict[]): number {
  if (verdicts.some((v) => 'result' in v && v.result.valid === false)) return EXIT.violation;
  if (verdicts.some((v) => 'error' in v)) return EXIT.usage;
  if (verdicts.some((v) => 'result' in v && v.result.valid === 'unknown')) return EXIT.unknown;
  return EXIT.valid;
}
