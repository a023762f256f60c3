/** Timeline rows for what the trace says: fault bands, master and RegionServer lanes, procedures, other events. */
import { ms, n1 } from './escape.ts';
import type { FaultSpan } from './faults.ts';
import { countRow } from './density.ts';
import { drawMarkers, type Marker } from './markers.ts';
import type { ProcedureSpan } from './procedures.ts';
import type { ServerLane, ServerState } from './servers.ts';
import { bar, labelIn, text, type Layer, type Row, type Scale } from './svg.ts';

export const LANE_HEIGHT = 18;
const BAR = LANE_HEIGHT - 4;
const MARKERS_PER_LANE = 150;
const MAX_FAULT_ROWS = 8;

export const STATE_LABEL: Record<ServerState, string> = {
  starting: 'starting',
  running: 'running',
  backup: 'backup',
  active: 'active, initializing',
  initialized: 'ACTIVE',
  online: 'online',
  aborted: 'ABORTED',
  dead: 'DEAD',
  paused: 'PAUSED',
};

export function heading(label: string): Row {
  return { label, height: 22, heading: true };
}

/** Faults that concern a lane, by lane id, so the lane can outline them. */
export function faultsByLane(faults: readonly FaultSpan[], laneIds: ReadonlySet<string>, processOfServer: ReadonlyMap<string, string>): Map<string, FaultSpan[]> {
  const out = new Map<string, FaultSpan[]>();
  for (const f of faults) {
    const lanes = new Set<string>();
    for (const t of f.targets) {
      if (laneIds.has(t)) lanes.add(t);
      const p = processOfServer.get(t);
      if (p !== undefined && laneIds.has(p)) lanes.add(p);
    }
    for (const lane of lanes) {
      const list = out.get(lane);
      if (list === undefined) out.set(lane, [f]);
      else list.push(f);
    }
  }
  return out;
}

function faultLabel(f: FaultSpan): string {
  return f.targets.length > 0 ? `${f.kind} ${f.targets.slice(0, 3).join(', ')}` : f.kind;
}

function faultTitle(f: FaultSpan): string {
  const when = f.instant ? `at ${ms(f.from)}` : `${ms(f.from)} – ${f.unended ? 'end of run (never ended)' : ms(f.to)} (${ms(f.to - f.from)})`;
  return `fault ${f.kind} ${when}: ${f.detail}`;
}

/** Faults packed into rows; an instantaneous fault's label takes room to its right so labels do not collide. */
export function faultRows(scale: Scale, faults: readonly FaultSpan[]): Row[] {
  if (faults.length === 0) return [];
  const msPerPx = (scale.t1 - scale.t0) / scale.width;
  const rows: { end: number; items: FaultSpan[] }[] = [];
  let hidden = 0;
  for (const f of faults) {
    const labelEnd = f.instant ? f.from + (faultLabel(f).length * 6 + 10) * msPerPx : f.to;
    let row = rows.find((r) => r.end < f.from);
    if (row === undefined && rows.length < MAX_FAULT_ROWS) {
      row = { end: -Infinity, items: [] };
      rows.push(row);
    }
    if (row === undefined) {
      hidden++;
      continue;
    }
    row.items.push(f);
    row.end = Math.max(labelEnd, f.to);
  }
  const out: Row[] = rows.map((r, i) => ({
    label: i === 0 ? `faults (${faults.length})` : '',
    height: LANE_HEIGHT,
    draw: (layer: Layer, y: number) => {
      for (const f of r.items) {
        if (f.instant) {
          bar(layer, scale, f.from, f.from, y + 2, BAR, 'fault-instant', faultTitle(f), 3);
          text(layer, scale.x(f.from) + 5, y + BAR / 2 + 5.5, faultLabel(f), 'fault-text');
        } else {
          bar(layer, scale, f.from, f.to, y + 2, BAR, f.unended ? 'fault unended' : 'fault', faultTitle(f));
          labelIn(layer, scale, f.from, f.to, y + 2, BAR, faultLabel(f), 'fault-text');
        }
      }
    },
  }));
  if (hidden > 0) out.push({ label: `+${hidden} faults not drawn`, height: 14 });
  return out;
}

/** Lasting faults shade the whole chart; instantaneous ones are a dashed line across it. */
export function faultBackground(scale: Scale, faults: readonly FaultSpan[]): (layer: Layer, top: number, bottom: number) => void {
  return (layer, top, bottom) => {
    for (const f of faults) {
      if (!f.instant) bar(layer, scale, f.from, f.to, top, bottom - top, 'band');
      else {
        const x = n1(scale.x(f.from));
        layer.append('line').attr('class', 'fault-line').attr('x1', x).attr('x2', x).attr('y1', top).attr('y2', n1(bottom));
      }
    }
  };
}

export function serverRow(scale: Scale, lane: ServerLane, faults: readonly FaultSpan[], markers: readonly Marker[]): Row {
  const servers = lane.servers.length > 0 ? ` (${lane.servers.join('; ')})` : '';
  return {
    label: lane.process,
    labelTitle: `${lane.kind} ${lane.process}${servers}`,
    height: LANE_HEIGHT,
    draw: (layer: Layer, y: number) => {
      for (const s of lane.segments) {
        const title = `${lane.process}: ${STATE_LABEL[s.state]} ${ms(s.from)} – ${ms(s.to)} (${ms(s.to - s.from)}) — since ${s.detail}`;
        bar(layer, scale, s.from, s.to, y + 2, BAR, `s-${s.state}`, title);
        labelIn(layer, scale, s.from, s.to, y + 2, BAR, STATE_LABEL[s.state], `seg-text t-${s.state}`);
      }
      for (const f of faults) bar(layer, scale, f.from, f.to, y + 1, LANE_HEIGHT - 2, 'fault-on', faultTitle(f), 3);
      drawMarkers(layer, scale, markers, y, LANE_HEIGHT - 2, MARKERS_PER_LANE, true);
    },
  };
}

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#e15759', '#ff9da7', '#bab0ac'];

export function paletteColour(i: number): string {
  return PALETTE[i % PALETTE.length] as string;
}

/** TransitRegionStateProcedure → TRSP, as HBase engineers say it; short names stay. */
export function abbreviate(name: string): string {
  if (name.length <= 18) return name;
  const capitals = name.match(/[A-Z]/g)?.join('') ?? '';
  return capitals.length >= 2 ? capitals : name;
}

export function procedureRows(scale: Scale, spans: readonly ProcedureSpan[], maxRows: number): Row[] {
  if (spans.length === 0) return [];
  const kinds = [...new Set(spans.map((s) => s.procedure))].sort();
  const colour = new Map(kinds.map((k, i) => [k, paletteColour(i)]));
  const byRow: ProcedureSpan[][] = [];
  const dense = new Map<string, ProcedureSpan[]>();
  let hidden = 0;
  for (const s of spans) {
    if (s.row < 0) {
      const list = dense.get(s.procedure);
      if (list === undefined) dense.set(s.procedure, [s]);
      else list.push(s);
    }
    else if (s.row >= maxRows) hidden++;
    else (byRow[s.row] ??= []).push(s);
  }
  const rows: Row[] = byRow.map((list, i) => ({
    label: i === 0 ? `procedures (${spans.length})` : '',
    height: 14,
    draw: (layer: Layer, y: number) => {
      for (const s of list) {
        const title = `pid=${s.procId} ${s.procedure} ${ms(s.from)} – ${s.finished ? ms(s.to) : 'end of run (unfinished)'}${s.result !== undefined ? ` result ${s.result}` : ''}: ${s.states.join(' → ')}`;
        bar(layer, scale, s.from, s.to, y + 1, 12, s.finished ? 'proc' : 'proc unfinished', title).attr('fill', colour.get(s.procedure) as string);
        labelIn(layer, scale, s.from, s.to, y + 1, 12, `${s.procedure} ${s.procId}`, 'proc-text');
      }
    },
  }));
  if (hidden > 0) rows.push({ label: `+${hidden} not drawn`, labelTitle: `${hidden} procedures ran while ${maxRows} others did and are not drawn`, height: 14 });
  for (const [kind, list] of dense) {
    const unfinished = list.filter((s) => !s.finished).length;
    rows.push(
      countRow(scale, {
        label: `${abbreviate(kind)} ×${list.length}`,
        labelTitle: `${list.length} ${kind}s (${unfinished} unfinished), counted over time rather than drawn one by one`,
        intervals: list,
        cls: 'proc',
        fill: colour.get(kind) as string,
        describe: (st) => `${st.count} ${kind}s running ${ms(st.from)} – ${ms(st.to)}`,
      }),
    );
  }
  return rows;
}

export function eventsRow(scale: Scale, label: string, markers: readonly Marker[]): Row {
  return { label, height: LANE_HEIGHT, draw: (layer: Layer, y: number) => drawMarkers(layer, scale, markers, y + 2, LANE_HEIGHT - 4, MARKERS_PER_LANE) };
}
