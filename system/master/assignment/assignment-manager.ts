/**
 * AssignmentManager (AMv2): owns the RegionStateNodes, accepts RegionServers' transition reports, rebuilds
 * region states from hbase:meta when a master takes over (joinCluster), and chooses where regions go.
 */
import type { RandomStream } from '../../../harness/random.ts';
import { balancePlans, pickLeastLoaded, type RegionPlan } from '../load-balance.ts';
import { failure, type ErrorResponse } from '../../hbase/exceptions.ts';
import { META_REGION, type RegionInfo } from '../../hbase/region-info.ts';
import type { MetaRegionRow, ReportTransitionRequest, TableState } from '../../hbase/protocol.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import type { MasterProcedureEnv } from '../master-env.ts';
import type { Procedure } from '../procedure/procedure.ts';
import type { RegionState, RegionStateNode } from './region-state-node.ts';
import { RegionStates } from './region-states.ts';
import { TransitRegionStateProcedure } from './transit-region-state-procedure.ts';

export class AssignmentManager {
  readonly regionStates = new RegionStates();
  #metaLoaded = false;
  #waitingForMeta: Procedure<MasterProcedureEnv>[] = [];

  constructor(private readonly balancerRandom: RandomStream) {}

  /** AssignmentManager.stop: the region states are dropped (only ever before the executor with HBASE-24117 planted). */
  stop(): void {
    this.regionStates.clear();
  }

  get metaLoaded(): boolean {
    return this.#metaLoaded;
  }

  /**
   * reportRegionStateTransition (HBASE.md §4), as AssignmentManager.updateRegionTransition → TRSP.reportTransition
   * → RegionRemoteProcedureBase.reportTransition judge it: refused ("You are dead") from a server that is not
   * ONLINE (HBASE-21508); PleaseHold until meta is loaded; an UnexpectedStateException — which the RegionServer
   * takes as fatal — for a region the master does not know, a sender that is not the target, or a code the
   * procedure cannot take. A report for a region with no procedure, or for another procedure than the one
   * attached, is acknowledged and ignored as a retry, as is a re-sent report of a transition already taken.
   */
  reportTransition(env: MasterProcedureEnv, report: ReportTransitionRequest, reply: (response: { ok: true } | ErrorResponse) => void): void {
    if (!env.servers.isOnline(report.server)) return reply(failure('YouAreDeadException', `You are dead: ${report.server}`));
    if (!this.#metaLoaded && report.region !== META_REGION.encodedName) return reply(failure('PleaseHoldException', 'Master is initializing'));
    const node = this.regionStates.get(report.region);
    if (node === undefined) return reply(unexpected(`${report.server} was trying to transition ${report.region} to ${report.code}, but the region is not known`));
    const trsp = node.procedureId === null ? undefined : env.executor.get(node.procedureId);
    const remote = trsp instanceof TransitRegionStateProcedure ? trsp.attachedRemote(env) : undefined;
    if (remote === undefined || remote.procId !== report.procId) return reply({ ok: true }); // "should be a retry, ignore"
    if (remote.remoteState === 'REGION_REMOTE_PROCEDURE_REPORT_SUCCEED') return remote.whenReportDurable(() => reply({ ok: true }));
    if (remote.target !== report.server) return reply(unexpected(`received report from ${report.server}, expected ${remote.target}, ${report.region}`));
    if (!remote.accepts(report.code) || (report.code === 'OPENED' && report.openSeqNum < 0)) {
      return reply(unexpected(`received report unexpected ${report.code} transition openSeqNum=${report.openSeqNum}, ${report.region}, ${remote.type}`));
    }
    remote.reportTransition(env, report.code, report.openSeqNum, () => reply({ ok: true }));
  }

  /**
   * joinCluster: region and table states from hbase:meta rows; meta's own node comes from ZooKeeper. A region
   * whose loaded TRSP has a reported remote procedure takes that report's outcome (visitRegionState →
   * stateLoaded), since meta may not have been written before the old master died.
   */
  loadFromMeta(env: MasterProcedureEnv, regionRows: readonly MetaRegionRow[], tableStates: ReadonlyArray<[string, TableState]>): void {
    for (const [table, state] of tableStates) this.regionStates.setTableState(table, state);
    for (const row of regionRows) {
      // Every node takes meta's state, also one a loaded TRSP owns: the TRSP wrote that state before its step's
      // outcome was persisted, so the two agree (visitRegionState).
      const node = this.regionStates.getOrCreate(row.region);
      node.state = row.state as RegionState;
      // info:server stays in place when a region leaves OPEN, which is where lastHost comes from.
      node.regionLocation = row.state === 'OPEN' ? row.server : row.sn;
      node.lastHost = row.server;
      node.openSeqNum = row.seqNum;
      this.#stateLoaded(env, node);
    }
  }

  /** Meta's own state, from /hbase/meta-region-server (and its loaded TRSP's report, as for any region). */
  setMetaLocation(env: MasterProcedureEnv, state: RegionState, server: ServerName | null): void {
    const node = this.regionStates.getOrCreate(META_REGION);
    node.state = state;
    node.regionLocation = server;
    node.lastHost = server;
    this.#stateLoaded(env, node);
  }

  #stateLoaded(env: MasterProcedureEnv, node: RegionStateNode): void {
    const holder = node.procedureId === null ? undefined : env.executor.get(node.procedureId);
    if (holder instanceof TransitRegionStateProcedure) holder.attachedRemote(env)?.stateLoaded(env, node);
  }

  /** setupRIT: every unfinished TRSP loaded from the store re-attaches to its region. */
  setupRIT(procedures: readonly { procId: number }[]): void {
    for (const p of procedures) {
      if (p instanceof TransitRegionStateProcedure) this.regionStates.getOrCreate(p.region).procedureId = p.procId;
    }
  }

  waitMetaLoaded(procedure: Procedure<MasterProcedureEnv>): void {
    if (!this.#waitingForMeta.includes(procedure)) this.#waitingForMeta.push(procedure);
  }

  /** wakeMetaLoadedEvent: procedures parked on meta run now. */
  wakeMetaLoaded(env: MasterProcedureEnv): void {
    this.#metaLoaded = true;
    const waiting = this.#waitingForMeta;
    this.#waitingForMeta = [];
    for (const p of waiting) env.executor.wake(p);
  }

  /** processOfflineRegions: regions of enabled tables that are closed and owned by nobody get assigned. */
  offlineRegionsToAssign(): RegionInfo[] {
    return this.regionStates
      .all()
      .filter((n) => n.encodedName !== META_REGION.encodedName && n.procedureId === null)
      .filter((n) => n.isInState('OFFLINE', 'CLOSED', 'FAILED_OPEN') && this.regionStates.tableState(n.region.table) === 'ENABLED')
      .map((n) => n.region);
  }

  /** The balancer's choice: the least-loaded assignable server, ties broken by the seeded stream. */
  pickServer(servers: readonly ServerName[], exclude: ServerName | null): ServerName | null {
    return pickLeastLoaded(servers, exclude, (s) => this.#loadBy(s), this.balancerRandom);
  }

  /** A simple balancer: move regions from the most to the least loaded server until they differ by at most one. */
  balancePlans(servers: readonly ServerName[]): RegionPlan[] {
    return balancePlans(servers, (s) => this.#loadBy(s), (server, planned) =>
      this.regionStates
        .onServer(server)
        // getAssignmentsForBalancer leaves out the regions of disabled and disabling tables.
        .find((n) => n.state === 'OPEN' && n.procedureId === null && n.encodedName !== META_REGION.encodedName && this.regionStates.tableState(n.region.table) === 'ENABLED' && !planned.some((p) => p.region.encodedName === n.encodedName))?.region,
    );
  }

  #loadBy(servers: readonly ServerName[]): Map<ServerName, number> {
    const load = new Map<ServerName, number>(servers.map((s) => [s, 0]));
    for (const node of this.regionStates.all()) {
      if (node.regionLocation !== null && load.has(node.regionLocation)) load.set(node.regionLocation, (load.get(node.regionLocation) ?? 0) + 1);
    }
    return load;
  }
}

/** AssignmentManager.reportRegionStateTransition answers a failed transition with an error message. */
function unexpected(message: string): ErrorResponse {
  return failure('UnexpectedStateException', `Failed transition ${message}`);
}
