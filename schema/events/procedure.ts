/**
 * The master's procedure framework: procedures submitted, stepped, retried, finished and loaded by a new master
 * (every procedure event names the master whose executor ran it), the procedure store's log, and the
 * AssignmentManager's view of each region (`am.transition`).
 */
import type { EncodedRegionName, ServerName } from '../ids.ts';
import type { TraceEventOf } from './event.ts';

/** A RegionStateNode's state (HBase's RegionState.State, the ones AMv2 uses). */
export type AmV2RegionState = 'OFFLINE' | 'OPENING' | 'OPEN' | 'CLOSING' | 'CLOSED' | 'FAILED_OPEN' | 'ABNORMALLY_CLOSED';

/**
 * The master's view of a region in either era: AMv2's states, and those the ZooKeeper era's (HBase 1.x)
 * RegionState adds — an open or close sent and not yet taken up in ZooKeeper, a close given up.
 */
export type RegionState = AmV2RegionState | 'PENDING_OPEN' | 'PENDING_CLOSE' | 'FAILED_CLOSE';

/** HBase's ProcedureState, as far as the model goes. */
export type ProcedureStatus = 'RUNNABLE' | 'WAITING' | 'WAITING_TIMEOUT' | 'SUCCESS' | 'FAILED';

/** `procedure` is the class as HBase names it (TransitRegionStateProcedure, …); `state` its state-machine state. */
type Step = { master?: ServerName; procId: number; procedure: string; state: string };

export type ProcedureTraceEvent =
  | TraceEventOf<'procedure.submitted', Step>
  | TraceEventOf<'procedure.step', Step>
  | TraceEventOf<'procedure.retry', Step & { backoffMs: number; reason: string }>
  /** `result` is SUCCESS or FAILED. */
  | TraceEventOf<'procedure.finished', { master?: ServerName; procId: number; procedure: string; result: ProcedureStatus; error?: string }>
  /** Read back from the store by a master taking over, just before `master.procedures.loaded`. */
  | TraceEventOf<'procedure.loaded', Step & { status: ProcedureStatus }>
  | TraceEventOf<'procstore.sync.failed', { master: ServerName; log: number; error: string; consecutive: number }>
  | TraceEventOf<'procstore.roll', { master: ServerName; log: number; reason: string }>
  | TraceEventOf<'procstore.aborted', { master: ServerName; log: number; reason: string }>
  /** Only with planted bug proc-cleanup-drops-waiting-parent: live procedures whose records the takeover's log cleanup dropped. */
  | TraceEventOf<'procstore.cleanup', { master: ServerName; log: number; removed: number[] }>
  /** A loaded procedure whose root is missing from the store (ProcedureTree.checkOrphan): 'Corrupt', never run. */
  | TraceEventOf<'procedure.corrupt', Step & { reason: string }>
  /** The master's view of a region changed (persisted to meta next); `server` is where it is or is going. */
  | TraceEventOf<'am.transition', { region: EncodedRegionName; state: RegionState; server: ServerName | null }>;

export const PROCEDURE_TRACE_TYPES: Readonly<Record<ProcedureTraceEvent['type'], true>> = {
  'procedure.submitted': true,
  'procedure.step': true,
  'procedure.retry': true,
  'procedure.finished': true,
  'procedure.loaded': true,
  'procstore.sync.failed': true,
  'procstore.roll': true,
  'procstore.aborted': true,
  'procstore.cleanup': true,
  'procedure.corrupt': true,
  'am.transition': true,
};
