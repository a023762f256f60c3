/**
 * The region assignment chart: a row per region with a bar per server that served it (coloured by server),
 * hatched where no running server served it (unavailable), outlined red where the assignment checker found a
 * double assignment, a pale hatched tail where a fenced server still believed it served (a zombie: it could no
 * longer acknowledge a write, so it is neither a holder nor a double assignment), and beneath, a thin strip
 * with the master's view of the region (am.transition states) — and, in the ZooKeeper era, one more with the
 * region's RIT znode (zk-rows.ts).
 */
import { esc, ms } from './escape.ts';
import type { RegionRow, Tenure, ViewSegment } from './regions.ts';
import { paletteColour } from './server-rows.ts';
import { bar, labelIn, type Layer, type Row, type Scale } from './svg.ts';
import { RIT_STRIP, ritStrip } from './zk-rows.ts';
import type { ZnodeHistory } from './zk-znodes.ts';

const BAR = 11;
const VIEW = 3;

const VIEW_CLASS: Readonly<Record<ViewSegment['state'], string>> = {
  OPEN: 'v-open',
  OPENING: 'v-moving',
  CLOSING: 'v-moving',
  CLOSED: 'v-closed',
  OFFLINE: 'v-closed',
  FAILED_OPEN: 'v-bad',
  ABNORMALLY_CLOSED: 'v-bad',
  PENDING_OPEN: 'v-moving',
  PENDING_CLOSE: 'v-moving',
  FAILED_CLOSE: 'v-bad',
};

const ENDED_BY: Readonly<Record<Tenure['end'], string>> = {
  closed: 'closed',
  aborted: 'the server aborting',
  fenced: 'fencing (its WALs recovered: it can no longer acknowledge a write)',
  crashed: 'the process crashing',
  exited: 'the process exiting',
  'trace end': '',
};

function tenureTitle(region: string, t: Tenure): string {
  const to = t.end === 'trace end' ? 'end of run' : ms(t.to);
  return `${region} served by ${t.server} ${ms(t.from)} – ${to} (${ms(t.to - t.from)}${t.end !== 'trace end' ? `, ended by ${ENDED_BY[t.end]}` : ''})`;
}

/** Chooses which regions to draw when there are too many: the least available ones, shown in name order. */
export function selectRegions(rows: readonly RegionRow[], max: number): { shown: RegionRow[]; hidden: number } {
  if (rows.length <= max) return { shown: [...rows], hidden: 0 };
  const chosen = new Set([...rows].sort((a, b) => b.overlaps.length - a.overlaps.length || b.unavailableMs - a.unavailableMs).slice(0, max));
  return { shown: rows.filter((r) => chosen.has(r)), hidden: rows.length - max };
}

export function regionRows(scale: Scale, rows: readonly RegionRow[], owners: readonly string[], rit: ReadonlyMap<string, ZnodeHistory> = new Map()): Row[] {
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
    // Concurrent bars (a double assignment, a zombie's belief beside the new holder) get sub-rows, so all show.
    const lanes: number[] = [];
    const laneOf = r.tenures.map((t) => {
      const drawnTo = Math.max(t.to, t.believedUntil ?? t.to);
      let i = lanes.findIndex((end) => end <= t.from);
      if (i < 0) {
        i = lanes.length;
        lanes.push(drawnTo);
      } else lanes[i] = drawnTo;
      return i;
    });
    const sub = Math.max(1, lanes.length);
    const znode = rit.get(r.region);
    const height = sub * (BAR + 1) + VIEW + 4 + (znode === undefined ? 0 : RIT_STRIP + 1);
    const name = r.table !== '' && !r.region.startsWith(r.table) ? `${r.table}: ${r.region}` : r.region;
    const unavailable = r.unavailableMs > 0 ? `, unavailable ${ms(r.unavailableMs)} in ${r.gaps.length} gap${r.gaps.length === 1 ? '' : 's'}` : '';
    return {
      label: name,
      labelTitle: `region ${r.region}${r.table !== '' ? ` of table ${r.table}` : ''}${unavailable}${r.overlaps.length > 0 ? `, DOUBLE-ASSIGNED ${r.overlaps.length}×` : ''}`,
      height,
      draw: (layer: Layer, y: number) => {
        const barsHeight = sub * (BAR + 1) - 1;
        for (const g of r.gaps) bar(layer, scale, g.from, g.to, y + 1, barsHeight, 'gap', `${r.region} unavailable (served by no running server) ${ms(g.from)} – ${ms(g.to)} (${ms(g.to - g.from)})`);
        r.tenures.forEach((t, i) => {
          const yy = y + 1 + (laneOf[i] as number) * (BAR + 1);
          bar(layer, scale, t.from, t.to, yy, BAR, 'hold', tenureTitle(r.region, t)).attr('fill', colourOf(t.process));
          labelIn(layer, scale, t.from, t.to, yy, BAR, t.process, 'hold-text');
          if (t.believedUntil !== undefined && t.believedUntil > t.to) {
            bar(layer, scale, t.to, t.believedUntil, yy, BAR, 'believed', `${r.region}: ${t.server} fenced at ${ms(t.to)}, still believes it serves until ${ms(t.believedUntil)} (it can no longer acknowledge a write)`);
          }
        });
        for (const c of r.closedByRequest) bar(layer, scale, c.from, c.to, y + 1, barsHeight, 'closed-req', `${r.region} closed by the master on purpose (its view CLOSED/OFFLINE: disabled table or a move) ${ms(c.from)} – ${ms(c.to)} (${ms(c.to - c.from)})`);
        for (const f of r.frozen) bar(layer, scale, f.from, f.to, y + 1, barsHeight, 'frozen', `${r.region} held by ${f.process} while it was paused: not served ${ms(f.from)} – ${ms(f.to)}`);
        for (const o of r.overlaps) bar(layer, scale, o.from, o.to, y, barsHeight + 2, 'double', `${r.region} DOUBLE ASSIGNMENT: ${o.violation.message}; served by ${o.violation.servers.join(', ')} ${ms(o.from)} – ${ms(o.to)}`, 2);
        const vy = y + 1 + barsHeight + 1;
        for (const v of r.views) bar(layer, scale, v.from, v.to, vy, VIEW, VIEW_CLASS[v.state], `master's view of ${r.region}: ${v.state}${v.server !== null ? ` on ${v.server}` : ''} from ${ms(v.from)}`);
        if (znode !== undefined) ritStrip(layer, scale, znode, vy + VIEW + 1);
      },
    };
  });
}

/** The legend swatches for servers, as HTML, matching the chart's colours. */
export function ownerLegend(owners: readonly string[]): string {
  return owners.map((o, i) => `<span class="sw" style="background:${paletteColour(i)}"></span>${esc(o)}`).join(' ');
}
