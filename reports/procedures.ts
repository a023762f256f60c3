/**
 * Procedure spans from `procedure.submitted` / `.step` / `.finished`: one span per procId from its first event to its
 * finish (or the end of the run). A procedure resumed by a new master keeps its procId, so a failover shows as
 * one span crossing the masters' change of guard.
 *
 * A kind with many instances (a TransitRegionStateProcedure per region) is drawn as a count over time, not
 * span by span; its spans get `row = -1`. The other kinds are packed into rows.
 */
import type { TraceEvent } from '../schema/index.ts';

export interface ProcedureSpan {
  procId: number;
  procedure: string;
  from: number;
  to: number;
  finished: boolean;
  result: string | undefined;
  /** Distinct consecutive states, for the tooltip (capped). */
  states: string[];
  row: number;
}

const MAX_STATES = 24;

/** Spans with `row >= maxRows` did not fit in the drawn rows. */
export function buildProcedures(trace: readonly TraceEvent[], runEnd: number, maxRows = 10, individualLimit = 12): ProcedureSpan[] {
  const spans = new Map<number, ProcedureSpan>();
  for (const e of trace) {
    if (e.type !== 'procedure.step' && e.type !== 'procedure.finished' && e.type !== 'procedure.submitted') continue;
    let span = spans.get(e.procId);
    if (span === undefined) {
      span = { procId: e.procId, procedure: e.procedure, from: e.time, to: runEnd, finished: false, result: undefined, states: [], row: 0 };
      spans.set(e.procId, span);
    }
    if (e.type !== 'procedure.finished') {
      if (span.states[span.states.length - 1] !== e.state) {
        if (span.states.length < MAX_STATES) span.states.push(e.state);
        else if (span.states.length === MAX_STATES) span.states.push('…');
      }
    } else {
      span.to = e.time;
      span.finished = true;
      span.result = e.result;
    }
  }
  const all = [...spans.values()];
  for (const s of all) s.row = -1;
  const perKind = new Map<string, number>();
  for (const s of all) perKind.set(s.procedure, (perKind.get(s.procedure) ?? 0) + 1);
  // Rare kinds (a ServerCrashProcedure among hundreds of region transitions) are packed first, so they land in
  // the first rows and survive when the lane is capped.
  const order = all.filter((s) => (perKind.get(s.procedure) as number) <= individualLimit).sort((a, b) => (perKind.get(a.procedure) as number) - (perKind.get(b.procedure) as number) || a.from - b.from);
  // Each row's spans are disjoint and kept sorted, so a fit is one binary search; rows beyond `maxRows` are
  // the overflow, counted but not drawn.
  const rows: ProcedureSpan[][] = [];
  for (const span of order) {
    let placed = false;
    for (let r = 0; r < rows.length && !placed; r++) {
      const row = rows[r] as ProcedureSpan[];
      let lo = 0;
      let hi = row.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((row[mid] as ProcedureSpan).from > span.to) hi = mid;
        else lo = mid + 1;
      }
      const before = row[lo - 1];
      if (before === undefined || before.to < span.from) {
        row.splice(lo, 0, span);
        span.row = r;
        placed = true;
      }
    }
    if (!placed) {
      span.row = rows.length;
      if (rows.length < maxRows) rows.push([span]);
    }
  }
  return all.sort((a, b) => a.from - b.from);
}

