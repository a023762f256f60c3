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
  /** Each process's invocation awaiting completion, by its position (the record is `ops[position]`). */
  const open = new PendingInvocations();
  /**
   * Operations are numbered in invocation order: each invocation's number (its operation's id), by position, is
   * known when it is read, so each operation is made with its id and put in its place at once — no sort, and no
   * second pass over them. Completions arrive out of invocation order, so `operations` fills out of order, its
   * only gaps the operations still in flight; there are none left at the end.
   */
  const idAt = new Int32Array(ops.length);
  let invocations = 0;
  const operations: Operation[] = [];
  const lineOf = (position: number): number | undefined => lines?.[position];
  for (let position = 0; position < ops.length; position++) {
    const record = ops[position] as HistoryOp;
    if (record.type === 'invoke') {
      const pending = open.get(record.process);
      if (pending >= 0) {
        const at = lineOf(pending);
        throw new HistoryInputError(
          `process ${record.process} invokes ${record.f} while its ${(ops[pending] as HistoryOp).f}${at === undefined ? '' : ` from line ${at}`} has not completed`,
          lineOf(position),
        );
      }
      open.set(record.process, position);
      idAt[position] = invocations++;
      continue;
    }
    const pending = open.get(record.process);
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
    const id = idAt[pending] as number;
    operations[id] = joined(id, pending, invoke, record, position, lineOf(pending));
  }
  for (const pending of open.positions()) {
    const id = idAt[pending] as number;
    operations[id] = joined(id, pending, ops[pending] as HistoryOp, undefined, Infinity, lineOf(pending));
  }
  return operations;
}

/**
 * Each process's pending invocation (its position), or -1 when none. Process ids are small non-negative
 * integers in practice (a simulation's clients, Jepsen's workers): those index an array, as a map lookup or
 * two per record was a good part of converting a history; any other id goes to a map. Entries are set back to
 * -1, never deleted (no churn per op), and no object is made per invocation.
 */
class PendingInvocations {
  /** Position + 1 for process ids below SMALL_PROCESS (0, or a hole, when none). */
  readonly #small: number[] = [];
  readonly #other = new Map<number, number>();

  get(process: number): number {
    if (isSmall(process)) return (this.#small[process] ?? 0) - 1;
    return this.#other.get(process) ?? -1;
  }

  set(process: number, position: number): void {
    if (isSmall(process)) this.#small[process] = position + 1;
    else this.#other.set(process, position);
  }

  /** The positions of the invocations still pending, in no particular order. */
  positions(): number[] {
    const pending: number[] = [];
    for (const entry of this.#small) if (entry !== undefined && entry > 0) pending.push(entry - 1);
    for (const position of this.#other.values()) if (position >= 0) pending.push(position);
    return pending;
  }
}

/** Beyond this, an array indexed by process id would be mostly holes. */
const SMALL_PROCESS = 1024;

function isSmall(process: number): boolean {
  return process >= 0 && process < SMALL_PROCESS && Number.isInteger(process);
}

function joined(id: number, call: number, invoke: HistoryOp, complete: HistoryOp | undefined, position: number, line: number | undefined): Operation {
  const outcome: Outcome = complete === undefined || complete.type === 'info' ? 'info' : complete.type === 'ok' ? 'ok' : 'fail';
  // Optional fields are added in place, in this order (not spread from temporary objects): one per history record.
  const op: { -readonly [K in keyof Operation]: Operation[K] } = {
    id,
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
