/**
 * Client operations as intervals: each invocation paired with its completion. An `info` operation may take
 * effect at any time after its invocation, so its interval runs to the end of the run; an invocation that never
 * completed (the run stopped) is drawn the same way and called `open`.
 */
import type { ReportHistoryOp } from './input.ts';

export type Outcome = 'ok' | 'fail' | 'info' | 'open';

export interface Operation {
  process: number;
  f: string;
  key: unknown;
  /** The invocation's value (a write's value, a cas's [old, new], null for a read). */
  value: unknown;
  /** The completion's value (what a read returned); undefined when it never completed. */
  result: unknown;
  error: string | undefined;
  outcome: Outcome;
  start: number;
  /** When the completion was recorded; for `info` this is when the client gave up, not when it took effect. */
  completedAt: number | undefined;
  invokeIndex: number;
  completeIndex: number | undefined;
}

export interface PairedHistory {
  operations: Operation[];
  /** Completions with no invocation before them — a malformed history, noted in the report. */
  orphans: number;
}

export function pairOperations(history: readonly ReportHistoryOp[]): PairedHistory {
  const operations: Operation[] = [];
  const outstanding = new Map<number, Operation>();
  let orphans = 0;
  for (const r of history) {
    if (r.type === 'invoke') {
      const op: Operation = {
        process: r.process,
        f: r.f,
        key: r.key,
        value: r.value,
        result: undefined,
        error: undefined,
        outcome: 'open',
        start: r.time,
        completedAt: undefined,
        invokeIndex: r.index,
        completeIndex: undefined,
      };
      operations.push(op);
      outstanding.set(r.process, op);
      continue;
    }
    const op = outstanding.get(r.process);
    if (op === undefined) {
      orphans++;
      continue;
    }
    outstanding.delete(r.process);
    op.outcome = r.type;
    op.result = r.value;
    op.error = r.error;
    op.completedAt = r.time;
    op.completeIndex = r.index;
  }
  return { operations, orphans };
}

/** A cas whose compare found another value is an ordinary, determinate answer, drawn and listed apart from failures. */
export function isMismatch(op: Operation): boolean {
  return op.outcome === 'fail' && op.error === 'mismatch';
}

/** The stylesheet class of an operation's bar: its outcome, or `mismatch`. */
export function barClass(op: Operation): string {
  return isMismatch(op) ? 'mismatch' : op.outcome;
}

/** Where the operation's bar ends: its completion, or the end of the run when its effect is unknown. */
export function barEnd(op: Operation, runEnd: number): number {
  return op.outcome === 'ok' || op.outcome === 'fail' ? (op.completedAt as number) : runEnd;
}
