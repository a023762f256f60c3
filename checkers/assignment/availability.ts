/**
 * A region's availability, from its tenures (serving.ts): unavailable, from its first opening (or, never opened,
 * its first mention) to the end of the trace, whenever no server serves it or every server that does is paused —
 * except while the master's own view of it is CLOSED or OFFLINE, when it is closed by request (a disabled table,
 * the closed half of a move) and counted apart. A paused server still holds its regions (the zombie a report must
 * show) but answers no client.
 */
import type { RegionState } from '../../schema/events/procedure.ts';
import { intersect, subtract, sweep, totalMs, type Interval } from './intervals.ts';
import type { RegionServing } from './serving.ts';

/** Master views in which a region is offline on purpose. */
const CLOSED_BY_REQUEST: ReadonlySet<RegionState> = new Set(['CLOSED', 'OFFLINE']);

/** Fills in the row's gaps, closed-by-request and frozen intervals and its unavailable time. */
export function measureAvailability(row: RegionServing, pausesByProcess: ReadonlyMap<string, readonly Interval[]>, end: number): void {
  const serving: [number, number][] = [];
  for (const t of row.tenures) {
    if (t.to <= t.from) continue;
    const paused = pausesByProcess.get(t.process) ?? [];
    for (const part of subtract(t.from, t.to, paused)) serving.push([part.from, 1], [part.to, -1]);
    for (const p of intersect(t, paused)) row.frozen.push({ ...p, process: t.process });
  }
  const notServed = sweep(serving, row.firstOpened ?? row.firstSeen, end, (depth) => depth === 0);
  const deliberate = row.views.filter((v) => CLOSED_BY_REQUEST.has(v.state));
  row.gaps = notServed.flatMap((g) => subtract(g.from, g.to, deliberate));
  row.closedByRequest = notServed.flatMap((g) => intersect(g, deliberate));
  row.unavailableMs = totalMs(row.gaps);
}
