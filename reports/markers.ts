/**
 * Trace events that are not drawn as states, bands or spans (zk.*, hdfs.*, master.serverOnline, unknown types)
 * become markers: on the lane of the process they concern when a field `owner`, `process`, `master` or `server`
 * names one (in that order; a server name maps to its process), else in a generic events lane. A lane with
 * more markers than fit is drawn as per-column counts instead.
 */
import type { TraceRecord } from '../schema/index.ts';
import { describeEvent, STATE_EVENT_TYPES } from './servers.ts';
import { esc, n1 } from './escape.ts';
import type { Scale } from './svg.ts';

export interface Marker {
  time: number;
  type: string;
  /** Described only if drawn one by one: most markers of a big run end up in a column's count. */
  event: TraceRecord;
}

export interface MarkerModel {
  byLane: Map<string, Marker[]>;
  generic: Marker[];
}

const DRAWN_ELSEWHERE = new Set(['region.opened', 'region.closed', 'am.transition', 'procedure.submitted', 'procedure.step', 'procedure.finished']);

/** Drawn as a state, span or band: every other event (master.serverOnline, procedure.retry, …) is a marker. */
function drawnElsewhere(type: string): boolean {
  return DRAWN_ELSEWHERE.has(type) || STATE_EVENT_TYPES.has(type) || type.startsWith('fault.');
}

export function buildMarkers(trace: readonly TraceRecord[], laneIds: ReadonlySet<string>, processOfServer: ReadonlyMap<string, string>): MarkerModel {
  const byLane = new Map<string, Marker[]>();
  const generic: Marker[] = [];
  const laneOf = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return undefined;
    if (laneIds.has(value)) return value;
    const p = processOfServer.get(value);
    return p !== undefined && laneIds.has(p) ? p : undefined;
  };
  for (const e of trace) {
    if (drawnElsewhere(e.type)) continue;
    const marker: Marker = { time: e.time, type: e.type, event: e };
    const lane = laneOf(e.owner) ?? laneOf(e.process) ?? laneOf(e.master) ?? laneOf(e.server);
    if (lane === undefined) generic.push(marker);
    else {
      const list = byLane.get(lane);
      if (list === undefined) byLane.set(lane, [marker]);
      else list.push(marker);
    }
  }
  return { byLane, generic };
}

/** Events that usually mean trouble get the alarming colour. */
function severity(type: string): string {
  return /expire|fail|abort|error|timeout|lost|fence|dead|kill/i.test(type) ? 'mk-bad' : 'mk';
}

/**
 * Markers as small downward triangles at the top of a lane (over whatever the lane draws), or, when there are
 * more than `cap`, one tick per few-pixel column whose tooltip counts the events by type. `overlay` keeps the
 * ticks to a thin strip at the top, so that routine chatter does not hide the lane's states beneath.
 */
export function drawMarkers(scale: Scale, markers: readonly Marker[], y: number, h: number, cap: number, overlay = false): string {
  if (markers.length === 0) return '';
  const parts: string[] = [];
  if (markers.length <= cap) {
    for (const m of markers) {
      const x = scale.x(m.time);
      parts.push(`<path d="M${n1(x - 3.5)} ${n1(y)}h7l-3.5 ${n1(Math.min(7, h))}z" class="${severity(m.type)}"><title>${esc(`${m.time} ms ${describeEvent(m.event)}`)}</title></path>`);
    }
    return parts.join('');
  }
  const columnPx = 4;
  const columns = new Map<number, Marker[]>();
  for (const m of markers) {
    const c = Math.floor((scale.x(m.time) - scale.x0) / columnPx);
    const list = columns.get(c);
    if (list === undefined) columns.set(c, [m]);
    else list.push(m);
  }
  let busiest = 1;
  for (const list of columns.values()) busiest = Math.max(busiest, list.length);
  for (const [c, list] of columns) {
    const counts = new Map<string, number>();
    let bad = false;
    for (const m of list) {
      counts.set(m.type, (counts.get(m.type) ?? 0) + 1);
      if (severity(m.type) === 'mk-bad') bad = true;
    }
    const first = list[0] as Marker;
    const last = list[list.length - 1] as Marker;
    const summary = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([t, k]) => `${t} ×${k}`).join(', ');
    const room = overlay ? Math.min(5, h) : h;
    const height = Math.max(2, (room * Math.log1p(list.length)) / Math.log1p(busiest));
    const top = overlay ? y : y + h - height;
    parts.push(
      `<rect x="${n1(scale.x0 + c * columnPx)}" y="${n1(top)}" width="${columnPx - 1}" height="${n1(height)}" class="${bad ? 'mk-bad' : 'mk'}"><title>${esc(`${first.time}–${last.time} ms: ${list.length} events: ${summary}`)}</title></rect>`,
    );
  }
  return parts.join('');
}
