/**
 * Client lanes: a lane per client process, operations as bars from invocation to completion. When there are
 * many processes (each `info` retires one and the client carries on under a new id) they are packed: a lane
 * holds processes whose lifetimes do not overlap, as Jepsen's timeline does with its worker threads.
 *
 * A lane with more operations than can be drawn one by one becomes per-column stacks of ok / fail / info
 * counts, over which the operations that matter — evidence, failures, indeterminate ones — are still drawn
 * individually (up to a cap), so a failure never disappears into an aggregate.
 */
import { ms, n1, show } from './escape.ts';
import { barClass, isMismatch, type Operation } from './operations.ts';
import { span, type Row, type Scale } from './svg.ts';

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
  const bar = height - 3;
  const perLane = Math.max(20, Math.floor(options.barBudget / Math.max(1, lanes.length)));

  const drawOp = (op: Operation, y: number): string => {
    const checkers = highlights.get(op.invokeIndex);
    const hl = checkers !== undefined;
    const completed = op.completedAt ?? runEnd;
    let out = span(scale, op.start, op.outcome === 'open' ? runEnd : completed, y, bar, hl ? `${barClass(op)} hl` : barClass(op), opTitle(op, checkers));
    if (hl) out += `<path d="M${n1(scale.x(op.start) - 4)} ${n1(y - 2)}h8l-4 5z" class="hl-mark"/>`;
    return linked.has(op.invokeIndex) ? `<a href="#op-${op.invokeIndex}">${out}</a>` : out;
  };

  const rows: Row[] = lanes.map((lane) => {
    const label = lane.processes.length === 1 ? `process ${lane.processes[0]}` : `processes ${lane.processes.slice(0, 6).join(' ')}${lane.processes.length > 6 ? ' …' : ''}`;
    return {
      label,
      labelTitle: `client process${lane.processes.length > 1 ? 'es' : ''} ${lane.processes.join(', ')}: ${lane.ops.length} operations`,
      height,
      body: (y: number) => {
        const parts: string[] = [];
        // An indeterminate operation may take effect any time until the end of the run: the lane's remainder.
        const firstUnknown = lane.ops.find((op) => op.outcome === 'info' || op.outcome === 'open');
        if (firstUnknown !== undefined) {
          const from = firstUnknown.completedAt ?? firstUnknown.start;
          const tailTitle = `after op ${firstUnknown.invokeIndex} (${firstUnknown.outcome}) the outcome is unknown until the end of the run`;
          parts.push(lane.processes.length === 1 ? span(scale, from, runEnd, y + 1, bar - 2, 'info-tail', tailTitle) : span(scale, from, runEnd, y + bar - 2, 2, 'info-tail', tailTitle));
        }
        if (lane.ops.length <= perLane) {
          for (const op of lane.ops) parts.push(drawOp(op, y + 1));
          return parts.join('');
        }
        parts.push(aggregate(scale, lane.ops, y + 1, bar));
        const notable = lane.ops.filter((op) => notability(op, highlights) > 0).sort((a, b) => notability(b, highlights) - notability(a, highlights) || a.start - b.start);
        for (const op of notable.slice(0, perLane)) parts.push(drawOp(op, y + 1));
        return parts.join('');
      },
    };
  });
  if (hiddenLanes > 0) rows.push({ label: `+${hiddenLanes} lanes not drawn`, height: 14, body: () => '' });
  return { rows, packed, lanes: lanes.length };
}

const COLUMN_PX = 3;

/** Per-column stacks: each column's height split among ok, fail and indeterminate by count. */
function aggregate(scale: Scale, ops: readonly Operation[], y: number, h: number): string {
  const columns = new Map<number, { ok: number; fail: number; mismatch: number; info: number; from: number; to: number }>();
  for (const op of ops) {
    const c = Math.floor((scale.x(op.start) - scale.x0) / COLUMN_PX);
    let col = columns.get(c);
    if (col === undefined) {
      col = { ok: 0, fail: 0, mismatch: 0, info: 0, from: op.start, to: op.start };
      columns.set(c, col);
    }
    if (op.outcome === 'ok') col.ok++;
    else if (isMismatch(op)) col.mismatch++;
    else if (op.outcome === 'fail') col.fail++;
    else col.info++;
    col.to = Math.max(col.to, op.start);
  }
  const parts: string[] = [];
  for (const [c, col] of columns) {
    const total = col.ok + col.fail + col.mismatch + col.info;
    const x = n1(scale.x0 + c * COLUMN_PX);
    let yy = y;
    parts.push(`<g><title>${col.from}–${col.to} ms: ${total} operations invoked (${col.ok} ok, ${col.fail} fail, ${col.mismatch} cas mismatch, ${col.info} indeterminate)</title>`);
    for (const [k, cls] of [[col.fail, 'fail'], [col.info, 'info'], [col.mismatch, 'mismatch'], [col.ok, 'ok']] as const) {
      if (k === 0) continue;
      const hh = (h * k) / total;
      parts.push(`<rect x="${x}" y="${n1(yy)}" width="${COLUMN_PX}" height="${n1(hh)}" class="${cls}"/>`);
      yy += hh;
    }
    parts.push('</g>');
  }
  return parts.join('');
}
