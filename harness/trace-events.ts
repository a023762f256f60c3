/**
 * The harness's own trace vocabulary: process lifecycle (every trace has it) and the fault injector's events.
 * Declared here because the harness imports nothing of ours; schema/ adds the system's events to these.
 */
import { FAULT_EVENT_TYPES, type FaultEvent } from './faults/trace-events.ts';
import type { LifecycleKind, ProcessId } from './scheduler.ts';

/** A process spawned, crashed, exited, restarted (a new incarnation), paused or resumed. */
export type ProcessEvent = { time: number; type: `process.${LifecycleKind}`; process: ProcessId; incarnation: number };

export type HarnessTraceEvent = ProcessEvent | FaultEvent;

export const HARNESS_TRACE_TYPES: Readonly<Record<HarnessTraceEvent['type'], true>> = {
  'process.spawn': true,
  'process.crash': true,
  'process.exit': true,
  'process.restart': true,
  'process.pause': true,
  'process.resume': true,
  ...FAULT_EVENT_TYPES,
};
