/** Half-open time intervals `[from, to)`, and the few operations on them that availability needs. */

export interface Interval {
  from: number;
  to: number;
}

/** The parts of `interval` inside any of `list`. */
export function intersect(interval: Interval, list: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const i of list) {
    const from = Math.max(interval.from, i.from);
    const to = Math.min(interval.to, i.to);
    if (to > from) out.push({ from, to });
  }
  return out;
}

/** `[from, to)` minus the (sorted, disjoint) `holes`. */
export function subtract(from: number, to: number, holes: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
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

/**
 * The intervals within `[start, end)` where the number of intervals open satisfies `want`, given as boundary
 * points (`[time, +1]` where one opens, `[time, -1]` where it closes). Sorts `points`.
 */
export function sweep(points: [number, number][], start: number, end: number, want: (depth: number) => boolean): Interval[] {
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Interval[] = [];
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

export function totalMs(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, i) => sum + (i.to - i.from), 0);
}
