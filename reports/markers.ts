/**
 * Trace events that are not drawn as states, bands or spans (zk.*, hdfs.*, master.serverOnline, unknown types)
 * become markers: on the lane of the process they concern when a field `owner`, `process`, `master` or `server`
 * names one (in that order; a server name maps to its process), else in a generic events lane. A lane with
 * more markers than fit is drawn as per-column counts instead.
 */
import type { TraceRecord } from '../schema/index.ts';
import { describeEvent, STATE_EVENT_TYPES } from './servers.ts';
import { n1 } from './escape.ts';
import { mergedBars, type Layer, type Scale } from './svg.ts';

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
 * more than `cap`, one tick per few-pixel column, its height the log of its count, merged into a path per
 * severity whose tooltip counts the lane's events by type. `overlay` keeps the ticks to a thin strip at the top,
 * so that routine chatter does not hide the lane's states beneath.
 */
export function drawMarkers(layer: Layer, scale: Scale, markers: readonly Marker[], y: number, h: number, cap: number, overlay = false): void {
  if (markers.length === 0) return;
  if (markers.length <= cap) {
    for (const m of markers) {
      const x = scale.x(m.time);
      layer.append('path').attr('d', `M${n1(x - 3.5)} ${n1(y)}h7l-3.5 ${n1(Math.min(7, h))}z`).attr('class', severity(m.type)).append('title').text(`${m.time} ms ${describeEvent(m.event)}`);
    }
    return;
  }
  const columnPx = 4;
  const columns = new Map<number, { count: number; bad: boolean }>();
  const byType = new Map<string, number>();
  for (const m of markers) {
    const c = Math.floor((scale.x(m.time) - scale.x0) / columnPx);
    const column = columns.get(c) ?? { count: 0, bad: false };
    column.count++;
    column.bad ||= severity(m.type) === 'mk-bad';
    columns.set(c, column);
    byType.set(m.type, (byType.get(m.type) ?? 0) + 1);
  }
  let busiest = 1;
  for (const column of columns.values()) busiest = Math.max(busiest, column.count);
  const room = overlay ? Math.min(5, h) : h;
  const rects = { mk: [] as [number, number, number, number][], 'mk-bad': [] as [number, number, number, number][] };
  for (const [c, column] of columns) {
    const height = Math.max(2, (room * Math.log1p(column.count)) / Math.log1p(busiest));
    rects[column.bad ? 'mk-bad' : 'mk'].push([scale.x0 + c * columnPx, overlay ? y : y + h - height, columnPx - 1, height]);
  }
  const first = markers[0] as Marker;
  const last = markers[markers.length - 1] as Marker;
  const summary = [...byType].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([t, k]) => `${t} ×${k}`).join(', ');
  const group = layer.append('g');
  group.append('title').text(`${first.time}–${last.time} ms: ${markers.length} events, too many to draw one by one (a tick's height is the log of its ${columnPx}-px column's count; red where one is an expiry or failure): ${summary}`);
  mergedBars(group, 'mk', rects.mk);
  mergedBars(group, 'mk-bad', rects['mk-bad']);
}
