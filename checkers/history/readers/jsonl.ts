/** faultline's own history: one JSON object a line (DESIGN.md §4), as `harness/history.ts` writes it. */
import type { HistoryOp, OpType } from '../../../harness/history.ts';
import { HistoryInputError } from '../input-error.ts';
import type { History } from '../operations.ts';
import { SINGLE_KEY, splitLines } from './lines.ts';

const TYPES: readonly string[] = ['invoke', 'ok', 'fail', 'info'];

export function readJsonl(text: string): History {
  const ops: HistoryOp[] = [];
  const lines: number[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new HistoryInputError(`not JSON: ${(error as Error).message}`, line);
    }
    ops.push(toHistoryOp(parsed, ops.length, line));
    lines.push(line);
  });
  return { ops, lines };
}

function toHistoryOp(record: unknown, position: number, line: number): HistoryOp {
  const fail = (what: string): never => {
    throw new HistoryInputError(what, line);
  };
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return fail('expected a JSON object for one operation');
  const r = record as Record<string, unknown>;
  if (typeof r.type !== 'string' || !TYPES.includes(r.type)) return fail(`"type" must be one of ${TYPES.join(', ')}, got ${JSON.stringify(r.type)}`);
  if (typeof r.process !== 'number' || !Number.isInteger(r.process)) return fail(`"process" must be an integer, got ${JSON.stringify(r.process)}`);
  if (typeof r.f !== 'string' || r.f === '') return fail(`"f" must be a non-empty string, got ${JSON.stringify(r.f)}`);
  if (r.key !== undefined && typeof r.key !== 'string' && typeof r.key !== 'number') return fail(`"key" must be a string or a number, got ${JSON.stringify(r.key)}`);
  if (r.time !== undefined && (typeof r.time !== 'number' || !Number.isFinite(r.time))) return fail(`"time" must be a number, got ${JSON.stringify(r.time)}`);
  if (r.error !== undefined && typeof r.error !== 'string') return fail(`"error" must be a string, got ${JSON.stringify(r.error)}`);
  const op: HistoryOp = {
    index: typeof r.index === 'number' ? r.index : position,
    time: typeof r.time === 'number' ? r.time : position,
    process: r.process,
    type: r.type as OpType,
    f: r.f,
    key: r.key === undefined ? SINGLE_KEY : String(r.key),
    value: r.value === undefined ? null : r.value,
  };
  if (typeof r.error === 'string') op.error = r.error;
  return op;
}
