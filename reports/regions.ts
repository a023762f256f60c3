/**
 * The region assignment chart's data: which RegionServer served which region when (`region.opened` /
 * `region.closed`), the master's view of each region (`am.transition`), and each region's unavailability.
 *
 * A RegionServer whose process crashes or aborts serves nothing afterwards, so its holdings end there even when
 * no `region.closed` was emitted. A paused one still holds its regions (the zombie a report must show) but
 * answers no client, so while it is paused its regions count as unavailable unless open elsewhere. Time when
 * the master's own view is CLOSED or OFFLINE (a disabled table, the closed half of a move) is closed by
 * request, shown apart and not counted as unavailability.
 * A region's unavailability counts from its first opening (before that it was being created, not lost) to the
 * end of the run: time when no server had it open. A region mentioned but never opened is unavailable from its
 * first mention.
 */
import type { TraceEvent } from '../schema/index.ts';
import { naturalCompare } from './escape.ts';

export interface Holding {
  server: string;
  /** The server's process id when known (for colour), else the server name. */
  owner: string;
  from: number;
  to: number;
  /** How the holding ended: 'closed', 'crash', 'abort' or 'run end'. */
  end: string;
}

export interface ViewSegment {
  from: number;
  to: number;
  state: string;
  server: string;
}

export interface RegionRow {
  region: string;
  table: string;
  holdings: Holding[];
  views: ViewSegment[];
  firstSeen: number;
  /** When it was first open somewhere; unavailability counts from here. */
  firstOpened: number | undefined;
  gaps: { from: number; to: number }[];
  unavailableMs: number;
  /** Times when two or more servers had the region open at once (double assignment). */
  overlaps: { from: number; to: number }[];
  /** Parts of holdings during which the holding server was paused (held, not served). */
  frozen: { from: number; to: number; owner: string }[];
  /** Open nowhere, but the master had closed it on purpose (its view CLOSED / OFFLINE): not unavailability. */
  closedByRequest: { from: number; to: number }[];
}

export type Intervals = ReadonlyMap<string, readonly { from: number; to: number }[]>;

/** `pausedByProcess`: when each process was paused, in time order. */
export function buildRegions(trace: readonly TraceEvent[], runEnd: number, processOfServer: ReadonlyMap<string, string>, pausedByProcess: Intervals = new Map()): RegionRow[] {
  const rows = new Map<string, RegionRow>();
  const openHoldings = new Map<string, Map<string, Holding>>(); // region → server → holding
  const byServer = new Map<string, Set<string>>(); // server → regions it holds now
  const lastView = new Map<string, ViewSegment>();

  const rowOf = (region: string, table: string | undefined, time: number): RegionRow => {
    let row = rows.get(region);
    if (row === undefined) {
      row = { region, table: table ?? '', holdings: [], views: [], firstSeen: time, firstOpened: undefined, gaps: [], unavailableMs: 0, overlaps: [], frozen: [], closedByRequest: [] };
      rows.set(region, row);
    } else if (row.table === '' && table !== undefined) row.table = table;
    return row;
  };
  const endHolding = (region: string, server: string, time: number, how: string): void => {
    const h = openHoldings.get(region)?.get(server);
    if (h === undefined) return;
    h.to = time;
    h.end = how;
    openHoldings.get(region)?.delete(server);
    byServer.get(server)?.delete(region);
  };
  const endAllOf = (servers: readonly string[], time: number, how: string): void => {
    for (const server of servers) for (const region of [...(byServer.get(server) ?? [])]) endHolding(region, server, time, how);
  };
  const serversOfProcess = new Map<string, string[]>();
  for (const [server, proc] of processOfServer) serversOfProcess.set(proc, [...(serversOfProcess.get(proc) ?? []), server]);

  for (const e of trace) {
    switch (e.type) {
      case 'region.opened': {
        const { region, server } = e;
        const row = rowOf(region, e.table, e.time);
        if (openHoldings.get(region)?.has(server)) break;
        const h: Holding = { server, owner: processOfServer.get(server) ?? server, from: e.time, to: runEnd, end: 'run end' };
        row.holdings.push(h);
        row.firstOpened ??= e.time;
        if (!openHoldings.has(region)) openHoldings.set(region, new Map());
        openHoldings.get(region)?.set(server, h);
        if (!byServer.has(server)) byServer.set(server, new Set());
        byServer.get(server)?.add(region);
        break;
      }
      case 'region.closed': {
        rowOf(e.region, e.table, e.time);
        endHolding(e.region, e.server, e.time, 'closed');
        break;
      }
      case 'am.transition': {
        const row = rowOf(e.region, undefined, e.time);
        const prev = lastView.get(e.region);
        if (prev !== undefined) prev.to = e.time;
        const view: ViewSegment = { from: e.time, to: runEnd, state: e.state, server: e.server ?? '' };
        row.views.push(view);
        lastView.set(e.region, view);
        break;
      }
      case 'process.crash':
      case 'process.restart':
        endAllOf(serversOfProcess.get(e.process) ?? [], e.time, 'crash');
        break;
      case 'rs.aborted':
        endAllOf([e.server], e.time, 'abort');
        break;
    }
  }

  const result = [...rows.values()];
  for (const row of result) measure(row, runEnd, pausedByProcess);
  result.sort((a, b) => naturalCompare(a.table, b.table) || naturalCompare(a.region, b.region));
  return result;
}

/** Master states in which a region is offline on purpose (a disabled table, the closed half of a move). */
const CLOSED_BY_REQUEST = new Set(['CLOSED', 'OFFLINE', 'SPLIT', 'MERGED']);

function intersect(g: { from: number; to: number }, list: readonly { from: number; to: number }[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (const i of list) {
    const from = Math.max(g.from, i.from);
    const to = Math.min(g.to, i.to);
    if (to > from) out.push({ from, to });
  }
  return out;
}

/** `[from, to)` minus the (sorted, disjoint) `holes`. */
function subtract(from: number, to: number, holes: readonly { from: number; to: number }[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  let t = from;
  for (const h of holes) {
    if (h.to <= t) continue;
    if (h.from >= to) break;
    if (h.from > t) out.push({ from: t, to: h.from });
    t = Math.max(t, h.to);
  }
  if (t < to) out.push({ from: t, to });
  return out;
}

/** Gaps (no server serving) and overlaps (two or more holders) by a sweep over the boundaries. */
function measure(row: RegionRow, runEnd: number, pausedByProcess: Intervals): void {
  const serving: [number, number][] = [];
  const held: [number, number][] = [];
  for (const h of row.holdings) {
    if (h.to <= h.from) continue;
    held.push([h.from, 1], [h.to, -1]);
    const paused = pausedByProcess.get(h.owner) ?? [];
    for (const part of subtract(h.from, h.to, paused)) serving.push([part.from, 1], [part.to, -1]);
    for (const p of paused) {
      const from = Math.max(p.from, h.from);
      const to = Math.min(p.to, h.to);
      if (to > from) row.frozen.push({ from, to, owner: h.owner });
    }
  }
  const start = row.firstOpened ?? row.firstSeen;
  const notServed = sweep(serving, start, runEnd, (depth) => depth === 0);
  const deliberate = row.views.filter((v) => CLOSED_BY_REQUEST.has(v.state.toUpperCase()));
  row.gaps = notServed.flatMap((g) => subtract(g.from, g.to, deliberate));
  row.closedByRequest = notServed.flatMap((g) => intersect(g, deliberate));
  row.overlaps = sweep(held, start, runEnd, (depth) => depth >= 2);
  row.unavailableMs = row.gaps.reduce((sum, g) => sum + (g.to - g.from), 0);
}

/** The intervals within [start, end) where the running count of open intervals satisfies `want`. */
function sweep(points: [number, number][], start: number, end: number, want: (depth: number) => boolean): { from: number; to: number }[] {
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: { from: number; to: number }[] = [];
  const push = (from: number, to: number): void => {
    if (to <= from) return;
    const last = out[out.length - 1];
    if (last !== undefined && last.to === from) last.to = to;
    else out.push({ from, to });
  };
  let depth = 0;
  let t = start;
  for (const [time, delta] of points) {
    const at = Math.max(time, start);
    if (want(depth)) push(t, at);
    depth += delta;
    t = Math.max(t, at);
  }
  if (want(depth)) push(t, end);
  return out;
}
