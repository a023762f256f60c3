/**
 * Latency and availability figures. Latency is over determinate operations (ok and fail), whose completion
 * time is real; an `info` operation's "latency" would only be the client's timeout.
 */
import type { Operation } from './operations.ts';
import type { RegionRow } from './regions.ts';

export interface LatencyRow {
  f: string;
  count: number;
  ok: number;
  fail: number;
  info: number;
  open: number;
  /** Percentiles of (completion − invocation) over ok and fail, undefined when there are none. */
  p50: number | undefined;
  p95: number | undefined;
  p99: number | undefined;
  max: number | undefined;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function latencyByF(operations: readonly Operation[]): LatencyRow[] {
  if (operations.length === 0) return [];
  const groups = new Map<string, { row: LatencyRow; latencies: number[] }>();
  const groupOf = (f: string) => {
    let g = groups.get(f);
    if (g === undefined) {
      g = { row: { f, count: 0, ok: 0, fail: 0, info: 0, open: 0, p50: undefined, p95: undefined, p99: undefined, max: undefined }, latencies: [] };
      groups.set(f, g);
    }
    return g;
  };
  const all = groupOf('all');
  const add = (g: { row: LatencyRow; latencies: number[] }, op: Operation): void => {
    g.row.count++;
    g.row[op.outcome]++;
    if ((op.outcome === 'ok' || op.outcome === 'fail') && op.completedAt !== undefined) g.latencies.push(op.completedAt - op.start);
  };
  for (const op of operations) {
    add(groupOf(op.f), op);
    add(all, op);
  }
  const rows: LatencyRow[] = [];
  for (const { row, latencies } of groups.values()) {
    latencies.sort((a, b) => a - b);
    row.p50 = percentile(latencies, 50);
    row.p95 = percentile(latencies, 95);
    row.p99 = percentile(latencies, 99);
    row.max = latencies[latencies.length - 1];
    rows.push(row);
  }
  // 'all' last; the rest by name.
  return rows.sort((a, b) => (a.f === 'all' ? 1 : 0) - (b.f === 'all' ? 1 : 0) || (a.f < b.f ? -1 : a.f > b.f ? 1 : 0));
}

export interface RegionAvailability {
  regions: number;
  /** Regions that were unavailable at some point after they first appeared. */
  affected: number;
  totalUnavailableMs: number;
  worst: RegionRow | undefined;
  /** Regions with a double assignment, and how many there were in all (the assignment checker's). */
  doubleAssigned: number;
  doubleAssignments: number;
}

export function regionAvailability(rows: readonly RegionRow[]): RegionAvailability {
  let worst: RegionRow | undefined;
  let affected = 0;
  let total = 0;
  let doubleAssigned = 0;
  let doubleAssignments = 0;
  for (const r of rows) {
    if (r.unavailableMs > 0) affected++;
    if (r.overlaps.length > 0) doubleAssigned++;
    doubleAssignments += r.overlaps.length;
    total += r.unavailableMs;
    if (worst === undefined || r.unavailableMs > worst.unavailableMs) worst = r;
  }
  return { regions: rows.length, affected, totalUnavailableMs: total, worst, doubleAssigned, doubleAssignments };
}
