/**
 * RegionStateNode: the master's in-memory state of one region (HBASE.md §4). Transitions are checked against
 * HBase's allowed predecessors; an unexpected one is a bug in the model, thrown as UnexpectedStateException.
 */
import type { RegionInfo } from '../../hbase/region-info.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import type { AmV2RegionState as RegionState } from '../../../schema/events/procedure.ts';

/** The trace reports it (am.transition), so the vocabulary declares it. */
export type { RegionState };

/** Allowed predecessor states per target state; `null` means "from any state". */
const ALLOWED_FROM: Record<RegionState, readonly RegionState[] | null> = {
  OPENING: null, // SCP does not reset the state first
  OPEN: ['OPENING', 'OPEN'],
  CLOSING: ['OPEN', 'CLOSING'],
  CLOSED: ['CLOSING', 'CLOSED'],
  ABNORMALLY_CLOSED: null,
  FAILED_OPEN: null,
  OFFLINE: null,
};

/** procedureId of a region held for a TRSP that has no id yet. */
const RESERVED = -1;

export class UnexpectedStateException extends Error {
  override name = 'UnexpectedStateException';
}

export class RegionStateNode {
  state: RegionState = 'OFFLINE';
  /** Where the region is (or is going); null when closed. */
  regionLocation: ServerName | null = null;
  lastHost: ServerName | null = null;
  openSeqNum = -1;
  /** The TransitRegionStateProcedure holding this region, if any (one at a time). */
  procedureId: number | null = null;
  /** Holders waiting for the node's lock; the head holds it. */
  readonly #lockQueue: Array<(release: () => void) => void> = [];

  constructor(readonly region: RegionInfo) {}

  /**
   * The RegionStateNode lock, asynchronous: a state change and its meta write happen under it, and a
   * ServerCrashProcedure takes it before judging the region — so it never acts on a transition half-written
   * (HBase holds regionNode.lock() across the same work). Not reentrant; `release` must be called once.
   */
  withLock(task: (release: () => void) => void): void {
    this.#lockQueue.push(task);
    if (this.#lockQueue.length === 1) this.#runHead();
  }

  #runHead(): void {
    const head = this.#lockQueue[0];
    if (head === undefined) return;
    let released = false;
    head(() => {
      if (released) throw new Error(`region ${this.encodedName}: lock released twice`);
      released = true;
      this.#lockQueue.shift();
      this.#runHead();
    });
  }

  /** Holders queued behind the one holding the lock. */
  get lockWaiters(): number {
    return Math.max(0, this.#lockQueue.length - 1);
  }

  get encodedName(): string {
    return this.region.encodedName;
  }

  /**
   * Hold the region for a TransitRegionStateProcedure being created as a child, whose id is not known until its
   * parent's step ends: no other TRSP may take it meanwhile, and the procedure records its id when it first runs.
   */
  reserveForProcedure(): void {
    this.procedureId = RESERVED;
  }

  /**
   * setProcedure: a TRSP submitted on its own holds the region from its submission (HBase sets it under the
   * region lock in createMoveRegionProcedure and kin), so a ServerCrashProcedure that judges the region before
   * the TRSP first runs hands the crash to it instead of assigning the region a second time.
   */
  setProcedure(procId: number): void {
    this.procedureId = procId;
  }

  transitionState(to: RegionState): void {
    const allowed = ALLOWED_FROM[to];
    if (allowed !== null && !allowed.includes(this.state)) {
      throw new UnexpectedStateException(`region ${this.encodedName}: ${this.state} → ${to} is not allowed (expected one of ${allowed.join(', ')})`);
    }
    this.state = to;
  }

  isInState(...states: RegionState[]): boolean {
    return states.includes(this.state);
  }

  toString(): string {
    return `rit=${this.state}, location=${this.regionLocation ?? 'null'}, region=${this.encodedName}`;
  }
}
