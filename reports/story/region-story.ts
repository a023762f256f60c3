/**
 * An assignment violation about one region, as a story: the region's own chart (who served it, the master's
 * view of it) over the stretch that matters, with the offending interval marked — the overlap of a double
 * assignment, or the final gap of a region left unserved — and the violation in the checker's words.
 */
import { svgCanvas } from '../d3.ts';
import { ms } from '../escape.ts';
import { isRecord, type ReportCheckerResult } from '../input.ts';
import type { ReportModel } from '../model.ts';
import type { RegionRow } from '../regions.ts';

export interface RegionStory {
  checker: string;
  kind: string;
  message: string;
  time: number;
  row: RegionRow;
  /** The offending interval: an overlap, or the unserved stretch the run ended in. */
  offending: { from: number; to: number } | undefined;
  window: { from: number; to: number };
  sentence: string;
  /** The checker's other violations about the same region (a double assignment also fails the final state). */
  more: string[];
}

export const MAX_REGION_STORIES = 3;
const WIDTH = 1100;
const GUTTER = 150;
const RIGHT = 16;
const LANE = 24;
const AXIS = 26;


function offendingInterval(kind: string, time: number, row: RegionRow): { from: number; to: number } | undefined {
  if (kind === 'double-assignment' || row.overlaps.length > 0) {
    const overlap = row.overlaps.find((o) => o.violation.time === time) ?? row.overlaps[0];
    return overlap === undefined ? undefined : { from: overlap.from, to: overlap.to };
  }
  const last = row.gaps[row.gaps.length - 1];
  return last === undefined ? undefined : { from: last.from, to: last.to };
}

function lastTenureWords(row: RegionRow, before: number): string {
  const tenures = row.tenures.filter((t) => t.from <= before).sort((a, b) => a.to - b.to);
  const last = tenures[tenures.length - 1];
  if (last === undefined) return 'no server ever served it';
  return `last served by ${last.server} from ${ms(last.from)} until ${ms(last.to)} (${last.end})`;
}

function viewWords(row: RegionRow, at: number): string {
  const view = [...row.views].reverse().find((v) => v.from <= at);
  return view === undefined ? 'the master never recorded a state for it' : `the master's view: ${view.state}${view.server === null ? '' : ` on ${view.server}`} since ${ms(view.from)}`;
}

function explain(kind: string, message: string, row: RegionRow, offending: { from: number; to: number } | undefined): string {
  if (kind === 'double-assignment' && offending !== undefined) return `${message}; both served it for ${ms(offending.to - offending.from)} (${ms(offending.from)} – ${ms(offending.to)}).`;
  const at = offending?.from ?? row.firstSeen;
  return `${message}: ${lastTenureWords(row, at)}; ${viewWords(row, offending?.to ?? at)}.`;
}

export function regionStories(model: ReportModel): RegionStory[] {
  const out: RegionStory[] = [];
  const checkers: Record<string, ReportCheckerResult> = model.input.result.checkers;
  for (const [name, result] of Object.entries(checkers)) {
    if (result.valid !== false || !Array.isArray(result.violations)) continue;
    for (const v of result.violations) {
      if (!isRecord(v) || typeof v.region !== 'string' || typeof v.time !== 'number') continue;
      const kind = typeof v.kind === 'string' ? v.kind : 'violation';
      const message = typeof v.message === 'string' ? v.message : kind;
      const told = out.find((s) => s.checker === name && s.row.region === v.region);
      if (told !== undefined) {
        told.more.push(message);
        continue;
      }
      if (out.length >= MAX_REGION_STORIES) continue;
      const row = model.regions.find((r) => r.region === v.region);
      if (row === undefined) continue;
      const offending = offendingInterval(kind, v.time, row);
      const from = Math.max(model.runStart, Math.min(offending?.from ?? v.time, ...row.tenures.slice(-3).map((t) => t.from)) - 500);
      const to = Math.min(model.runEnd, Math.max(offending?.to ?? v.time, v.time) + 500);
      out.push({ checker: name, kind, message, time: v.time, row, offending, window: { from, to: to > from ? to : from + 1 }, sentence: explain(kind, message, row, offending), more: [] });
    }
  }
  return out;
}

const VIEW_CLASS: Record<string, string> = { OPEN: 'v-open', OPENING: 'v-moving', CLOSING: 'v-moving', CLOSED: 'v-closed', OFFLINE: 'v-closed', FAILED_OPEN: 'v-bad', ABNORMALLY_CLOSED: 'v-bad' };

export function regionChartSvg(story: RegionStory): string {
  const servers = [...new Set(story.row.tenures.map((t) => t.process))].sort();
  const lanes = [...servers.map((s) => `server:${s}`), 'view'];
  const height = 10 + lanes.length * LANE + AXIS;
  const { d3, svg, markup } = svgCanvas(WIDTH, height, { class: 'story-chart', role: 'img', 'aria-label': `Region ${story.row.region}: who served it, and the master's view` });
  const x = d3.scaleLinear().domain([story.window.from, story.window.to]).range([GUTTER, WIDTH - RIGHT]).clamp(true);
  const y = d3.scaleBand<string>().domain(lanes).range([10, 10 + lanes.length * LANE]).paddingInner(0.25);
  const bottom = 10 + lanes.length * LANE;
  svg.append('rect').attr('class', 'plot').attr('x', GUTTER).attr('y', 0).attr('width', WIDTH - RIGHT - GUTTER).attr('height', bottom);
  if (story.offending !== undefined) {
    const o = story.offending;
    svg.append('rect').attr('class', 'offending').attr('x', x(o.from)).attr('y', 0).attr('width', Math.max(2, x(o.to) - x(o.from))).attr('height', bottom).append('title').text(`the violation: ${ms(o.from)} – ${ms(o.to)}`);
  }
  svg.selectAll('text.lane-label').data(lanes).join('text').attr('class', 'lane-label').attr('x', GUTTER - 8).attr('y', (l) => (y(l) ?? 0) + y.bandwidth() / 2 + 4).attr('text-anchor', 'end').text((l) => (l === 'view' ? "master's view" : `${l.slice('server:'.length)} serves`));
  for (const t of story.row.tenures) {
    const r = svg.append('rect').attr('class', 'holder').attr('x', x(t.from)).attr('y', y(`server:${t.process}`) ?? 0).attr('width', Math.max(1, x(t.to) - x(t.from))).attr('height', y.bandwidth());
    r.append('title').text(`${t.server}: ${ms(t.from)} – ${ms(t.to)} (${t.end})`);
  }
  for (const v of story.row.views) {
    const r = svg.append('rect').attr('class', VIEW_CLASS[v.state] ?? 'v-other').attr('x', x(v.from)).attr('y', y('view') ?? 0).attr('width', Math.max(1, x(v.to) - x(v.from))).attr('height', y.bandwidth());
    r.append('title').text(`${v.state}${v.server === null ? '' : ` on ${v.server}`}: ${ms(v.from)} – ${ms(v.to)}`);
  }
  svg.append('g').attr('class', 'story-axis').attr('transform', `translate(0,${bottom})`).call(d3.axisBottom(x).ticks(8).tickFormat((t) => ms(Number(t))));
  return markup();
}
