/** Everything the page draws, derived once from the run's files. Pure; no I/O. */
import { evidenceIndices } from './evidence.ts';
import { buildFaults, type FaultSpan } from './faults.ts';
import { latencyByF, regionAvailability, type LatencyRow, type RegionAvailability } from './figures.ts';
import { isTraceEvent, type TraceEvent } from '../schema/index.ts';
import type { ReportInput } from './input.ts';
import { buildMarkers, type MarkerModel } from './markers.ts';
import { pairOperations, type Operation } from './operations.ts';
import { buildProcedures, type ProcedureSpan } from './procedures.ts';
import { buildRegions, type RegionRow } from './regions.ts';
import { buildServers, masterAvailability, type MasterAvailability, type ServerModel } from './servers.ts';
import { buildZkZnodes, type ZkZnodes } from './zk-znodes.ts';

export const MAX_PROCEDURE_ROWS = 10;

export interface ReportModel {
  input: ReportInput;
  /** The trace's events of the vocabulary, narrowed once. */
  events: TraceEvent[];
  runStart: number;
  runEnd: number;
  operations: Operation[];
  orphans: number;
  servers: ServerModel;
  faults: FaultSpan[];
  regions: RegionRow[];
  procedures: ProcedureSpan[];
  markers: MarkerModel;
  /** Invocation index → names of the checkers whose evidence names the operation. */
  highlights: Map<number, string[]>;
  latency: LatencyRow[];
  masters: MasterAvailability;
  regionAvailability: RegionAvailability;
  /** The ZooKeeper era's regions in transition and split-log tasks (empty in the procedure era). */
  zk: ZkZnodes;
}

function timeBounds(input: ReportInput): { runStart: number; runEnd: number } {
  let lo = 0;
  let hi = 0;
  for (const r of input.history) {
    if (r.time < lo) lo = r.time;
    if (r.time > hi) hi = r.time;
  }
  for (const e of input.trace) {
    if (e.time < lo) lo = e.time;
    if (e.time > hi) hi = e.time;
  }
  const simulated = input.result.stats.simulatedMs;
  if (typeof simulated === 'number' && Number.isFinite(simulated) && simulated > hi) hi = simulated;
  return { runStart: lo, runEnd: hi > lo ? hi : lo + 1 };
}

export function buildModel(input: ReportInput): ReportModel {
  const { runStart, runEnd } = timeBounds(input);
  const { operations, orphans } = pairOperations(input.history);
  // The events of the vocabulary, narrowed; faults and markers read every record, foreign ones too.
  const events = input.trace.filter(isTraceEvent);
  const servers = buildServers(events, runEnd);
  const laneIds = new Set(servers.lanes.map((l) => l.process));

  const byAnyIndex = new Map<number, number>();
  for (const op of operations) {
    byAnyIndex.set(op.invokeIndex, op.invokeIndex);
    if (op.completeIndex !== undefined) byAnyIndex.set(op.completeIndex, op.invokeIndex);
  }
  const highlights = new Map<number, string[]>();
  for (const [name, result] of Object.entries(input.result.checkers)) {
    for (const index of evidenceIndices(result)) {
      const op = byAnyIndex.get(index);
      if (op === undefined) continue;
      const list = highlights.get(op);
      if (list === undefined) highlights.set(op, [name]);
      else if (!list.includes(name)) list.push(name);
    }
  }

  const regions = buildRegions(events);
  return {
    input,
    events,
    runStart,
    runEnd,
    operations,
    orphans,
    servers,
    faults: buildFaults(input.trace, runEnd),
    regions,
    procedures: buildProcedures(events, runEnd, MAX_PROCEDURE_ROWS),
    markers: buildMarkers(input.trace, laneIds, servers.processOfServer),
    highlights,
    latency: latencyByF(operations),
    masters: masterAvailability(servers.lanes, runStart, runEnd),
    regionAvailability: regionAvailability(regions),
    zk: buildZkZnodes(events, runEnd),
  };
}
