/**
 * Procedure v2, as HBase's procedure2 framework shapes it: a procedure is a persisted state machine. The
 * executor runs one step at a time; the step's outcome (next state, children, wait, retry, done) is persisted
 * in the procedure store *before* the next step's effects run, so a new master resumes every procedure at the
 * last persisted state (HBASE.md §3). Steps are therefore written to be safe to run twice.
 *
 * Handlers are synchronous in the simulation, so a step that needs I/O (an RPC, an HDFS write) starts it and
 * later reports its outcome through StepControl — the same shape as HBase's suspend/wake on a ProcedureEvent.
 */
import type { ProcedureStatus } from '../../../schema/events/procedure.ts';

/** The trace reports it, so the vocabulary declares it. */
export type { ProcedureStatus };

/** What the procedure store holds for one procedure (the last record per procId wins). */
export interface ProcedureRecord {
  procId: number;
  parentId: number | null;
  type: string;
  status: ProcedureStatus;
  /** The StateMachineProcedure state, by HBase's enum name (e.g. SERVER_CRASH_SPLIT_LOGS). */
  state: string;
  data: unknown;
  error?: string;
  nonce?: string;
}

/** SUCCESS or FAILED: the procedure will not run again (a record of it is kept only for its result and its procId). */
export function isFinished(p: { status: string }): boolean {
  return p.status === 'SUCCESS' || p.status === 'FAILED';
}

/** The outcome of one step. Exactly one method is called per step, once. */
export interface StepControl {
  /** The procedure moved to its next state (already set): persist it and run the next step. */
  next(): void;
  /** Persist this procedure with its new children atomically, then wait until all children finished. */
  addChildren(children: Procedure<never>[]): void;
  /** Wait (not persisted) for wake(): an RPC reply, a RegionServer report, a finished child. */
  suspend(): void;
  /** The step failed for a transient reason: back off and run the same state again (not persisted). */
  retry(reason: string): void;
  /** Done: persist SUCCESS and wake the parent. */
  finish(): void;
  /** Failed for good (only before the point of no return, as HBase allows): persist FAILED. */
  fail(error: string): void;
}

export abstract class Procedure<Env> {
  procId = 0;
  parentId: number | null = null;
  status: ProcedureStatus = 'RUNNABLE';
  error: string | undefined;
  nonce: string | undefined;
  /** Consecutive retries of the current state, for backoff (HBase's RetryCounter; not persisted). */
  attempts = 0;

  abstract readonly type: string;
  /** The current state, by HBase's enum name. */
  abstract get state(): string;
  /** Everything the procedure needs to resume, as plain JSON. */
  abstract toData(): unknown;
  /** Run the current state. Must call exactly one StepControl method, now or later. */
  abstract execute(env: Env, control: StepControl): void;

  /** Resources held exclusively for the procedure's whole life (`table:t`, `region:r`, `server:sn`). */
  locks(): string[] {
    return [];
  }

  /** Called when a waited-for child finished; default: become runnable once all children are done. */
  onChildFinished(_child: Procedure<Env>): void {}

  record(): ProcedureRecord {
    const r: ProcedureRecord = { procId: this.procId, parentId: this.parentId, type: this.type, status: this.status, state: this.state, data: this.toData() };
    if (this.error !== undefined) r.error = this.error;
    if (this.nonce !== undefined) r.nonce = this.nonce;
    return r;
  }

  toString(): string {
    return `pid=${this.procId}, type=${this.type}, state=${this.state}`;
  }
}
