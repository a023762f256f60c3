/**
 * Server lanes from the trace: each master's and RegionServer's state over time, derived from `process.*`,
 * `master.*` and `rs.*` events. A state lasts until the next event that changes it; the last one lasts to the
 * end of the run. Time before a process's first event is not drawn (nothing is known about it).
 */
import type { ReportTraceEvent } from './input.ts';
import { naturalCompare, show } from './escape.ts';

export type ServerKind = 'master' | 'regionserver' | 'process';

export type ServerState = 'starting' | 'running' | 'backup' | 'active' | 'initialized' | 'online' | 'aborted' | 'stopped' | 'dead' | 'paused';

export interface Segment<S extends string = ServerState> {
  from: number;
  to: number;
  state: S;
  /** Why the state began (the event and its fields), for the tooltip. */
  detail: string;
}

export interface ServerLane {
  kind: ServerKind;
  process: string;
  /** Server names (`host,port,startcode`) this process used, one per incarnation. */
  servers: string[];
  segments: Segment[];
}

export interface ServerModel {
  lanes: ServerLane[];
  /** server name → process id, so events that name a server find the process's lane. */
  processOfServer: Map<string, string>;
}

/** Client processes appear in the history; their trace events go to the generic events lane. */
export function isClientProcess(id: string): boolean {
  return /^client\b/i.test(id);
}

const TRANSITIONS: Record<string, ServerState> = {
  'process.spawn': 'starting',
  'process.restart': 'starting',
  'process.crash': 'dead',
  'master.backup': 'backup',
  'master.active': 'active',
  'master.initialized': 'initialized',
  'master.aborted': 'aborted',
  'master.stopped': 'stopped',
  'rs.online': 'online',
  'rs.aborted': 'aborted',
};

/** Trace types this module draws as states; every other type is a marker somewhere. */
export const STATE_EVENT_TYPES: ReadonlySet<string> = new Set([...Object.keys(TRANSITIONS), 'process.pause', 'process.resume']);

interface Tracker {
  lane: ServerLane;
  state: ServerState | undefined;
  since: number;
  detail: string;
  /** The state to return to when a pause ends. */
  beforePause: ServerState | undefined;
  beforePauseDetail: string;
  sawMaster: boolean;
  sawRs: boolean;
}

/** One line describing an event, for tooltips: `4000 ms master.aborted reason=…`. */
export function describeEvent(e: ReportTraceEvent, max = 160): string {
  let text = e.type;
  for (const [k, v] of Object.entries(e)) {
    if (k === 'time' || k === 'type') continue;
    text += ` ${k}=${show(v, 60)}`;
    if (text.length > max) return text.slice(0, max - 1) + '…';
  }
  return text;
}

export function buildServers(trace: readonly ReportTraceEvent[], runEnd: number): ServerModel {
  const trackers = new Map<string, Tracker>();
  const processOfServer = new Map<string, string>();

  const trackerOf = (id: string): Tracker => {
    let t = trackers.get(id);
    if (t === undefined) {
      t = { lane: { kind: 'process', process: id, servers: [], segments: [] }, state: undefined, since: 0, detail: '', beforePause: undefined, beforePauseDetail: '', sawMaster: false, sawRs: false };
      trackers.set(id, t);
    }
    return t;
  };
  const close = (t: Tracker, at: number): void => {
    if (t.state !== undefined && at > t.since) t.lane.segments.push({ from: t.since, to: at, state: t.state, detail: t.detail });
  };
  const enter = (t: Tracker, state: ServerState, at: number, detail: string): void => {
    if (t.state === state && state !== 'starting') return;
    close(t, at);
    t.state = state;
    t.since = at;
    t.detail = detail;
  };

  for (const e of trace) {
    // Most of a big trace is other chatter: decide on the type's prefix before touching any other field.
    const isProcessEvent = e.type.startsWith('process.');
    const isMaster = !isProcessEvent && e.type.startsWith('master.');
    const isRs = !isProcessEvent && !isMaster && e.type.startsWith('rs.');
    if (!isProcessEvent && !isMaster && !isRs) continue;
    const id = e.process;
    if (typeof id !== 'string' || isClientProcess(id)) continue;
    const t = trackerOf(id);
    if (typeof e.server === 'string' && (isMaster || isRs)) {
      processOfServer.set(e.server, id);
      if (!t.lane.servers.includes(e.server)) t.lane.servers.push(e.server);
    }
    if (isMaster) t.sawMaster = true;
    if (isRs) t.sawRs = true;
    const detail = `${describeEvent(e)} at ${e.time} ms`;
    if (e.type === 'process.pause') {
      if (t.state !== 'paused') {
        t.beforePause = t.state;
        t.beforePauseDetail = t.detail;
        enter(t, 'paused', e.time, detail);
      }
      continue;
    }
    if (e.type === 'process.resume') {
      if (t.state === 'paused') {
        close(t, e.time);
        t.state = t.beforePause;
        t.since = e.time;
        t.detail = t.beforePauseDetail;
      }
      continue;
    }
    const next = TRANSITIONS[e.type];
    if (next === undefined) continue;
    if (t.state === 'paused' && next !== 'dead' && next !== 'starting') {
      // A frozen process emits nothing, but another component may report on its behalf: remember it for the resume.
      t.beforePause = next;
      t.beforePauseDetail = detail;
      continue;
    }
    enter(t, next, e.time, detail);
  }

  const lanes: ServerLane[] = [];
  for (const t of trackers.values()) {
    close(t, runEnd);
    t.lane.kind = t.sawMaster ? 'master' : t.sawRs ? 'regionserver' : /^(h?master)/i.test(t.lane.process) ? 'master' : /^(rs|regionserver)\b/i.test(t.lane.process) ? 'regionserver' : 'process';
    // ZooKeeper, HDFS and the like announce no role: once spawned they are simply running.
    if (t.lane.kind === 'process') for (const s of t.lane.segments) if (s.state === 'starting') s.state = 'running';
    lanes.push(t.lane);
  }
  const kindOrder: Record<ServerKind, number> = { master: 0, regionserver: 1, process: 2 };
  lanes.sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || naturalCompare(a.process, b.process));
  return { lanes, processOfServer };
}

export interface MasterGap {
  from: number;
  to: number;
  /** How the previous active master's tenure ended, if there was one. */
  endedBy: string | undefined;
  /** The master that became active next, if any did. */
  next: string | undefined;
  /** When the next master finished initialising (master.initialized), if it did. */
  initializedAt: number | undefined;
}

export interface MasterAvailability {
  /** When some master was first active; undefined if none ever was. */
  firstActive: number | undefined;
  /** Intervals after `firstActive` with no active master (the failovers), and the total. */
  gaps: MasterGap[];
  withoutActiveMs: number;
  /** Time before the first active master (cluster start-up), kept apart from failovers. */
  startupMs: number;
  /** Intervals where more than one master considered itself active. */
  overlaps: { from: number; to: number }[];
}

const ACTIVE: ReadonlySet<ServerState> = new Set(['active', 'initialized']);

export function masterAvailability(lanes: readonly ServerLane[], runStart: number, runEnd: number): MasterAvailability {
  interface Tenure { from: number; to: number; process: string; endDetail: string | undefined; initializedAt: number | undefined }
  const tenures: Tenure[] = [];
  for (const lane of lanes) {
    if (lane.kind !== 'master') continue;
    let current: Tenure | undefined;
    for (const s of lane.segments) {
      if (ACTIVE.has(s.state)) {
        if (current !== undefined && current.to === s.from) current.to = s.to;
        else {
          current = { from: s.from, to: s.to, process: lane.process, endDetail: undefined, initializedAt: undefined };
          tenures.push(current);
        }
        if (s.state === 'initialized' && current.initializedAt === undefined) current.initializedAt = s.from;
      } else if (current !== undefined && current.to === s.from) {
        current.endDetail = `${lane.process} ${s.state === 'paused' ? 'paused' : s.state} (${s.detail})`;
        current = undefined;
      } else current = undefined;
    }
  }
  tenures.sort((a, b) => a.from - b.from);
  const first = tenures[0];
  const result: MasterAvailability = { firstActive: first?.from, gaps: [], withoutActiveMs: 0, startupMs: first === undefined ? runEnd - runStart : first.from - runStart, overlaps: [] };
  if (first === undefined) return result;
  let coveredTo = first.to;
  let last = first;
  for (const t of tenures.slice(1)) {
    if (t.from > coveredTo) {
      result.gaps.push({ from: coveredTo, to: t.from, endedBy: last.endDetail ?? `${last.process} stopped being active`, next: t.process, initializedAt: t.initializedAt });
    } else if (t.from < coveredTo) {
      result.overlaps.push({ from: t.from, to: Math.min(coveredTo, t.to) });
    }
    if (t.to >= coveredTo) {
      coveredTo = t.to;
      last = t;
    }
  }
  if (coveredTo < runEnd) result.gaps.push({ from: coveredTo, to: runEnd, endedBy: last.endDetail ?? `${last.process} stopped being active`, next: undefined, initializedAt: undefined });
  for (const g of result.gaps) result.withoutActiveMs += g.to - g.from;
  return result;
}
