/**
 * RegionStates of HBase 1.1 (ZooKeeper era): each region's RegionState {state, server} and whether it is in
 * transition. A region is in transition from any updateRegionState until regionOnline or regionOffline takes
 * it out — so a region already OPEN whose OPENED znode is not yet deleted still counts as in transition, and
 * an unassign of it waits (AssignmentManager.unassign: "already in transition").
 *
 * Every change is traced as `am.transition` (what the assignment checker reads of the master's view); with
 * ZooKeeper assignment the RegionStateStore persists none of it (region-state-store.ts).
 */
import type { SystemTracer } from '../../../schema/trace.ts';
import type { TableState } from '../../hbase/protocol.ts';
import { META_REGION, type RegionInfo } from '../../hbase/region-info.ts';
import type { ServerName } from '../../hbase/server-name.ts';

/** RegionState.State as 1.1's ZooKeeper-based AssignmentManager uses it. */
export type ZkRegionState = 'OFFLINE' | 'PENDING_OPEN' | 'OPENING' | 'OPEN' | 'PENDING_CLOSE' | 'CLOSING' | 'CLOSED' | 'FAILED_OPEN' | 'FAILED_CLOSE';

export interface RegionState {
  readonly region: RegionInfo;
  state: ZkRegionState;
  /** Where it is, or is going (PENDING_OPEN/OPENING), or is closing on. */
  server: ServerName | null;
  /** The server meta last named for it (info:server; serverHoldings / oldAssignments), written back to meta. */
  lastHost: ServerName | null;
  /**
   * RegionStates.lastAssignments: where the master last had it OPEN — only an OPEN row of meta or a regionOnline
   * sets it. wasRegionOnDeadServer reads it.
   */
  lastAssignment: ServerName | null;
  inTransition: boolean;
}

export type StatePersister = (state: RegionState, done: () => void) => void;

export class RegionStates {
  readonly #regions = new Map<string, RegionState>();
  readonly #tables = new Map<string, TableState>();

  constructor(
    private readonly trace: SystemTracer,
    /** RegionStateStore.updateRegionState; calls back once durable. */
    private readonly persist: StatePersister,
  ) {}

  /** createRegionState: a region known from meta (or just created), not in transition. */
  createRegionState(region: RegionInfo, state: ZkRegionState, server: ServerName | null, lastHost: ServerName | null): RegionState {
    const rs: RegionState = { region, state, server, lastHost, lastAssignment: state === 'OPEN' ? server : null, inTransition: false };
    this.#regions.set(region.encodedName, rs);
    return rs;
  }

  get(encodedName: string): RegionState | undefined {
    return this.#regions.get(encodedName);
  }

  getOrCreate(region: RegionInfo): RegionState {
    return this.#regions.get(region.encodedName) ?? this.createRegionState(region, 'OFFLINE', null, null);
  }

  /** Sorted by table, then start key: a seed-independent order. */
  all(): RegionState[] {
    return [...this.#regions.values()].sort((a, b) => (a.region.table < b.region.table ? -1 : a.region.table > b.region.table ? 1 : a.region.startKey < b.region.startKey ? -1 : a.region.startKey > b.region.startKey ? 1 : 0));
  }

  ofTable(table: string): RegionState[] {
    return this.all().filter((r) => r.region.table === table);
  }

  /** getServerRegions: regions open on `server` (not in transition). */
  onServer(server: ServerName): RegionState[] {
    return this.all().filter((r) => r.server === server && r.state === 'OPEN');
  }

  inTransition(): RegionState[] {
    return this.all().filter((r) => r.inTransition);
  }

  tableState(table: string): TableState | undefined {
    return this.#tables.get(table);
  }

  setTableState(table: string, state: TableState): void {
    this.#tables.set(table, state);
  }

  tables(): string[] {
    return [...this.#tables.keys()].sort();
  }

  isTableDisabledOrDisabling(table: string): boolean {
    const state = this.#tables.get(table);
    return state === 'DISABLED' || state === 'DISABLING';
  }

  /**
   * updateRegionState: now in transition in `state` on `server`; `done` once persisted. As 1.1's RegionStates:
   * CLOSED on the last assigned server clears the last assignment (closed properly: no log split to wait for, so
   * wasRegionOnDeadServer no longer holds the region back — zk-assign seed 4: a region moved off a server that
   * later died stayed unassigned), and OPEN records it at once.
   */
  updateRegionState(region: RegionInfo, state: ZkRegionState, server: ServerName | null, done: () => void = () => {}): RegionState {
    const rs = this.getOrCreate(region);
    rs.state = state;
    rs.server = server;
    rs.inTransition = true;
    if (state === 'CLOSED' && server !== null && rs.lastAssignment === server) rs.lastAssignment = null;
    if (state === 'OPEN' && server !== null) rs.lastAssignment = server;
    this.#changed(rs, done);
    return rs;
  }

  /** regionOnline: OPEN on `server`, out of transition. */
  regionOnline(region: RegionInfo, server: ServerName, done: () => void = () => {}): void {
    const rs = this.getOrCreate(region);
    rs.state = 'OPEN';
    rs.server = server;
    rs.lastHost = server;
    rs.lastAssignment = server;
    rs.inTransition = false;
    this.#changed(rs, done);
  }

  /** regionOffline: OFFLINE, out of transition (a disabled table's region, or one left for a ServerShutdownHandler). */
  regionOffline(region: RegionInfo, done: () => void = () => {}): void {
    const rs = this.getOrCreate(region);
    if (rs.state === 'OPEN' && rs.server !== null) rs.lastHost = rs.server;
    rs.state = 'OFFLINE';
    rs.server = null;
    rs.inTransition = false;
    this.#changed(rs, done);
  }

  get meta(): RegionState {
    return this.getOrCreate(META_REGION);
  }

  #changed(rs: RegionState, done: () => void): void {
    // The schema's RegionState names AMv2's states; PENDING_* and FAILED_CLOSE are the ZooKeeper era's additions.
    this.trace.emit('am.transition', { region: rs.region.encodedName, state: rs.state, server: rs.server });
    this.persist(rs, done);
  }
}
