/**
 * The fault injector's trace vocabulary: a fault starting (`fault.<kind>`), ending (`fault.<kind>.end`), being
 * skipped, and the quiet phase beginning. Start and end records of one fault carry the same `entry` (its path
 * in the schedule) and `target`, which is how readers pair them.
 */
import type { TraceRecord } from '../trace.ts';
import type { FaultKind, FaultSpec, FaultTarget, ResolvedRoles } from './types.ts';

/** The trace's `target`: a process id, or `{groups}` / `{from, to}` for partitions (spec.ts traceTarget). */
export type FaultTraceTarget = FaultTarget | { groups: FaultTarget[][] } | { from: FaultTarget[]; to: FaultTarget[] };

/** A fault's fields other than its kind and targets (durations, skews, counts). */
export type FaultParams<K extends FaultKind> = Omit<Extract<FaultSpec, { kind: K }>, 'kind' | 'target' | 'groups' | 'from' | 'to'>;

/** What every record of one firing carries beyond the fault's own fields (a type literal, so any record fits it). */
export type FiringFields = {
  /** The roles the fault's targets resolved to, when it named any. */
  roles?: ResolvedRoles;
  /** The failpoint that fired a triggered fault. */
  trigger?: string;
};

export type FaultStarted = {
  [K in FaultKind]: { time: number; type: `fault.${K}`; entry: string; target: FaultTraceTarget } & FaultParams<K> & FiringFields;
}[FaultKind];

export type FaultEnded = { time: number; type: `fault.${FaultKind}.end`; entry: string; target: FaultTraceTarget; quiet?: true; by?: string };

export type FaultSkipped = { time: number; type: 'fault.skipped'; entry: string; kind: FaultKind; target: FaultTraceTarget; reason: string } & FiringFields;

export type QuietPhaseBegan = { time: number; type: 'fault.quiet' };

export type FaultEvent = FaultStarted | FaultEnded | FaultSkipped | QuietPhaseBegan;

/** Every fault event type, for readers that tell known records from foreign ones (checked complete by the compiler). */
export const FAULT_EVENT_TYPES: Readonly<Record<FaultEvent['type'], true>> = {
  'fault.crash': true,
  'fault.pause': true,
  'fault.partition': true,
  'fault.partition-one-way': true,
  'fault.clock-skew': true,
  'fault.session-expiry': true,
  'fault.sync-failure': true,
  'fault.restart': true,
  'fault.crash.end': true,
  'fault.pause.end': true,
  'fault.partition.end': true,
  'fault.partition-one-way.end': true,
  'fault.clock-skew.end': true,
  'fault.session-expiry.end': true,
  'fault.sync-failure.end': true,
  'fault.restart.end': true,
  'fault.skipped': true,
  'fault.quiet': true,
};

const STARTED_TYPES: ReadonlySet<string> = new Set(Object.keys(FAULT_EVENT_TYPES).filter((t) => !t.endsWith('.end') && t !== 'fault.skipped' && t !== 'fault.quiet'));

/** Whether a record is a fault starting (`fault.<kind>`), as opposed to its end, a skip or the quiet phase. */
export function isFaultStarted(record: TraceRecord): record is FaultStarted {
  return STARTED_TYPES.has(record.type);
}
