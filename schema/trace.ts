/**
 * The run's trace vocabulary, declared once (DESIGN.md §4 "One contract"): every event the harness, the system,
 * the workload and the runner emit, as one discriminated union on `type`. Emitters write through a `Tracer`
 * typed by their part of it, so the compiler checks every emit; checkers and reports narrow on `type`.
 */
import type { HarnessTraceEvent } from '../harness/trace-events.ts';
import { HARNESS_TRACE_TYPES } from '../harness/trace-events.ts';
import type { TraceFields, TraceRecord, TraceRecorder, Tracer } from '../harness/trace.ts';
import { HDFS_TRACE_TYPES, type HdfsTraceEvent } from './events/hdfs.ts';
import { MASTER_TRACE_TYPES, type MasterTraceEvent } from './events/master.ts';
import { PROCEDURE_TRACE_TYPES, type ProcedureTraceEvent } from './events/procedure.ts';
import { REGION_SERVER_TRACE_TYPES, type RegionServerTraceEvent } from './events/regionserver.ts';
import { RUN_TRACE_TYPES, type RunTraceEvent } from './events/run.ts';
import { WORKLOAD_TRACE_TYPES, type WorkloadTraceEvent } from './events/workload.ts';
import { ZOOKEEPER_TRACE_TYPES, type ZooKeeperTraceEvent } from './events/zookeeper.ts';

/** What the simulated cluster (system/) emits. */
export type SystemTraceEvent = MasterTraceEvent | ProcedureTraceEvent | RegionServerTraceEvent | ZooKeeperTraceEvent | HdfsTraceEvent;

export type TraceEvent = HarnessTraceEvent | SystemTraceEvent | WorkloadTraceEvent | RunTraceEvent;

export type TraceType = TraceEvent['type'];

/** The event of type `K` (for a template member such as `fault.${FaultKind}`, the member that admits `K`). */
export type TraceEventOfType<K extends TraceType> = Admitting<TraceEvent, K>;
type Admitting<E extends TraceEvent, K extends TraceType> = E extends unknown ? (K extends E['type'] ? E : never) : never;

/** The fields an emitter writes for an event of type `K`. */
export type TraceEventFields<K extends TraceType> = TraceFields<TraceEvent, K>;

const TRACE_TYPES: Readonly<Record<TraceType, true>> = {
  ...HARNESS_TRACE_TYPES,
  ...MASTER_TRACE_TYPES,
  ...PROCEDURE_TRACE_TYPES,
  ...REGION_SERVER_TRACE_TYPES,
  ...ZOOKEEPER_TRACE_TYPES,
  ...HDFS_TRACE_TYPES,
  ...WORKLOAD_TRACE_TYPES,
  ...RUN_TRACE_TYPES,
};

/**
 * Whether a record read from a trace is one of ours (by its type), so that readers can narrow it; anything else
 * (an event of a newer build, a trace from elsewhere) stays a plain record. A record is trusted to carry the
 * fields its type declares: every emitter of this build is checked against them.
 */
export function isTraceEvent(record: TraceRecord): record is TraceEvent {
  return Object.hasOwn(TRACE_TYPES, record.type);
}

/** The recorder as an emitter of the events `E`, a part of the vocabulary (the system's, the workload's, …). */
export function tracer<E extends TraceEvent>(recorder: TraceRecorder): Tracer<E> {
  return recorder.tracer<E>();
}

/**
 * What a run recorded, as the vocabulary: the cast is sound because the recorder is only written through
 * tracers of the vocabulary (`tracer` above; the harness's own for lifecycle and faults).
 */
export function recordedEvents(recorder: TraceRecorder): readonly TraceEvent[] {
  return recorder.events as readonly TraceEvent[];
}

/** The system's emitter: checked against the system's part of the vocabulary. */
export type SystemTracer = Tracer<SystemTraceEvent>;
