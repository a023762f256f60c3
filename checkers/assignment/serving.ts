/**
 * Who serves which region when, from the trace: the one derivation of it (DESIGN.md §4). The assignment checker
 * judges it; the report draws it, importing this pure function rather than deriving holdings of its own, so a
 * report never states a double assignment the checker did not find, nor misses one. It lives with the checker,
 * not in schema/, because it is a judgement rather than a fact the trace states: that a fenced server no longer
 * serves is the checker's rule.
 *
 * A server serves a region from `region.opened` until `region.closed`, until it aborts or its process dies — or
 * until its WALs are fenced (`master.serverFenced`), because from then on it cannot acknowledge a write even if,
 * as a zombie, it still believes it serves (kept as `believedUntil`, for the report to show). A region opened
 * on a server while another still serves it is a double assignment, stated at that opening.
 */
import { processOfServer, type EncodedRegionName, type ServerName } from '../../schema/ids.ts';
import type { RegionState } from '../../schema/events/procedure.ts';
import type { TraceEvent } from '../../schema/trace.ts';
import { measureAvailability } from './availability.ts';
import type { Interval } from './intervals.ts';

export interface DoubleAssignment {
  kind: 'double-assignment';
  time: number;
  region: string;
  servers: string[];
  message: string;
  /** Indices (in the trace) of the events that opened the region on each server. */
  traceIndices: number[];
}

export type TenureEnd = 'closed' | 'aborted' | 'fenced' | 'crashed' | 'exited' | 'trace end';

/** One server's serving of one region. */
export interface Tenure extends Interval {
  server: ServerName;
  /** The process running the server (from the role events that name both, else the ServerName's host). */
  process: string;
  end: TenureEnd;
  /** Index in the trace of the `region.opened` that began it. */
  openedIndex: number;
  /** Fenced while it still believed it served: until its close, abort or death (or the end of the trace). */
  believedUntil?: number;
}

/** The master's view of the region (`am.transition`), from one change to the next. */
export interface ViewSegment extends Interval {
  state: RegionState;
  server: ServerName | null;
}

/** A double assignment and how long it lasted: from its opening until all but one of the servers stopped serving. */
export interface Overlap extends Interval {
  violation: DoubleAssignment;
}

export interface RegionServing {
  region: EncodedRegionName;
  /** '' until an event names the region's table. */
  table: string;
  tenures: Tenure[];
  views: ViewSegment[];
  firstSeen: number;
  firstOpened: number | undefined;
  overlaps: Overlap[];
  /** Unavailable: served by no running server, and not closed by request (availability.ts). */
  gaps: Interval[];
  unavailableMs: number;
  /** Open nowhere while the master's view was CLOSED or OFFLINE: a disabled table, the closed half of a move. */
  closedByRequest: Interval[];
  /** Parts of tenures during which the serving process was paused (held, but answering no one). */
  frozen: (Interval & { process: string })[];
}

export interface Serving {
  /** In order of first mention. */
  regions: RegionServing[];
  /** In trace order: the assignment checker's double-assignment violations. */
  doubleAssignments: DoubleAssignment[];
  /** The end of what the trace observed: its last event's time. */
  end: number;
}

export function deriveServing(trace: readonly TraceEvent[]): Serving {
  const derivation = new ServingDerivation();
  trace.forEach((event, index) => derivation.apply(event, index));
  return derivation.finish(trace.at(-1)?.time ?? 0);
}

interface RegionTrack {
  row: RegionServing;
  /** Server → its tenure in force. */
  serving: Map<ServerName, Tenure>;
  /** Fenced servers that have not yet learned it. */
  believing: Map<ServerName, Tenure>;
  pending: { violation: DoubleAssignment; opened: Tenure; others: Tenure[] }[];
}

class ServingDerivation {
  readonly #regions = new Map<EncodedRegionName, RegionTrack>();
  readonly #violations: DoubleAssignment[] = [];
  readonly #processOf = new Map<ServerName, string>();
  readonly #pausedSince = new Map<string, number>();
  readonly #pauses = new Map<string, Interval[]>();
  /** Servers whose WALs were fenced: whatever they open afterwards they cannot acknowledge a write for. */
  readonly #fenced = new Set<ServerName>();

  apply(event: TraceEvent, index: number): void {
    switch (event.type) {
      case 'region.opened':
        return this.#open(this.#track(event.region, event.table, event.time), event.server, event.time, index);
      case 'region.closed':
        return this.#close(this.#track(event.region, event.table, event.time), event.server, event.time);
      case 'am.transition':
        return this.#view(this.#track(event.region, undefined, event.time), event.state, event.server, event.time);
      case 'rs.online':
      case 'master.active':
      case 'master.backup':
      case 'master.initialized':
      case 'master.aborted':
        this.#processOf.set(event.server, event.process);
        return;
      case 'rs.aborted': {
        this.#processOf.set(event.server, event.process);
        const server = event.server;
        return this.#endServer((s) => s === server, event.time, 'aborted');
      }
      case 'master.serverFenced': {
        const server = event.server;
        this.#fenced.add(server);
        return this.#endServer((s) => s === server, event.time, 'fenced');
      }
      case 'process.crash':
      case 'process.exit': {
        const process = event.process;
        this.#unpause(process, event.time);
        return this.#endServer((s) => this.#process(s) === process, event.time, event.type === 'process.crash' ? 'crashed' : 'exited');
      }
      case 'process.pause':
        if (!this.#pausedSince.has(event.process)) this.#pausedSince.set(event.process, event.time);
        return;
      case 'process.resume':
        return this.#unpause(event.process, event.time);
    }
  }

  finish(end: number): Serving {
    for (const process of [...this.#pausedSince.keys()]) this.#unpause(process, end);
    const regions: RegionServing[] = [];
    for (const track of this.#regions.values()) {
      for (const tenure of track.serving.values()) tenure.to = end;
      for (const tenure of track.believing.values()) tenure.believedUntil = end;
      const lastView = track.row.views.at(-1);
      if (lastView !== undefined) lastView.to = end;
      for (const { violation, opened, others } of track.pending) {
        track.row.overlaps.push({ from: violation.time, to: Math.min(opened.to, Math.max(...others.map((t) => t.to))), violation });
      }
      measureAvailability(track.row, this.#pauses, end);
      regions.push(track.row);
    }
    return { regions, doubleAssignments: this.#violations, end };
  }

  #track(region: EncodedRegionName, table: string | undefined, time: number): RegionTrack {
    let track = this.#regions.get(region);
    if (track === undefined) {
      const row: RegionServing = { region, table: table ?? '', tenures: [], views: [], firstSeen: time, firstOpened: undefined, overlaps: [], gaps: [], unavailableMs: 0, closedByRequest: [], frozen: [] };
      track = { row, serving: new Map(), believing: new Map(), pending: [] };
      this.#regions.set(region, track);
    } else if (track.row.table === '' && table !== undefined) track.row.table = table;
    return track;
  }

  #process(server: ServerName): string {
    return this.#processOf.get(server) ?? processOfServer(server);
  }

  #open(track: RegionTrack, server: ServerName, time: number, index: number): void {
    if (track.serving.has(server)) return;
    const belief = track.believing.get(server);
    if (belief !== undefined) {
      belief.believedUntil = time;
      track.believing.delete(server);
    }
    const tenure: Tenure = { server, process: this.#process(server), from: time, to: time, end: 'trace end', openedIndex: index };
    // A zombie finishing an open after its fencing (its OPENED acknowledgement read late, from a backlog) only
    // believes it serves: it can acknowledge no write for the region.
    if (this.#fenced.has(server)) {
      tenure.end = 'fenced';
      track.believing.set(server, tenure);
      track.row.tenures.push(tenure);
      return;
    }
    const others = [...track.serving.values()];
    if (others.length > 0) {
      const region = track.row.region;
      const violation: DoubleAssignment = {
        kind: 'double-assignment',
        time,
        region,
        servers: [...others.map((t) => t.server), server].sort(),
        message: `region ${region} opened on ${server} while still served by ${others.map((t) => t.server).join(', ')}`,
        traceIndices: [...others.map((t) => t.openedIndex), index],
      };
      this.#violations.push(violation);
      track.pending.push({ violation, opened: tenure, others });
    }
    track.serving.set(server, tenure);
    track.row.tenures.push(tenure);
    track.row.firstOpened ??= time;
  }

  #close(track: RegionTrack, server: ServerName, time: number): void {
    const tenure = track.serving.get(server);
    if (tenure !== undefined) {
      this.#end(track, tenure, time, 'closed');
      return;
    }
    const belief = track.believing.get(server);
    if (belief === undefined) return;
    belief.believedUntil = time;
    track.believing.delete(server);
  }

  #end(track: RegionTrack, tenure: Tenure, time: number, how: TenureEnd): void {
    tenure.to = time;
    tenure.end = how;
    track.serving.delete(tenure.server);
    if (how === 'fenced') track.believing.set(tenure.server, tenure);
  }

  /** Every tenure of the matching servers ends; a server that dies or aborts also stops believing. */
  #endServer(matches: (server: ServerName) => boolean, time: number, how: TenureEnd): void {
    for (const track of this.#regions.values()) {
      for (const tenure of [...track.serving.values()]) if (matches(tenure.server)) this.#end(track, tenure, time, how);
      if (how === 'fenced') continue;
      for (const belief of [...track.believing.values()]) {
        if (!matches(belief.server)) continue;
        belief.believedUntil = time;
        track.believing.delete(belief.server);
      }
    }
  }

  #view(track: RegionTrack, state: RegionState, server: ServerName | null, time: number): void {
    const views = track.row.views;
    const previous = views.at(-1);
    if (previous !== undefined) previous.to = time;
    views.push({ from: time, to: time, state, server });
  }

  #unpause(process: string, time: number): void {
    const since = this.#pausedSince.get(process);
    if (since === undefined) return;
    this.#pausedSince.delete(process);
    const list = this.#pauses.get(process) ?? [];
    list.push({ from: since, to: time });
    this.#pauses.set(process, list);
  }
}
