/**
 * Two summary rows that answer "when was the cluster unable to serve?" on the timeline itself: intervals with
 * no active master, and how many regions were unavailable at each moment.
 */
import { countRow } from './density.ts';
import { ms } from './escape.ts';
import type { RegionRow } from './regions.ts';
import type { MasterAvailability } from './servers.ts';
import { bar, type Layer, type Row, type Scale } from './svg.ts';

const HEIGHT = 18;

export function masterGapRow(scale: Scale, masters: MasterAvailability): Row | undefined {
  if (masters.firstActive === undefined) return undefined;
  return {
    label: 'no active master',
    labelTitle: 'intervals after the first active master with no master active',
    height: HEIGHT,
    draw: (layer: Layer, y: number) => {
      for (const g of masters.gaps) bar(layer, scale, g.from, g.to, y + 3, HEIGHT - 6, 'outage', `no active master ${ms(g.from)} – ${ms(g.to)} (${ms(g.to - g.from)}): ${g.endedBy ?? ''}${g.next !== undefined ? `; then ${g.next}` : ''}`, 2);
      for (const o of masters.overlaps) bar(layer, scale, o.from, o.to, y + 1, HEIGHT - 2, 'double', `two masters active at once ${ms(o.from)} – ${ms(o.to)}`, 2);
    },
  };
}

export function regionsOfflineRow(scale: Scale, regions: readonly RegionRow[]): Row | undefined {
  if (regions.length === 0) return undefined;
  const total = regions.length;
  return countRow(scale, {
    label: 'regions unavailable',
    labelTitle: `how many of the ${total} regions were open nowhere (or only on a paused server)`,
    intervals: regions.flatMap((r) => r.gaps),
    cls: 'outage',
    describe: (s) => `${s.count} of ${total} regions unavailable ${ms(s.from)} – ${ms(s.to)}`,
  });
}
