/**
 * Two summary rows that answer "when was the cluster unable to serve?" on the timeline itself: intervals with
 * no active master, and how many regions were unavailable at each moment.
 */
import { ms, n1 } from './escape.ts';
import type { RegionRow } from './regions.ts';
import type { MasterAvailability } from './servers.ts';
import { labelIn, span, type Row, type Scale } from './svg.ts';

const HEIGHT = 18;
const MAX_STEPS = 1500;
const COLUMN_PX = 2;

export function masterGapRow(scale: Scale, masters: MasterAvailability): Row | undefined {
  if (masters.firstActive === undefined) return undefined;
  return {
    label: 'no active master',
    labelTitle: 'intervals after the first active master with no master active',
    height: HEIGHT,
    body: (y: number) =>
      masters.gaps.map((g) => span(scale, g.from, g.to, y + 3, HEIGHT - 6, 'outage', `no active master ${ms(g.from)} – ${ms(g.to)} (${ms(g.to - g.from)}): ${g.endedBy ?? ''}${g.next !== undefined ? `; then ${g.next}` : ''}`, '', 2)).join('') +
      masters.overlaps.map((o) => span(scale, o.from, o.to, y + 1, HEIGHT - 2, 'double', `two masters active at once ${ms(o.from)} – ${ms(o.to)}`, '', 2)).join(''),
  };
}

/** The number of unavailable regions as a step chart, its height relative to all regions. */
export function regionsOfflineRow(scale: Scale, regions: readonly RegionRow[]): Row | undefined {
  if (regions.length === 0) return undefined;
  const points: [number, number][] = [];
  for (const r of regions) for (const g of r.gaps) points.push([g.from, 1], [g.to, -1]);
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let steps: { from: number; to: number; count: number }[] = [];
  let depth = 0;
  let t = scale.t0;
  for (const [time, delta] of points) {
    const last = steps[steps.length - 1];
    if (depth > 0 && time > t) {
      if (last !== undefined && last.to === t && last.count === depth) last.to = time;
      else steps.push({ from: t, to: time, count: depth });
    }
    depth += delta;
    t = time;
  }
  if (steps.length > MAX_STEPS) steps = columns(scale, steps);
  const total = regions.length;
  const most = steps.reduce((m, s) => Math.max(m, s.count), 1);
  return {
    label: 'regions unavailable',
    labelTitle: `how many of the ${total} regions were open nowhere (or only on a paused server)`,
    height: HEIGHT,
    body: (y: number) =>
      steps
        .map((s) => {
          // Relative to the worst moment, so one region out of hundreds is still visible; the number says how many.
          const h = (HEIGHT - 3) * (0.4 + (0.6 * s.count) / most);
          const title = `${s.count} of ${total} regions unavailable ${ms(s.from)} – ${ms(s.to)}`;
          return span(scale, s.from, s.to, y + HEIGHT - 1 - h, h, 'outage', title) + labelIn(scale, s.from, s.to, y + HEIGHT - 1 - h, h, String(s.count), 'outage-text');
        })
        .join('') + `<line x1="${n1(scale.x0)}" x2="${n1(scale.x0 + scale.width)}" y1="${n1(y + HEIGHT - 1)}" y2="${n1(y + HEIGHT - 1)}" class="grid"/>`,
  };
}

/** Too many steps to draw: keep each pixel column's worst count. */
function columns(scale: Scale, steps: readonly { from: number; to: number; count: number }[]): { from: number; to: number; count: number }[] {
  const msPerColumn = ((scale.t1 - scale.t0) / scale.width) * COLUMN_PX;
  const worst = new Map<number, number>();
  for (const s of steps) {
    const first = Math.floor((s.from - scale.t0) / msPerColumn);
    const last = Math.floor((s.to - scale.t0 - 1e-9) / msPerColumn);
    for (let c = first; c <= last; c++) worst.set(c, Math.max(worst.get(c) ?? 0, s.count));
  }
  return [...worst].sort((a, b) => a[0] - b[0]).map(([c, count]) => ({ from: scale.t0 + c * msPerColumn, to: scale.t0 + (c + 1) * msPerColumn, count }));
}
