/**
 * Server lanes from the trace: each master's and RegionServer's state over time, derived from `process.*`,
 * `master.*` and `rs.*` events. A state lasts until the next event that changes it; the last one lasts to the
 * end of the run. Time before a process's first event is not drawn (nothing is known about it).
 */
import type { TraceEvent, TraceRecord } from '../schema/index.ts';
import { naturalCompare, show } from './escape.ts';

export type ServerKind = 'master' | 'regionserver' | 'process';

export type ServerState = 'starting' | 'running' | 'backup' | 'active' | 'initialized' | 'online' | 'aborted' | 'dead' | 'paused';

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

/** What an event says of a process's state: the state it enters, or a pause or resume; with its server if named. */
interface StateChange {
  process: string;
  server?: { name: string; kind: 'master' | 'regionserver' };
  change: ServerState | 'pause' | 'resume';
}

function stateChange(e: TraceEvent): StateChange | undefined {
  const master = (change: ServerState, m: { process: string; server: string }): StateChange => ({ process: m.process, server: { name: m.server, kind: 'master' }, change });
  const rs = (change: ServerState, r: { process: string; server: string }): StateChange => ({ process: r.process, server: { name: r.server, kind: 'regionserver' }, change });
  switch (e.type) {
    case 'process.spawn':
    case 'process.restart':
      return { process: e.process, change: 'starting' };
    case 'process.crash':
      return { process: e.process, change: 'dead' };
    case 'process.pause':
      return { process: e.process, change: 'pause' };
    case 'process.resume':
      return { process: e.process, change: 'resume' };
    case 'master.backup':
      return master('backup', e);
    case 'master.active':
      return master('active', e);
    case 'master.initialized':
      return master('initialized', e);
    case 'master.aborted':
      return master('aborted', e);
    case 'rs.online':
      return rs('online', e);
    case 'rs.aborted':
      return rs('aborted', e);
    default:
      return undefined;
  }
}

/** Trace types this module draws as states; every other type is a marker somewhere. */
export const STATE_EVENT_TYPES: ReadonlySet<string> = new Set(['process.spawn', 'process.restart', 'process.crash', 'process.pause', 'process.resume', 'master.backup', 'master.active', 'master.initialized', 'master.aborted', 'rs.online', 'rs.aborted']);

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
export function describeEvent(e: TraceRecord, max = 160): string {
  let text = e.type;
  for (const [k, v] of Object.entries(e)) {
    if (k === 'time' || k === 'type') continue;
    text += ` ${k}=${show(v, 60)}`;
    if (text.length > max) return text.slice(0, max - 1) + '…';
  }
  return text;
}

export function buildServers(trace: readonly TraceEvent[], runEnd: number): ServerModel {
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
    const change = stateChange(e);
    if (change === undefined || isClientProcess(change.process)) continue;
    const id = change.process;
    const t = trackerOf(id);
    if (change.server !== undefined) {
      const server = change.server.name;
      processOfServer.set(server, id);
      if (!t.lane.servers.includes(server)) t.lane.servers.push(server);
      if (change.server.kind === 'master') t.sawMaster = true;
      else t.sawRs = true;
    }
    const detail = `${describeEvent(e)} at ${e.time} ms`;
    const next = change.change;
    if (next === 'pause') {
      if (t.state !== 'paused') {
        t.beforePause = t.state;
        t.beforePauseDetail = t.detail;
        enter(t, 'paused', e.time, detail);
      }
      continue;
    }
    if (next === 'resume') {
      if (t.state === 'paused') {
        close(t, e.time);
        t.state = t.beforePause;
        t.since = e.time;
        t.detail = t.beforePauseDetail;
      }
      continue;
    }
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
