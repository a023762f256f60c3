/**
 * The workload's admin client, traced beside the history (admin operations are not register operations): each
 * operation when invoked and when it completed, so the checker can hold acknowledged ones to their effect.
 */
import type { EncodedRegionName, ServerName } from '../ids.ts';
import type { TraceEventOf } from './event.ts';

/** An Admin call as the workload makes it (HBase's Admin API names). */
export type AdminOperation =
  | { op: 'createTable'; table: string; splitKeys: string[] }
  | { op: 'disableTable'; table: string }
  | { op: 'enableTable'; table: string }
  /** `destination` null lets the master choose. */
  | { op: 'move'; region: EncodedRegionName; destination: ServerName | null }
  | { op: 'balance' };

/** As in the history: ok took effect, fail certainly did not, info may have. */
export type AdminOutcome = { outcome: 'ok' } | { outcome: 'fail' | 'info'; error: string };

export type WorkloadTraceEvent =
  | TraceEventOf<'admin.invoke', AdminOperation>
  | TraceEventOf<'admin.complete', AdminOperation & AdminOutcome>
  /** Every table is created: the clients start. */
  | TraceEventOf<'workload.ready'>;

export const WORKLOAD_TRACE_TYPES: Readonly<Record<WorkloadTraceEvent['type'], true>> = {
  'admin.invoke': true,
  'admin.complete': true,
  'workload.ready': true,
};
