/**
 * Client lanes: a lane per client process, operations as bars from invocation to completion. When there are
 * many processes (each `info` retires one and the client carries on under a new id) they are packed: a lane
 * holds processes whose lifetimes do not overlap, as Jepsen's timeline does with its worker threads.
 *
 * A lane with more operations than can be drawn one by one becomes per-column stacks of ok / fail / info
 * counts (a path per outcome), over which the operations that matter — evidence, failures, indeterminate ones —
 * are still drawn individually with their tooltips (up to a cap), so a failure never disappears into an aggregate.
 */
import { ms, n1, show } from './escape.ts';
import { barClass, isMismatch, type Operation } from './operations.ts';
import { bar, barPath, mergedBars, type Layer, type Row, type Scale } from './svg.ts';

export interface ClientLayoutOptions {
  /** Up to this many processes get a lane each; beyond, processes are packed. */
  maxUnpacked: number;
  /** Bars drawn one by one across all client lanes. */
  barBudget: number;
  maxLanes: number;
}

export const CLIENT_DEFAULTS: ClientLayoutOptions = { maxUnpacked: 40, barBudget: 6000, maxLanes: 120 };

interface Lane {
  processes: number[];
  ops: Operation[];
}

/** Highlighted ops: invocation index → the checkers whose evidence names it. */
export type Highlights = ReadonlyMap<number, readonly string[]>;

function lifetimeEnd(op: Operation): number {
  return op.completedAt ?? op.start;
}

export function clientLanes(operations: readonly Operation[], options: ClientLayoutOptions): { lanes: Lane[]; packed: boolean; hiddenLanes: number } {
  const byProcess = new Map<number, Operation[]>();
  for (const op of operations) {
    const list = byProcess.get(op.process);
    if (list === undefined) byProcess.set(op.process, [op]);
    else list.push(op);
  }
  const processes = [...byProcess.keys()].sort((a, b) => a - b);
  let lanes: Lane[];
  const packed = processes.length > options.maxUnpacked;
  if (!packed) {
    lanes = processes.map((p) => ({ processes: [p], ops: byProcess.get(p) as Operation[] }));
  } else {
    const life = processes.map((p) => {
      const ops = byProcess.get(p) as Operation[];
      return { p, ops, from: (ops[0] as Operation).start, to: lifetimeEnd(ops[ops.length - 1] as Operation) };
    });
    life.sort((a, b) => a.from - b.from || a.p - b.p);
    lanes = [];
    const ends: number[] = [];
    for (const l of life) {
      let i = ends.findIndex((end) => end < l.from);
      if (i < 0) {
        i = lanes.length;
        lanes.push({ processes: [], ops: [] });
        ends.push(l.to);
      } else ends[i] = l.to;
      const lane = lanes[i] as Lane;
      lane.processes.push(l.p);
      for (const op of l.ops) lane.ops.push(op);
    }
  }
  const hiddenLanes = Math.max(0, lanes.length - options.maxLanes);
  return { lanes: lanes.slice(0, options.maxLanes), packed, hiddenLanes };
}

export function opTitle(op: Operation, checkers: readonly string[] | undefined): string {
  const end = op.completedAt === undefined ? 'never completed' : `${ms(op.completedAt)}${op.outcome === 'ok' || op.outcome === 'fail' ? ` (${ms(op.completedAt - op.start)})` : ''}`;
  const result = op.outcome === 'ok' && op.f === 'read' ? ` read ${show(op.result, 60)}` : '';
  const error = op.error !== undefined ? ` (${show(op.error, 80)})` : '';
  const flag = checkers !== undefined && checkers.length > 0 ? `EVIDENCE of ${checkers.join(', ')}: ` : '';
  return `${flag}op ${op.invokeIndex} · process ${op.process} · ${op.f} ${show(op.key, 40)} ${op.f === 'read' ? '' : show(op.value, 60)} → ${op.outcome}${result}${error} · ${ms(op.start)} – ${end}`;
}


function notability(op: Operation, highlights: Highlights): number {
  if (highlights.has(op.invokeIndex)) return 3;
  if (op.outcome === 'info' || op.outcome === 'open') return 2;
  if (op.outcome === 'fail' && !isMismatch(op)) return 1;
  return 0;
}

export function clientRows(scale: Scale, operations: readonly Operation[], runEnd: number, highlights: Highlights, linked: ReadonlySet<number>, options: ClientLayoutOptions = CLIENT_DEFAULTS): { rows: Row[]; packed: boolean; lanes: number } {
  const { lanes, packed, hiddenLanes } = clientLanes(operations, options);
  const height = lanes.length > 30 ? 12 : 16;
  const barHeight = height - 3;
  const perLane = Math.max(20, Math.floor(options.barBudget / Math.max(1, lanes.length)));

  const drawOp = (layer: Layer, op: Operation, y: number): void => {
    const checkers = highlights.get(op.invokeIndex);
    const target = linked.has(op.invokeIndex) ? layer.append('a').attr('href', `#op-${op.invokeIndex}`) : layer;
    const end = op.outcome === 'open' ? runEnd : (op.completedAt ?? runEnd);
    barPath(target, scale, op.start, end, y, barHeight, checkers !== undefined ? `${barClass(op)} hl` : barClass(op), opTitle(op, checkers));
    if (checkers !== undefined) target.append('path').attr('d', `M${n1(scale.x(op.start) - 4)} ${n1(y - 2)}h8l-4 5z`).attr('class', 'hl-mark');
  };

  const rows: Row[] = lanes.map((lane) => {
    const label = lane.processes.length === 1 ? `process ${lane.processes[0]}` : `processes ${lane.processes.slice(0, 6).join(' ')}${lane.processes.length > 6 ? ' …' : ''}`;
    return {
      label,
      labelTitle: `client process${lane.processes.length > 1 ? 'es' : ''} ${lane.processes.join(', ')}: ${lane.ops.length} operations`,
      height,
      draw: (layer: Layer, y: number) => {
        // An indeterminate operation may take effect any time until the end of the run: the lane's remainder.
        const firstUnknown = lane.ops.find((op) => op.outcome === 'info' || op.outcome === 'open');
        if (firstUnknown !== undefined) {
          const from = firstUnknown.completedAt ?? firstUnknown.start;
          const tailTitle = `after op ${firstUnknown.invokeIndex} (${firstUnknown.outcome}) the outcome is unknown until the end of the run`;
          if (lane.processes.length === 1) bar(layer, scale, from, runEnd, y + 1, barHeight - 2, 'info-tail', tailTitle);
          else bar(layer, scale, from, runEnd, y + barHeight - 2, 2, 'info-tail', tailTitle);
        }
        if (lane.ops.length <= perLane) {
          for (const op of lane.ops) drawOp(layer, op, y + 1);
          return;
        }
        aggregate(layer, scale, lane.ops, y + 1, barHeight);
        const notable = lane.ops.filter((op) => notability(op, highlights) > 0).sort((a, b) => notability(b, highlights) - notability(a, highlights) || a.start - b.start);
        for (const op of notable.slice(0, perLane)) drawOp(layer, op, y + 1);
      },
    };
  });
  if (hiddenLanes > 0) rows.push({ label: `+${hiddenLanes} lanes not drawn`, height: 14 });
  return { rows, packed, lanes: lanes.length };
}

const COLUMN_PX = 3;

type Counted = 'fail' | 'info' | 'mismatch' | 'ok';
const STACK_ORDER: readonly Counted[] = ['fail', 'info', 'mismatch', 'ok'];

function counted(op: Operation): Counted {
  if (op.outcome === 'ok') return 'ok';
  if (isMismatch(op)) return 'mismatch';
  return op.outcome === 'fail' ? 'fail' : 'info';
}

/** Per-column stacks, each column's height split among the outcomes by count, drawn as one path per outcome. */
function aggregate(layer: Layer, scale: Scale, ops: readonly Operation[], y: number, h: number): void {
  const columns = new Map<number, Record<Counted, number>>();
  const totals: Record<Counted, number> = { fail: 0, info: 0, mismatch: 0, ok: 0 };
  for (const op of ops) {
    const c = Math.floor((scale.x(op.start) - scale.x0) / COLUMN_PX);
    let column = columns.get(c);
    if (column === undefined) {
      column = { fail: 0, info: 0, mismatch: 0, ok: 0 };
      columns.set(c, column);
    }
    const kind = counted(op);
    column[kind]++;
    totals[kind]++;
  }
  const rects: Record<Counted, [number, number, number, number][]> = { fail: [], info: [], mismatch: [], ok: [] };
  for (const [c, column] of columns) {
    const total = column.fail + column.info + column.mismatch + column.ok;
    let top = y;
    for (const kind of STACK_ORDER) {
      if (column[kind] === 0) continue;
      const part = (h * column[kind]) / total;
      rects[kind].push([scale.x0 + c * COLUMN_PX, top, COLUMN_PX, part]);
      top += part;
    }
  }
  const group = layer.append('g');
  group.append('title').text(`${ops.length} operations, too many to draw one by one: each ${COLUMN_PX}-px column is split by outcome (${totals.ok} ok, ${totals.fail} fail, ${totals.mismatch} cas mismatch, ${totals.info} indeterminate); evidence, failures and indeterminate ones are drawn over it`);
  for (const kind of STACK_ORDER) mergedBars(group, kind, rects[kind]);
}
