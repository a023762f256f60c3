/**
 * RegionStateNode: the master's in-memory state of one region (HBASE.md §4). Transitions are checked against
 * HBase's allowed predecessors; an unexpected one is a bug in the model, thrown as UnexpectedStateException.
 */
import type { RegionInfo } from '../../hbase/region-info.ts';
import type { ServerName } from '../../hbase/server-name.ts';

export type RegionState = 'OFFLINE' | 'OPENING' | 'OPEN' | 'CLOSING' | 'CLOSED' | 'FAILED_OPEN' | 'ABNORMALLY_CLOSED';

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

  constructor(readonly region: RegionInfo) {}

  get encodedName(): string {
    return this.region.encodedName;
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
