/** What the runner adds to a run's trace: the end-state snapshot, a supervisor's restarts, a run that failed. */
import type { ClusterSnapshot } from '../snapshot.ts';
import type { TraceEventOf } from './event.ts';

export type RunTraceEvent =
  /** The trace's last event once the run completes: the cluster after the quiet phase. */
  | TraceEventOf<'cluster.final', ClusterSnapshot>
  /** From the quiet phase on, a master or RegionServer that exited is restarted (as systemd would). */
  | TraceEventOf<'supervisor.restart', { process: string }>
  /** The system stopped the run with a failed invariant; `error` is the exception. */
  | TraceEventOf<'run.failed', { error: string }>;

export const RUN_TRACE_TYPES: Readonly<Record<RunTraceEvent['type'], true>> = {
  'cluster.final': true,
  'supervisor.restart': true,
  'run.failed': true,
};
