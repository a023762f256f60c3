/**
 * schema/: the contract between the runs' writers and readers (DESIGN.md §4 "One contract") — the trace
 * vocabulary, the final cluster snapshot and the well-known ids. Imports only harness types; the system, the
 * workloads and the runner emit it, the checkers and reports read it.
 */
export { isTraceEvent, recordedEvents, tracer, type SystemTraceEvent, type SystemTracer, type TraceEvent, type TraceEventFields, type TraceEventOfType, type TraceType } from './trace.ts';
export type { TraceRecord, Tracer } from '../harness/trace.ts';
export type { HarnessTraceEvent, ProcessEvent } from '../harness/trace-events.ts';
export type { FaultEvent, FaultTraceTarget } from '../harness/faults/trace-events.ts';
export type { MasterTraceEvent } from './events/master.ts';
export type { ProcedureStatus, ProcedureTraceEvent, RegionState } from './events/procedure.ts';
export type { RegionServerTraceEvent } from './events/regionserver.ts';
export type { ZooKeeperTraceEvent } from './events/zookeeper.ts';
export type { HdfsTraceEvent } from './events/hdfs.ts';
export type { AdminOperation, AdminOutcome, WorkloadTraceEvent } from './events/workload.ts';
export type { RunTraceEvent } from './events/run.ts';
export type { ClusterSnapshot, MetaRegionState, TableState } from './snapshot.ts';
export { META_REGION_ENCODED_NAME, META_TABLE_NAME, processOfServer, type EncodedRegionName, type ServerName } from './ids.ts';
