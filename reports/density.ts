/**
 * A count-over-time row: how many of some intervals are in force at each moment, as a step chart whose bar
 * height is relative to the busiest moment and whose bars carry the count. Used where one bar per interval
 * would be unreadable (regions unavailable, hundreds of region procedures).
 */
import { n1 } from './escape.ts';
import { bar, labelIn, type Layer, type Row, type Scale } from './svg.ts';

const HEIGHT = 18;
const MAX_STEPS = 1500;
const COLUMN_PX = 2;

export interface Step {
  from: number;
  to: number;
  count: number;
}

export function steps(intervals: readonly { from: number; to: number }[]): Step[] {
  const points: [number, number][] = [];
  for (const i of intervals) if (i.to > i.from) points.push([i.from, 1], [i.to, -1]);
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Step[] = [];
  let depth = 0;
  let t = -Infinity;
  for (const [time, delta] of points) {
    if (depth > 0 && time > t) {
      const last = out[out.length - 1];
      if (last !== undefined && last.to === t && last.count === depth) last.to = time;
      else out.push({ from: t, to: time, count: depth });
    }
    depth += delta;
    t = time;
  }
  return out;
}

/** Too many steps to draw: keep each few-pixel column's highest count. */
function columns(scale: Scale, list: readonly Step[]): Step[] {
  const msPerColumn = ((scale.t1 - scale.t0) / scale.width) * COLUMN_PX;
  const worst = new Map<number, number>();
  for (const s of list) {
    const first = Math.floor((s.from - scale.t0) / msPerColumn);
    const last = Math.floor((s.to - scale.t0 - 1e-9) / msPerColumn);
    for (let c = first; c <= last; c++) worst.set(c, Math.max(worst.get(c) ?? 0, s.count));
  }
  return [...worst].sort((a, b) => a[0] - b[0]).map(([c, count]) => ({ from: scale.t0 + c * msPerColumn, to: scale.t0 + (c + 1) * msPerColumn, count }));
}

export interface CountRowOptions {
  label: string;
  labelTitle: string;
  intervals: readonly { from: number; to: number }[];
  cls: string;
  /** Tooltip of one step. */
  describe(step: Step): string;
  /** Inline fill, when the class does not give the colour. */
  fill?: string;
}

export function countRow(scale: Scale, options: CountRowOptions): Row {
  let list = steps(options.intervals);
  if (list.length > MAX_STEPS) list = columns(scale, list);
  const most = list.reduce((m, s) => Math.max(m, s.count), 1);
  return {
    label: options.label,
    labelTitle: options.labelTitle,
    height: HEIGHT,
    draw: (layer: Layer, y: number) => {
      for (const s of list) {
        // Relative to the busiest moment, so one among hundreds is still visible; the number says how many.
        const h = (HEIGHT - 3) * (0.4 + (0.6 * s.count) / most);
        const top = y + HEIGHT - 1 - h;
        const step = bar(layer, scale, s.from, s.to, top, h, options.cls, options.describe(s));
        if (options.fill !== undefined) step.attr('fill', options.fill);
        labelIn(layer, scale, s.from, s.to, top, h, String(s.count), 'count-text');
      }
      const base = n1(y + HEIGHT - 1);
      layer.append('line').attr('class', 'grid').attr('x1', n1(scale.x0)).attr('x2', n1(scale.x0 + scale.width)).attr('y1', base).attr('y2', base);
    },
  };
}
