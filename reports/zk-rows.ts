/**
 * The ZooKeeper era on the charts (zk-znodes.ts reads it from the trace): each region's RIT znode as a strip
 * segmented by its RegionTransition state under the region's row of the assignment chart, a count of regions in
 * transition on the timeline, and the split-log tasks, each a bar segmented by state, labelled with its worker.
 * Segments keep their tooltips (state, server, writes) while a strip or the task rows stay within the element
 * budget; beyond it they are merged into one path per state under one tooltip counting them.
 */
import { processOfServer } from '../schema/ids.ts';
import { countRow } from './density.ts';
import { ms } from './escape.ts';
import { bar, labelIn, mergedBars, type Layer, type Row, type Scale } from './svg.ts';
import { taskLabel, type ZnodeHistory, type ZnodeSegment } from './zk-znodes.ts';

/** Segments of one region's RIT strip drawn one by one, with tooltips; more are merged. */
export const MAX_RIT_SEGMENTS = 60;
/** Split-log tasks drawn one by one, in at most this many lanes; more become a count over time. */
export const MAX_TASKS = 150;
export const MAX_TASK_LANES = 8;
export const RIT_STRIP = 5;
const TASK_BAR = 11;

/** A state's colour class: the RegionTransition event types and the split-log task states, by what they mean. */
const STATE_CLASS: Readonly<Record<string, string>> = {
  M_ZK_REGION_OFFLINE: 'z-offline',
  RS_ZK_REGION_OPENING: 'z-opening',
  RS_ZK_REGION_OPENED: 'z-opened',
  M_ZK_REGION_CLOSING: 'z-closing',
  RS_ZK_REGION_CLOSING: 'z-closing',
  RS_ZK_REGION_CLOSED: 'z-closed',
  RS_ZK_REGION_FAILED_OPEN: 'z-failed',
  UNASSIGNED: 'z-offline',
  OWNED: 'z-opening',
  RESIGNED: 'z-closing',
  DONE: 'z-opened',
  ERR: 'z-failed',
};

export function stateClass(state: string): string {
  return STATE_CLASS[state] ?? 'z-other';
}

const ENDED: Readonly<Record<NonNullable<ZnodeSegment['ended']>, string>> = {
  deleted: '; then deleted',
  expired: '; then deleted with its session (expired)',
  closed: '; then deleted with its session (closed)',
  'trace end': '; still there at the end of the run',
};

/** SplitLogTask names the master that created an UNASSIGNED task, and the worker in every other state. */
function taskServer(s: ZnodeSegment): string {
  if (s.server === undefined) return '';
  return s.state === 'UNASSIGNED' ? ` (created by ${s.server})` : ` (worker ${s.server})`;
}

function segmentTitle(what: string, s: ZnodeSegment, server = (x: ZnodeSegment) => (x.server === undefined ? '' : ` (${x.server})`)): string {
  const by = server(s);
  const writes = s.writes > 1 ? `, ${s.writes} writes` : '';
  return `${what}: ${s.state}${by} ${ms(s.from)} – ${ms(s.to)} (${ms(s.to - s.from)}${writes})${s.ended === undefined ? '' : ENDED[s.ended]}`;
}

/** Tooltip of a merged strip: how many segments of each state. */
function countsTitle(what: string, segments: readonly ZnodeSegment[]): string {
  const counts = new Map<string, number>();
  for (const s of segments) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  return `${what}: ${segments.length} states (${[...counts].map(([state, n]) => `${state} ×${n}`).join(', ')}), merged`;
}

function rect(scale: Scale, s: ZnodeSegment, y: number, h: number): [number, number, number, number] {
  const x = scale.x(s.from);
  return [x, y, Math.max(1, scale.x(s.to) - x), h];
}

/** Segments as one path per state class, in a group whose one tooltip counts them. */
function merged(layer: Layer, scale: Scale, segments: readonly ZnodeSegment[], y: number, h: number, title: string): void {
  const g = layer.append('g');
  g.append('title').text(title);
  const byClass = new Map<string, [number, number, number, number][]>();
  for (const s of segments) {
    const cls = stateClass(s.state);
    const list = byClass.get(cls) ?? [];
    list.push(rect(scale, s, y, h));
    byClass.set(cls, list);
  }
  for (const [cls, rects] of byClass) mergedBars(g, cls, rects);
}

/** A region's RIT znode under its row of the assignment chart. */
export function ritStrip(layer: Layer, scale: Scale, history: ZnodeHistory, y: number): void {
  const what = `RIT znode ${history.path}`;
  if (history.segments.length > MAX_RIT_SEGMENTS) return merged(layer, scale, history.segments, y, RIT_STRIP, countsTitle(what, history.segments));
  for (const s of history.segments) bar(layer, scale, s.from, s.to, y, RIT_STRIP, stateClass(s.state), segmentTitle(what, s), 2);
}

/** How many regions were in transition (had a RIT znode) at each moment, for the timeline. */
export function ritCountRow(scale: Scale, rit: ReadonlyMap<string, ZnodeHistory>): Row | undefined {
  if (rit.size === 0) return undefined;
  const intervals = lifetimes([...rit.values()]);
  return countRow(scale, {
    label: 'regions in transition',
    labelTitle: `regions with a znode under region-in-transition (${rit.size} regions, ${intervals.length} transitions): the ZooKeeper era's regions in transition`,
    intervals,
    cls: 'z-count',
    describe: (s) => `${s.count} region${s.count === 1 ? '' : 's'} in transition (RIT znodes) ${ms(s.from)} – ${ms(s.to)}`,
  });
}

/** Each creation-to-deletion of a znode: contiguous segments joined. */
function lifetimes(histories: readonly ZnodeHistory[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (const h of histories) {
    let current: { from: number; to: number } | undefined;
    for (const s of h.segments) {
      if (current !== undefined && current.to === s.from) current.to = s.to;
      else out.push((current = { from: s.from, to: s.to }));
      if (s.ended !== undefined) current = undefined;
    }
  }
  return out;
}

/** The split-log tasks: lanes of tasks whose lives do not overlap, or a count over time when there are too many. */
export function splitTaskRows(scale: Scale, tasks: readonly ZnodeHistory[]): Row[] {
  if (tasks.length === 0) return [];
  const lanes = packLanes(tasks);
  const finals = finalStates(tasks);
  const labelTitle = `${tasks.length} split-log tasks (znodes under splitWAL), by last state: ${finals}`;
  if (tasks.length > MAX_TASKS || lanes.length > MAX_TASK_LANES) {
    return [
      countRow(scale, {
        label: `split-log tasks (${tasks.length})`,
        labelTitle: `${labelTitle}; too many to draw one by one, so a count of tasks pending at each moment`,
        intervals: lifetimes(tasks),
        cls: 'z-count',
        describe: (s) => `${s.count} split-log task${s.count === 1 ? '' : 's'} pending ${ms(s.from)} – ${ms(s.to)}`,
      }),
    ];
  }
  return lanes.map((lane, i) => ({
    label: i === 0 ? `split-log tasks (${tasks.length})` : '',
    labelTitle,
    height: TASK_BAR + 4,
    draw: (layer: Layer, y: number) => {
      for (const task of lane) drawTask(layer, scale, task, y + 2);
    },
  }));
}

function drawTask(layer: Layer, scale: Scale, task: ZnodeHistory, y: number): void {
  const { full } = taskLabel(task.name);
  for (const s of task.segments) {
    bar(layer, scale, s.from, s.to, y, TASK_BAR, stateClass(s.state), segmentTitle(`split-log task ${full}`, s, taskServer));
    if (s.server !== undefined && s.state !== 'UNASSIGNED') labelIn(layer, scale, s.from, s.to, y, TASK_BAR, processOfServer(s.server), 'z-text');
  }
}

/** Greedy interval packing: each task in the first lane free by its start. */
function packLanes(tasks: readonly ZnodeHistory[]): ZnodeHistory[][] {
  const lanes: { end: number; tasks: ZnodeHistory[] }[] = [];
  const span = (t: ZnodeHistory) => ({ from: t.segments[0]?.from ?? 0, to: t.segments[t.segments.length - 1]?.to ?? 0 });
  for (const task of [...tasks].sort((a, b) => span(a).from - span(b).from)) {
    const { from, to } = span(task);
    const lane = lanes.find((l) => l.end <= from);
    if (lane === undefined) lanes.push({ end: to, tasks: [task] });
    else {
      lane.end = to;
      lane.tasks.push(task);
    }
  }
  return lanes.map((l) => l.tasks);
}

function finalStates(tasks: readonly ZnodeHistory[]): string {
  const counts = new Map<string, number>();
  for (const t of tasks) {
    const state = t.segments[t.segments.length - 1]?.state ?? 'unknown';
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  return [...counts].map(([state, n]) => `${state} ${n}`).join(', ');
}
