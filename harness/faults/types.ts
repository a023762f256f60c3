/**
 * Fault schedules as data (DESIGN.md §3). The harness owns the mechanics and knows nothing of HBase: a fault's
 * target is a process id ("rs-3") or a role the system publishes ("role:active-master"), resolved when the
 * fault fires. A resolved schedule (every role replaced by the process it hit) replays a run exactly.
 */
import type { ProcessId } from '../scheduler.ts';

/**
 * A process id; `role:<name>`, one process holding the role when the fault fires (`role:self` in a trigger: the
 * process that reached the failpoint); or, in a list of targets only (a partition's groups, a one-way
 * partition's from/to), `all:<name>`: every process holding the role when the fault fires.
 */
export type FaultTarget = string;

export type FaultSpec =
  /** Kill the process; restart it (a new incarnation from durable state) after `restartAfterMs`, or never (null). */
  | { kind: 'crash'; target: FaultTarget; restartAfterMs: number | null }
  /** Freeze the process (a long GC pause) for `durationMs`. */
  | { kind: 'pause'; target: FaultTarget; durationMs: number }
  /** Groups that cannot reach each other (both ways) for `durationMs`. */
  | { kind: 'partition'; groups: FaultTarget[][]; durationMs: number }
  /** Messages from `from` to `to` are lost (one way) for `durationMs`. */
  | { kind: 'partition-one-way'; from: FaultTarget[]; to: FaultTarget[]; durationMs: number }
  /** The process's clock jumps to `skewMs` off virtual time (until the quiet phase). */
  | { kind: 'clock-skew'; target: FaultTarget; skewMs: number }
  /** The coordination service expires the process's session (it lives on as a zombie until it learns). */
  | { kind: 'session-expiry'; target: FaultTarget }
  /** The process's disk syncs fail: `times` consecutive failures, or until the file it writes is rolled/closed. */
  | { kind: 'sync-failure'; target: FaultTarget; times: number | 'until-roll' }
  /** Bring a dead process back (one that crashed with no restart, or aborted itself); skipped if it is up. */
  | { kind: 'restart'; target: FaultTarget };

export type FaultKind = FaultSpec['kind'];

/**
 * What each role named in a fault resolved to when it fired (`role:active-master` → `master-2`,
 * `all:any-rs` → `[rs-1, rs-3]`). Written into a resolved schedule beside the concrete fault it produced, so
 * that the trace of a replay, which echoes it, matches the original byte for byte. Informational: replay never
 * resolves roles again.
 */
export type ResolvedRoles = Record<string, ProcessId | ProcessId[]>;

export interface TimedFault {
  /** Virtual ms; before the quiet phase. */
  at: number;
  fault: FaultSpec;
  roles?: ResolvedRoles;
}

/** Fires once, the `occurrence`-th time (1-based) the system passes failpoint `on` with matching detail fields. */
export interface TriggeredFault {
  on: string;
  where?: Record<string, string | number | boolean>;
  occurrence: number;
  /** `role:self` targets the process that reached the failpoint. */
  fault: FaultSpec;
  roles?: ResolvedRoles;
}

export interface FaultSchedule {
  version: 1;
  /** The features a swarm profile kept for this schedule (harness/faults/swarm.ts). A record of how the
   *  schedule was drawn: a replay follows the faults and triggers and reads nothing here. */
  swarm?: string[];
  faults: TimedFault[];
  triggers: TriggeredFault[];
  /** From here on no fault fires; partitions heal, pauses end, skews reset, sync faults clear, the dead restart. */
  quietAtMs: number;
}

/** What the system under test lends the fault injector. Implemented by system/, consumed by harness/faults. */
export interface FaultTargets {
  /** Every process a fault may name explicitly. */
  processes(): ProcessId[];
  /** Every role name (without the `role:` prefix) the system can resolve. */
  roles(): string[];
  /** The processes that hold a role right now (possibly none). */
  resolve(role: string): ProcessId[];
  /** Expire the process's coordination-service session; false if it has none. */
  expireSession(process: ProcessId): boolean;
  /** Make the process's disk syncs fail; returns a handle for `clearSyncFailures`. */
  failSyncs(process: ProcessId, times: number | 'until-roll'): number;
  clearSyncFailures(): void;
  /** Bring a crashed process back (a new incarnation). */
  restart(process: ProcessId): void;
}
