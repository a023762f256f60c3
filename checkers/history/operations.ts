/**
 * From a history's records (invocations and completions, DESIGN.md §4) to operations: each invocation joined
 * with its completion. An invocation that never completed is indeterminate, like an `info`.
 */
import type { HistoryOp } from '../../harness/history.ts';
import { HistoryInputError } from './input-error.ts';

export type Outcome = 'ok' | 'fail' | 'info';

/** The `error` of a cas that ran and found another value: it failed, and it observed the register. */
export const MISMATCH = 'mismatch';

/** A history as read from somewhere: its records in time order, and the line each came from, if any. */
export interface History {
  readonly ops: readonly HistoryOp[];
  readonly lines?: readonly number[];
}

export interface Operation {
  /** Position among the history's operations, in invocation order. */
  readonly id: number;
  readonly process: number;
  readonly key: string;
  readonly f: string;
  /** The invocation's value. */
  readonly input: unknown;
  /** The completion's value; undefined for an operation that never completed or ended in `info`. */
  readonly output: unknown;
  readonly outcome: Outcome;
  readonly error?: string;
  /** Positions of the invocation and completion among the history's records: the real-time order. */
  readonly call: number;
  /** Infinity when the operation may take effect at any time after its invocation (`info`, no completion). */
  readonly ret: number;
  readonly invoke: HistoryOp;
  readonly complete?: HistoryOp;
  /** Line of the invocation in its file, when read from one. */
  readonly line?: number;
}

export function toOperations(history: History): Operation[] {
  const { ops, lines } = history;
  /**
   * Each process's invocation awaiting completion, by its position (the record is `ops[position]`), or -1: set
   * back to -1, not deleted (no map churn per op), and no object made per invocation.
   */
  const open = new Map<number, number>();
  /** Operations by the position of their invocation: read in position order, they are in invocation order. */
  const byStart: (Operation | undefined)[] = new Array<Operation | undefined>(ops.length).fill(undefined);
  const lineOf = (position: number): number | undefined => lines?.[position];
  for (let position = 0; position < ops.length; position++) {
    const record = ops[position] as HistoryOp;
    if (record.type === 'invoke') {
      const pending = open.get(record.process) ?? -1;
      if (pending >= 0) {
        const at = lineOf(pending);
        throw new HistoryInputError(
          `process ${record.process} invokes ${record.f} while its ${(ops[pending] as HistoryOp).f}${at === undefined ? '' : ` from line ${at}`} has not completed`,
          lineOf(position),
        );
      }
      open.set(record.process, position);
      continue;
    }
    const pending = open.get(record.process) ?? -1;
    if (pending < 0) {
      throw new HistoryInputError(`${record.type} ${record.f} of process ${record.process} completes nothing: it has no invocation`, lineOf(position));
    }
    const invoke = ops[pending] as HistoryOp;
    if (invoke.f !== record.f || invoke.key !== record.key) {
      throw new HistoryInputError(
        `${record.type} ${record.f} on key ${JSON.stringify(record.key)} of process ${record.process} does not match its invocation (${invoke.f} on key ${JSON.stringify(invoke.key)})`,
        lineOf(position),
      );
    }
    open.set(record.process, -1);
    byStart[pending] = joined(pending, invoke, record, position, lineOf(pending));
  }
  for (const pending of open.values()) if (pending >= 0) byStart[pending] = joined(pending, ops[pending] as HistoryOp, undefined, Infinity, lineOf(pending));
  // Completions arrive out of invocation order; operations are numbered in invocation order — the order of
  // their invocations' positions, so a pass over the positions replaces a sort. The operations were made above
  // and nobody else holds them: numbered in place rather than copied.
  const operations: Operation[] = [];
  for (const op of byStart) {
    if (op === undefined) continue;
    (op as { id: number }).id = operations.length;
    operations.push(op);
  }
  return operations;
}

function joined(call: number, invoke: HistoryOp, complete: HistoryOp | undefined, position: number, line: number | undefined): Operation {
  const outcome: Outcome = complete === undefined || complete.type === 'info' ? 'info' : complete.type === 'ok' ? 'ok' : 'fail';
  // Optional fields are added in place, in this order (not spread from temporary objects): one per history record.
  const op: { -readonly [K in keyof Operation]: Operation[K] } = {
    id: 0,
    process: invoke.process,
    key: invoke.key,
    f: invoke.f,
    input: invoke.value,
    output: outcome === 'info' ? undefined : complete?.value,
    outcome,
    call,
    ret: outcome === 'info' ? Infinity : position,
    invoke,
  };
  if (complete !== undefined) op.complete = complete;
  if (complete?.error !== undefined) op.error = complete.error;
  if (line !== undefined) op.line = line;
  return op;
}
