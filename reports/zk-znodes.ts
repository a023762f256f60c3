/**
 * The ZooKeeper era's znodes worth drawing (HBase 1.x; the README's ZooKeeper era): a region in transition is a
 * znode `<parent>/region-in-transition/<encoded region>` (`unassigned` before 0.96) holding a RegionTransition
 * (eventType, serverName); a distributed log-splitting task is `<parent>/splitWAL/<encoded WAL path>` (`splitlog`
 * before 0.96) holding a SplitLogTask `{state, server}` (UNASSIGNED, OWNED, RESIGNED, DONE, ERR; the server is the
 * master that created an UNASSIGNED task and the worker otherwise; `worker` is read too). Read from the trace's
 * `zk.znode.created/changed/deleted` alone, by the path's last two segments and the data, so it needs neither the
 * run's cluster spec nor the system: a field that is absent or of another shape is drawn as `unknown`, never fatal.
 *
 * Each znode becomes segments, one per state: a write that leaves state and server as they were (an OPENING
 * tickle, a worker's heartbeat) extends the segment and is counted in it.
 */
import type { TraceEvent } from '../schema/index.ts';

const RIT_DIRS: ReadonlySet<string> = new Set(['region-in-transition', 'unassigned']);
const TASK_DIRS: ReadonlySet<string> = new Set(['splitWAL', 'splitlog']);
/** SplitLogManager's RESCAN nodes wake idle workers; they are not tasks. */
const RESCAN = /^RESCAN\d*$/;

export interface ZnodeSegment {
  from: number;
  to: number;
  state: string;
  /** The server named by the data (RegionTransition.serverName, a task's worker), when it names one. */
  server?: string;
  /** Writes while in this state (1 = the write that entered it). */
  writes: number;
  /** How this znode's life ended after this segment: deleted (by whom), or still there at the end of the trace. */
  ended?: 'deleted' | 'expired' | 'closed' | 'trace end';
}

/** One znode path's history, through every creation and deletion of it. */
export interface ZnodeHistory {
  path: string;
  /** The last path segment: the encoded region name, or the task's name as SplitLogManager encoded it. */
  name: string;
  segments: ZnodeSegment[];
}

export interface ZkZnodes {
  /** By encoded region name, in order of first creation. */
  regionsInTransition: Map<string, ZnodeHistory>;
  /** Split-log tasks, in order of first creation. */
  splitTasks: ZnodeHistory[];
}

type Kind = 'rit' | 'task';

function kindOf(path: string): { kind: Kind; name: string } | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length < 2) return undefined;
  const dir = parts[parts.length - 2] as string;
  const name = parts[parts.length - 1] as string;
  if (RIT_DIRS.has(dir)) return { kind: 'rit', name };
  if (TASK_DIRS.has(dir) && !RESCAN.test(name)) return { kind: 'task', name };
  return undefined;
}

/** The state a znode's data names: RegionTransition.eventType, a task's `state`, or a bare string. */
export function stateOf(data: unknown): string {
  if (typeof data === 'string' && data !== '') return data;
  if (typeof data !== 'object' || data === null) return 'unknown';
  const d = data as Record<string, unknown>;
  for (const key of ['eventType', 'state']) if (typeof d[key] === 'string' && d[key] !== '') return d[key] as string;
  return 'unknown';
}

function serverOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  for (const key of ['serverName', 'worker', 'server']) if (typeof d[key] === 'string' && d[key] !== '') return d[key] as string;
  return undefined;
}

export function buildZkZnodes(events: readonly TraceEvent[], runEnd: number): ZkZnodes {
  const histories = new Map<string, ZnodeHistory & { kind: Kind; open: ZnodeSegment | null }>();
  for (const e of events) {
    if (e.type !== 'zk.znode.created' && e.type !== 'zk.znode.changed' && e.type !== 'zk.znode.deleted') continue;
    const what = kindOf(e.path);
    if (what === undefined) continue;
    let h = histories.get(e.path);
    if (h === undefined) {
      h = { path: e.path, name: what.name, kind: what.kind, segments: [], open: null };
      histories.set(e.path, h);
    }
    if (e.type === 'zk.znode.deleted') {
      if (h.open !== null) close(h.open, e.time, e.cause === 'delete' ? 'deleted' : e.cause);
      h.open = null;
      continue;
    }
    write(h, e.time, stateOf(e.data), serverOf(e.data));
  }
  const regionsInTransition = new Map<string, ZnodeHistory>();
  const splitTasks: ZnodeHistory[] = [];
  for (const { open, kind, ...h } of histories.values()) {
    // A deletion with no creation before it (a trace that starts late) leaves nothing to draw.
    if (h.segments.length === 0) continue;
    if (open !== null) close(open, Math.max(runEnd, open.from), 'trace end');
    if (kind === 'task') splitTasks.push(h);
    // Two parents (clusters sharing a ZooKeeper) may name one region alike: the first keeps the name.
    else if (!regionsInTransition.has(h.name)) regionsInTransition.set(h.name, h);
  }
  return { regionsInTransition, splitTasks };
}

function write(h: ZnodeHistory & { open: ZnodeSegment | null }, time: number, state: string, server: string | undefined): void {
  const open = h.open;
  if (open !== null && open.state === state && open.server === server) {
    open.writes++;
    return;
  }
  if (open !== null) close(open, time);
  const segment: ZnodeSegment = { from: time, to: time, state, writes: 1, ...(server === undefined ? {} : { server }) };
  h.segments.push(segment);
  h.open = segment;
}

function close(segment: ZnodeSegment, time: number, ended?: ZnodeSegment['ended']): void {
  segment.to = time;
  if (ended !== undefined) segment.ended = ended;
}

/**
 * A task's name as a person reads it: ZKSplitLog.encode URL-encodes the WAL's path (java.net.URLEncoder: a space is
 * `+`); the file name is the part that differs.
 */
export function taskLabel(name: string): { full: string; short: string } {
  let full = name;
  try {
    full = decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    // Not URL-encoded after all: shown as it is.
  }
  const parts = full.split('/').filter((p) => p !== '');
  return { full, short: parts[parts.length - 1] ?? full };
}
