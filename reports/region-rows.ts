/**
 * The region assignment chart: a row per region with a bar per server that had it open (coloured by server),
 * hatched where no server had it or its server was paused (unavailable), red where two servers had it at once (double assignment), and
 * beneath, a thin strip with the master's view of the region (am.transition states).
 */
import { esc, ms } from './escape.ts';
import type { RegionRow } from './regions.ts';
import { paletteColour } from './server-rows.ts';
import { labelIn, span, type Row, type Scale } from './svg.ts';

const BAR = 11;
const VIEW = 3;

const VIEW_CLASS: Record<string, string> = {
  OPEN: 'v-open',
  OPENING: 'v-moving',
  CLOSING: 'v-moving',
  CLOSED: 'v-closed',
  OFFLINE: 'v-closed',
  SPLIT: 'v-closed',
  MERGED: 'v-closed',
  FAILED_OPEN: 'v-bad',
  FAILED_CLOSE: 'v-bad',
  ABNORMALLY_CLOSED: 'v-bad',
};

/** Chooses which regions to draw when there are too many: the least available ones, shown in name order. */
export function selectRegions(rows: readonly RegionRow[], max: number): { shown: RegionRow[]; hidden: number } {
  if (rows.length <= max) return { shown: [...rows], hidden: 0 };
  const chosen = new Set([...rows].sort((a, b) => b.overlaps.length - a.overlaps.length || b.unavailableMs - a.unavailableMs).slice(0, max));
  return { shown: rows.filter((r) => chosen.has(r)), hidden: rows.length - max };
}

export function regionRows(scale: Scale, rows: readonly RegionRow[], owners: readonly string[]): Row[] {
  const colour = new Map(owners.map((o, i) => [o, paletteColour(i)]));
  let extra = owners.length;
  const colourOf = (owner: string): string => {
    let c = colour.get(owner);
    if (c === undefined) {
      c = paletteColour(extra++);
      colour.set(owner, c);
    }
    return c;
  };
  return rows.map((r) => {
    // Concurrent holders (a double assignment) get sub-rows, so both are visible.
    const lanes: number[] = [];
    const laneOf = r.holdings.map((h) => {
      let i = lanes.findIndex((end) => end <= h.from);
      if (i < 0) {
        i = lanes.length;
        lanes.push(h.to);
      } else lanes[i] = h.to;
      return i;
    });
    const sub = Math.max(1, lanes.length);
    const height = sub * (BAR + 1) + VIEW + 4;
    const name = r.table !== '' && !r.region.startsWith(r.table) ? `${r.table}: ${r.region}` : r.region;
    const unavailable = r.unavailableMs > 0 ? `, unavailable ${ms(r.unavailableMs)} in ${r.gaps.length} gap${r.gaps.length === 1 ? '' : 's'}` : '';
    return {
      label: name,
      labelTitle: `region ${r.region}${r.table !== '' ? ` of table ${r.table}` : ''}${unavailable}${r.overlaps.length > 0 ? `, DOUBLE-ASSIGNED ${r.overlaps.length}×` : ''}`,
      height,
      body: (y: number) => {
        const parts: string[] = [];
        const barsHeight = sub * (BAR + 1) - 1;
        for (const g of r.gaps) parts.push(span(scale, g.from, g.to, y + 1, barsHeight, 'gap', `${r.region} unavailable (open nowhere) ${ms(g.from)} – ${ms(g.to)} (${ms(g.to - g.from)})`));
        r.holdings.forEach((h, i) => {
          const yy = y + 1 + (laneOf[i] as number) * (BAR + 1);
          const title = `${r.region} open on ${h.server} ${ms(h.from)} – ${h.end === 'run end' ? 'end of run' : ms(h.to)} (${ms(h.to - h.from)}${h.end !== 'run end' ? `, ended by ${h.end}` : ''})`;
          parts.push(span(scale, h.from, h.to, yy, BAR, 'hold', title, ` fill="${colourOf(h.owner)}"`));
          parts.push(labelIn(scale, h.from, h.to, yy, BAR, h.owner, 'hold-text'));
        });
        for (const c of r.closedByRequest) parts.push(span(scale, c.from, c.to, y + 1, barsHeight, 'closed-req', `${r.region} closed by the master on purpose (its view CLOSED/OFFLINE: disabled table or a move) ${ms(c.from)} – ${ms(c.to)} (${ms(c.to - c.from)})`));
        for (const f of r.frozen) parts.push(span(scale, f.from, f.to, y + 1, barsHeight, 'frozen', `${r.region} held by ${f.owner} while it was paused: not served ${ms(f.from)} – ${ms(f.to)}`));
        for (const o of r.overlaps) parts.push(span(scale, o.from, o.to, y, barsHeight + 2, 'double', `${r.region} DOUBLE ASSIGNMENT: open on two or more servers ${ms(o.from)} – ${ms(o.to)}`, '', 2));
        const vy = y + 1 + barsHeight + 1;
        for (const v of r.views) {
          parts.push(span(scale, v.from, v.to, vy, VIEW, VIEW_CLASS[v.state] ?? 'v-other', `master's view of ${r.region}: ${v.state}${v.server !== '' ? ` on ${v.server}` : ''} from ${ms(v.from)}`));
        }
        return parts.join('');
      },
    };
  });
}

/** The legend swatches for servers, as HTML, matching the chart's colours. */
export function ownerLegend(owners: readonly string[]): string {
  return owners.map((o, i) => `<span class="sw" style="background:${paletteColour(i)}"></span>${esc(o)}`).join(' ');
}
