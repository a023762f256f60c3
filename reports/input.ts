/**
 * What a report reads: the contents of a run's files (DESIGN.md §4), typed from the files themselves rather
 * than from the runner's or the harness's classes, because a report must draw any run directory — one written
 * by an older build, or a history imported from elsewhere. A trace line is any record (`{time, type, ...}`);
 * the ones whose type the schema declares are narrowed to it where they are read (schema/trace.ts isTraceEvent).
 */
import type { TraceRecord } from '../schema/index.ts';

export type Validity = true | false | 'unknown';

export interface ReportCheckerResult {
  valid: Validity;
  /** Evidence, in whatever shape the checker chose. */
  [evidence: string]: unknown;
}

/** result.json */
export interface ReportResult {
  seed: number;
  scenario: string;
  valid: Validity;
  checkers: Record<string, ReportCheckerResult>;
  stats: Record<string, unknown>;
  /** The one command that reproduces the run. */
  repro: string;
  options?: Record<string, unknown>;
  sha256?: string;
}

/** One line of history.jsonl. */
export interface ReportHistoryOp {
  index: number;
  time: number;
  process: number;
  type: 'invoke' | 'ok' | 'fail' | 'info';
  f: string;
  key: unknown;
  value: unknown;
  error?: string;
}

/** schedule.json */
export interface ReportSchedule {
  faults: unknown[];
}

export interface ReportInput {
  result: ReportResult;
  history: readonly ReportHistoryOp[];
  trace: readonly TraceRecord[];
  schedule: ReportSchedule;
}

/** A run file that cannot be read or is malformed. The message is one line and names the file (and line). */
export class ReportInputError extends Error {
  override name = 'ReportInputError';
}

function fail(where: string, problem: string): never {
  throw new ReportInputError(`${where}: ${problem}`.replace(/\s+/g, ' ').trim());
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail(where, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function isValidity(value: unknown): value is Validity {
  return value === true || value === false || value === 'unknown';
}

/** `file` is the name used in messages (normally the file's path). */
export function parseResult(text: string, file: string): ReportResult {
  const r = parseJson(text, file);
  if (!isRecord(r)) fail(file, 'expected a JSON object');
  if (typeof r.seed !== 'number') fail(file, "field 'seed' is missing or not a number");
  if (typeof r.scenario !== 'string') fail(file, "field 'scenario' is missing or not a string");
  if (!isValidity(r.valid)) fail(file, "field 'valid' must be true, false or \"unknown\"");
  if (!isRecord(r.checkers)) fail(file, "field 'checkers' is missing or not an object");
  for (const [name, c] of Object.entries(r.checkers)) {
    if (!isRecord(c) || !isValidity(c.valid)) fail(file, `checker '${name}' has no valid: true, false or "unknown"`);
  }
  if (!isRecord(r.stats)) fail(file, "field 'stats' is missing or not an object");
  if (typeof r.repro !== 'string') fail(file, "field 'repro' is missing or not a string");
  if (r.options !== undefined && !isRecord(r.options)) fail(file, "field 'options' is not an object");
  return r as unknown as ReportResult;
}

export function parseSchedule(text: string, file: string): ReportSchedule {
  const s = parseJson(text, file);
  if (!isRecord(s)) fail(file, 'expected a JSON object');
  if (!Array.isArray(s.faults)) fail(file, "field 'faults' is missing or not an array");
  return s as unknown as ReportSchedule;
}

/** A line that is empty or only whitespace (a trailing newline, a hand-edited file). */
function blank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '');
}

/**
 * Parses every non-blank line and checks it with `problem`, which returns what is wrong or undefined. Fast
 * path: one JSON.parse of the whole file as an array, with no per-record allocation beyond the records; a
 * count that does not match (a line holding `1, 2`) or a syntax error falls back to one parse per line, which
 * names the offending line.
 */
function parseJsonLines<T>(text: string, file: string, problem: (record: Record<string, unknown>) => string | undefined): T[] {
  const lines = text.split('\n');
  const kept: string[] = [];
  const numbers: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (blank(line)) continue;
    kept.push(line);
    numbers.push(i + 1);
  }
  let records: unknown[] | undefined;
  try {
    const all = JSON.parse(`[${kept.join(',')}]`) as unknown[];
    if (all.length === kept.length) records = all;
  } catch {
    records = undefined;
  }
  const lineOf = (k: number): number => numbers[k] as number;
  const out: T[] = [];
  for (let k = 0; k < kept.length; k++) {
    const record = records === undefined ? parseJson(kept[k] as string, `${file} line ${lineOf(k)}`) : records[k];
    if (!isRecord(record)) fail(`${file} line ${lineOf(k)}`, 'expected a JSON object');
    const wrong = problem(record);
    if (wrong !== undefined) fail(`${file} line ${lineOf(k)}`, wrong);
    out.push(record as T);
  }
  return out;
}

const OP_TYPES = new Set(['invoke', 'ok', 'fail', 'info']);

function historyProblem(r: Record<string, unknown>): string | undefined {
  if (typeof r.index !== 'number' || !Number.isInteger(r.index)) return "field 'index' is missing or not an integer";
  if (typeof r.time !== 'number' || !Number.isFinite(r.time)) return "field 'time' is missing or not a number";
  if (typeof r.process !== 'number' || !Number.isInteger(r.process)) return "field 'process' is missing or not an integer";
  if (typeof r.type !== 'string' || !OP_TYPES.has(r.type)) return "field 'type' must be invoke, ok, fail or info";
  if (typeof r.f !== 'string') return "field 'f' is missing or not a string";
  if (!('key' in r)) return "field 'key' is missing";
  if (r.error !== undefined && typeof r.error !== 'string') return "field 'error' is not a string";
  return undefined;
}

function traceProblem(r: Record<string, unknown>): string | undefined {
  if (typeof r.time !== 'number' || !Number.isFinite(r.time)) return "field 'time' is missing or not a number";
  if (typeof r.type !== 'string' || r.type === '') return "field 'type' is missing or not a string";
  return undefined;
}

export function parseHistory(text: string, file: string): ReportHistoryOp[] {
  return parseJsonLines<ReportHistoryOp>(text, file, historyProblem);
}

export function parseTrace(text: string, file: string): TraceRecord[] {
  return parseJsonLines<TraceRecord>(text, file, traceProblem);
}
