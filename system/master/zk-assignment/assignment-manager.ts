/**
 * AssignmentManager of HBase 1.1 (ZooKeeper era; HBASE.md §5, §5.1). Regions in transition live in ZooKeeper
 * (zk-assign.ts); the master writes OFFLINE and CLOSING, RegionServers move the znode on, and the master reacts
 * to what it sees (nodeDataChanged / nodeDeleted → handleRegion → OpenedRegionHandler / ClosedRegionHandler).
 *
 *   assign:   createOrForceNodeOffline (every RegionServer holding an older version loses its next CAS), the
 *             region PENDING_OPEN (persisted) before sendRegionOpen; a failed send is retried on the same
 *             server when it may have arrived, on a new plan when it cannot have; after
 *             hbase.assignment.maximum.attempts the region is FAILED_OPEN (no TimeoutMonitor since HBASE-11047).
 *   unassign: a CLOSING znode, PENDING_CLOSE (persisted), sendRegionClose; a server not online or not serving
 *             it → the znode deleted and the region offline.
 *
 * Master failover (joinCluster → processDeadServersAndRegionsInTransition → processRegionInTransition) lives in
 * failover.ts; dead servers in server-shutdown-handler.ts.
 */
import { zkStep } from './zk-step.ts';
import type { ZkEvent } from '../../hbase/ports.ts';
import { META_REGION, type RegionInfo } from '../../hbase/region-info.ts';
import type { OpenRegionRequest, OpenRegionResponse, CloseRegionRequest, AdminResponse } from '../../hbase/protocol.ts';
import { SERVICE } from '../../hbase/protocol.ts';
import { processOf, type ServerName } from '../../hbase/server-name.ts';
import { createNodeClosing, createOrForceNodeOffline, deleteClosingOrClosedNode, deleteNode, readTransition, ritZNode, type RegionTransition } from '../../hbase/zk-assign.ts';
import type { HMaster } from '../hmaster.ts';
import type { ServerManager } from '../server-manager.ts';
import type { RandomStream } from '../../../harness/random.ts';
import { balancePlans, pickLeastLoaded, type RegionPlan } from '../load-balance.ts';
import { RegionStates, type RegionState } from './region-states.ts';
import { RegionStateStore } from './region-state-store.ts';

/** hbase.assignment.maximum.attempts */
export const MAXIMUM_ATTEMPTS = 10;
/** The sleep between attempts on the same server (RegionAlreadyInTransition, ServerNotRunningYet): 100 ms. */
const SAME_SERVER_SLEEP_MS = 100;
/**
 * How long assign keeps re-sending an open to the same server (RegionAlreadyInTransition, ServerNotRunningYet):
 * hbase.assignment.already.intransition.waittime and hbase.regionserver.rpc.startup.waittime, 60 s in 1.1, scaled
 * as the scenarios scale the ZooKeeper session (6 s for 90 s).
 */
const SAME_SERVER_MAX_MS = 4_000;
/**
 * How long unassign keeps re-sending a close answered RegionAlreadyInTransition: the same key, left at 1.1's
 * unscaled 60 s. The close of a cancelled open waits for that open to notice, which can take a whole ZooKeeper
 * retry cycle (failover seed 75966636 with --assignment zk); the scaled 4 s has not been swept here.
 */
const ALREADY_IN_TRANSITION_WAIT_MS = 60_000;

export class AssignmentManager {
  readonly regionStates: RegionStates;
  readonly store: RegionStateStore;
  /** failoverCleanupDone (HBASE-6381): until the regions in transition are processed, no ServerShutdownHandler runs. */
  failoverCleanupDone = false;
  /** regionPlans: where a region goes once closed (a move, a balancer plan). */
  readonly #plans = new Map<string, ServerName>();
  /** The current assign or unassign of each region: a callback of an older one finds it superseded. */
  readonly #generation = new Map<string, number>();
  #nextGeneration = 1;
  /** failedOpenTracker: FAILED_OPEN reports per region, up to MAXIMUM_ATTEMPTS. */
  readonly #failedOpens = new Map<string, number>();
  /** Regions whose unassign is creating their CLOSING znode (the region's lock, in 1.1). */
  readonly #creatingClosing = new Set<string>();
  /** Regions whose plan is a retained assignment (retainAssignment). */
  readonly #retained = new Set<string>();
  /** RIT znodes with a data watch set (the znode's watch is one-shot: re-armed by every read). */
  readonly #watched = new Set<string>();

  constructor(
    private readonly master: HMaster,
    readonly serverManager: ServerManager,
    private readonly balancerRandom: RandomStream,
  ) {
    this.store = new RegionStateStore(master.ctx, master.deps.network, master.zk, master.config, () => this.#metaServer(), (reason) => master.abort(reason));
    this.regionStates = new RegionStates(master.trace, (state, done) => this.store.updateRegionState(state, done));
  }

  get #parent(): string {
    return this.master.layout.znode.regionInTransition;
  }

  #metaServer(): ServerName | null {
    const meta = this.regionStates.meta;
    return meta.state === 'OPEN' && meta.server !== null ? meta.server : null;
  }

  /** ZooKeeperListener: watch the RIT parent's children (nodeChildrenChanged) and each child's data. */
  watchRegionsInTransition(then: (children: string[]) => void = () => {}): void {
    this.master.zk.getChildren(this.#parent, true, (r) => {
      if (r.code !== 'ok') return void this.master.ctx.setTimer(200, () => this.watchRegionsInTransition(then));
      const children = r.value ?? [];
      then(children);
    });
  }

  /** The master's ZooKeeper events: RIT children added, a RIT znode changed or deleted. */
  onZkEvent(event: ZkEvent): void {
    if (!('path' in event)) return;
    if (event.path === this.#parent && event.type === 'NodeChildrenChanged') return this.watchRegionsInTransition((children) => this.#watchNew(children));
    if (!event.path.startsWith(`${this.#parent}/`)) return;
    const encoded = event.path.slice(this.#parent.length + 1);
    this.#watched.delete(encoded);
    if (event.type === 'NodeDeleted') return this.#nodeDeleted(encoded);
    if (event.type === 'NodeDataChanged' || event.type === 'NodeCreated') this.handleAssignmentEvent(encoded);
  }

  #watchNew(children: readonly string[]): void {
    for (const encoded of children) if (!this.#watched.has(encoded)) this.handleAssignmentEvent(encoded);
  }

  /** handleAssignmentEvent: read the znode with a watch, then handleRegion. */
  handleAssignmentEvent(encoded: string): void {
    this.#watched.add(encoded);
    readTransition(this.master.zk, ritZNode(this.#parent, encoded), true, (vt, code) => {
      if (code !== 'ok' && code !== 'NoNode') this.#watched.delete(encoded);
      if (vt !== null) this.handleRegion(vt.rt, vt.version);
    });
  }

  /**
   * handleRegion: what a RegionServer's transition means. Events from servers not online are dropped, except
   * CLOSED and FAILED_OPEN. OPENING/OPENED count only from the server the region is PENDING_OPEN/OPENING on;
   * OPENED from another server is closed there without touching the region's state (HBASE-5546).
   */
  handleRegion(rt: RegionTransition, version: number): void {
    const sn = rt.serverName;
    const state = this.regionStates.get(rt.regionName);
    if (!this.serverManager.isOnline(sn) && rt.eventType !== 'RS_ZK_REGION_CLOSED' && rt.eventType !== 'RS_ZK_REGION_FAILED_OPEN') return;
    if (state === undefined) return;
    // During a failover, a znode the previous master left is processRegionInTransition's to read (it re-reads
    // with a watch): handled here first, an OPENED for a region the rebuild took offline (or open on its old host)
    // is closed as a stray, and processRegionInTransition then takes the same OPENED for open — the region served
    // nowhere (zk-assign seed 1128, failover seed 41146 with --assignment zk). 1.1's handleRegion does not wait so;
    // the model is safer here (README).
    if (!this.failoverCleanupDone && !state.inTransition) return;
    const openingOnSn = state.inTransition && (state.state === 'PENDING_OPEN' || state.state === 'OPENING') && state.server === sn;
    const closingOnSn = state.inTransition && (state.state === 'PENDING_CLOSE' || state.state === 'CLOSING') && state.server === sn;
    switch (rt.eventType) {
      case 'RS_ZK_REGION_OPENING':
        if (openingOnSn && state.state !== 'OPENING') this.regionStates.updateRegionState(state.region, 'OPENING', sn);
        return;
      case 'RS_ZK_REGION_OPENED':
        // Read again (a second watch event, a late read): the handler runs once the znode is gone.
        if (state.state === 'OPEN' && state.server === sn) return state.inTransition ? this.#openedRegionHandler(state.region, sn, version) : undefined;
        if (!openingOnSn) return this.#closeStray(state.region, sn);
        this.regionStates.updateRegionState(state.region, 'OPEN', sn);
        return this.#openedRegionHandler(state.region, sn, version);
      case 'RS_ZK_REGION_FAILED_OPEN': {
        if (!openingOnSn) return;
        const failures = (this.#failedOpens.get(rt.regionName) ?? 0) + 1;
        this.#failedOpens.set(rt.regionName, failures);
        if (failures >= MAXIMUM_ATTEMPTS) return void this.regionStates.updateRegionState(state.region, 'FAILED_OPEN', sn);
        this.regionStates.updateRegionState(state.region, 'CLOSED', sn);
        return this.assign(state.region, true, sn);
      }
      case 'RS_ZK_REGION_CLOSED':
        if (!closingOnSn) return;
        this.regionStates.updateRegionState(state.region, 'CLOSED', sn);
        return this.closedRegionHandler(state.region);
      case 'M_ZK_REGION_CLOSING':
      case 'M_ZK_REGION_OFFLINE':
        return;
    }
  }

  /** OpenedRegionHandler.process: delete the znode iff it is OPENED at the version seen, then the region is online. */
  #openedRegionHandler(region: RegionInfo, sn: ServerName, version: number): void {
    zkStep(this.master, 'openedRegionHandler', { table: region.table, region: region.encodedName, server: sn });
    deleteNode(this.master.zk, this.#parent, region.encodedName, 'RS_ZK_REGION_OPENED', version, (deleted) => {
      if (!deleted) return;
      this.#regionOnline(region, sn);
    });
  }

  /** nodeDeleted: a region OPEN in transition whose OPENED znode is gone is online now. */
  #nodeDeleted(encoded: string): void {
    const state = this.regionStates.get(encoded);
    if (state === undefined || !state.inTransition || state.state !== 'OPEN' || state.server === null) return;
    this.#regionOnline(state.region, state.server);
  }

  #regionOnline(region: RegionInfo, sn: ServerName): void {
    const state = this.regionStates.get(region.encodedName);
    if (state === undefined || !state.inTransition || state.state !== 'OPEN' || state.server !== sn) return;
    this.#failedOpens.delete(region.encodedName);
    this.#plans.delete(region.encodedName);
    this.regionStates.regionOnline(region, sn);
    // A region opened while its table was being disabled is closed again (OpenedRegionHandler).
    if (this.regionStates.isTableDisabledOrDisabling(region.table)) this.unassign(region);
  }

  /**
   * ClosedRegionHandler.process: a disabled (or disabling) table's region is taken offline and its znode
   * deleted; any other is assigned again, with a new plan unless one was made (a move).
   */
  closedRegionHandler(region: RegionInfo): void {
    if (this.regionStates.isTableDisabledOrDisabling(region.table)) {
      return deleteNode(this.master.zk, this.#parent, region.encodedName, null, -1, () => this.regionStates.regionOffline(region));
    }
    this.assign(region, true);
  }

  /** The RegionServer says OPENED for a region we did not send there: close it there, state untouched. */
  #closeStray(region: RegionInfo, sn: ServerName): void {
    this.#sendRegionClose(sn, region, -1, null, false, () => {});
  }

  // ---- assign -------------------------------------------------------------------------------------------

  /**
   * assign(region, setOfflineInZK, forceNewPlan): skipped for a region open or in transition (unless forced), of a
   * disabled or disabling table, or whose last host is dead and not yet processed by its ServerShutdownHandler
   * (it must split the logs first). `exclude`: a server the new plan avoids (a failed open's).
   */
  assign(region: RegionInfo, forceNewPlan = false, exclude: ServerName | null = null, skipIfDeadHost = true): void {
    const state = this.regionStates.getOrCreate(region);
    // Another assign or unassign has it (1.1 holds the region's lock for the whole assign, so a second caller
    // finds it in transition); only a forced one takes it over. An open region is never assigned again.
    const busy = state.state === 'OPEN' || state.inTransition;
    if ((busy && !forceNewPlan) || (state.state === 'OPEN' && !state.inTransition)) return;
    if (region.encodedName !== META_REGION.encodedName && this.regionStates.isTableDisabledOrDisabling(region.table)) {
      return deleteNode(this.master.zk, this.#parent, region.encodedName, null, -1, () => this.regionStates.regionOffline(region));
    }
    // wasRegionOnDeadServer: its last host's ServerShutdownHandler must split the logs first, and assigns it then.
    if (skipIfDeadHost && region.encodedName !== META_REGION.encodedName && state.lastAssignment !== null && this.serverManager.isDeadNotProcessed(state.lastAssignment)) return;
    const generation = this.#nextGeneration++;
    this.#generation.set(region.encodedName, generation);
    // forceRegionStateToOffline: in transition from here on, before any ZooKeeper write of this assign.
    if (!(state.state === 'OFFLINE' && state.inTransition)) this.regionStates.updateRegionState(region, 'OFFLINE', state.state === 'OFFLINE' ? state.server : null);
    this.#assignAttempt(region, generation, 1, exclude, this.master.ctx.now());
  }

  /**
   * processRegionInTransition for an OFFLINE znode: the open re-sent to the server it was meant for — through the
   * inner assign(RegionState, …), which does not ask wasRegionOnDeadServer (the public assign does).
   */
  assignTo(region: RegionInfo, server: ServerName): void {
    this.#plans.set(region.encodedName, server);
    this.assign(region, true, null, false);
  }

  /**
   * The balancer's retainAssignment: the region's next assign goes to `server` while it is online — reported or
   * not yet, since the region may be open there already (its answer is then ALREADY_OPENED); another server
   * would open it a second time (failover seed 40509 with --assignment zk).
   */
  retainAssignment(region: RegionInfo, server: ServerName): void {
    this.#plans.set(region.encodedName, server);
    this.#retained.add(region.encodedName);
  }

  /** A move or a balancer plan (HMaster.move → AssignmentManager.balance): close it, and open it on `destination`. */
  move(region: RegionInfo, destination: ServerName | null, sent: (ok: boolean) => void = () => {}): void {
    this.unassign(region, destination, false, sent);
  }

  #current(region: RegionInfo, generation: number): boolean {
    return this.#generation.get(region.encodedName) === generation && this.master.state !== 'ABORTED';
  }

  #plan(region: RegionInfo, exclude: ServerName | null): ServerName | null {
    const planned = this.#plans.get(region.encodedName);
    const servers = this.serverManager.assignableServers();
    const retained = this.#retained.delete(region.encodedName) && planned !== undefined && this.serverManager.isOnline(planned);
    if (planned !== undefined && (servers.includes(planned) || retained) && planned !== exclude) return planned;
    this.#plans.delete(region.encodedName);
    return this.pickServer(servers, exclude);
  }

  /** One iteration of assign's loop: force OFFLINE for the plan's server, PENDING_OPEN, sendRegionOpen. */
  #assignAttempt(region: RegionInfo, generation: number, attempt: number, exclude: ServerName | null, sameServerSince: number): void {
    if (!this.#current(region, generation)) return;
    const dest = this.#plan(region, exclude);
    if (dest === null) return void this.master.ctx.setTimer(SAME_SERVER_SLEEP_MS * 5, () => this.#assignAttempt(region, generation, attempt, exclude, sameServerSince));
    zkStep(this.master, 'assign.beforeOffline', { table: region.table, region: region.encodedName, server: dest });
    createOrForceNodeOffline(this.master.zk, this.#parent, region.encodedName, dest, (version) => {
      if (!this.#current(region, generation)) return;
      if (version === -1) return void this.master.ctx.setTimer(SAME_SERVER_SLEEP_MS, () => this.#assignAttempt(region, generation, attempt, exclude, sameServerSince));
      this.#watched.delete(region.encodedName);
      this.handleAssignmentEvent(region.encodedName);
      this.regionStates.updateRegionState(region, 'PENDING_OPEN', dest, () => {
        if (!this.#current(region, generation)) return;
        zkStep(this.master, 'assign.beforeSendRegionOpen', { table: region.table, region: region.encodedName, server: dest });
        this.#sendRegionOpen(region, generation, attempt, dest, version, this.master.ctx.now());
      });
    });
  }

  /** sendRegionOpen and what 1.1's loop does with each outcome. */
  #sendRegionOpen(region: RegionInfo, generation: number, attempt: number, dest: ServerName, version: number, sameServerSince: number): void {
    const { ctx, deps, config } = this.master;
    const request: OpenRegionRequest = { region, procId: -1, server: dest, masterActiveTime: this.master.activeToken, versionOfOfflineNode: version };
    deps.network.call<OpenRegionResponse>(ctx, processOf(dest), SERVICE.admin, 'openRegion', request, config.rpcTimeoutMs, (r) => {
      if (!this.#current(region, generation)) return;
      // Planted bug HBASE-6299 (0.94 before its fix): a timed-out open is taken as failed and the region assigned
      // elsewhere at once — although the server got the open and may have opened it meanwhile.
      if (!r.ok && this.master.deps.bugs.has('zk-open-timeout-assigns-elsewhere')) return this.#retryOpen(region, generation, attempt, dest, version, false, sameServerSince);
      const state = this.regionStates.get(region.encodedName);
      // The region moved on meanwhile (its znode events came first): nothing left for this loop.
      if (state === undefined || state.state !== 'PENDING_OPEN' || state.server !== dest) return;
      const again = (sameServer: boolean) => this.#retryOpen(region, generation, attempt, dest, version, sameServer, sameServerSince);
      if (r.ok && r.value.ok) {
        if (r.value.openingState === 'ALREADY_OPENED') return this.#processAlreadyOpenedRegion(region, dest, version);
        if (r.value.openingState === 'FAILED_OPENING') return again(false);
        return;
      }
      if (!r.ok) return again(this.serverManager.isOnline(dest)); // SocketTimeout and the server online: it may have it
      const error = r.value.ok ? null : r.value.error;
      if (error === 'RegionAlreadyInTransitionException' || error === 'ServerNotRunningYetException') return again(ctx.now() - sameServerSince < SAME_SERVER_MAX_MS);
      again(false);
    });
  }

  #retryOpen(region: RegionInfo, generation: number, attempt: number, dest: ServerName, version: number, sameServer: boolean, sameServerSince: number): void {
    const { ctx } = this.master;
    if (sameServer) return void ctx.setTimer(SAME_SERVER_SLEEP_MS, () => this.#current(region, generation) && this.#sendRegionOpen(region, generation, attempt, dest, version, sameServerSince));
    if (attempt >= MAXIMUM_ATTEMPTS) return void this.regionStates.updateRegionState(region, 'FAILED_OPEN', dest);
    // A new plan: OFFLINE again (the next attempt forces the znode OFFLINE anew, fencing the old target's CAS).
    this.regionStates.updateRegionState(region, 'OFFLINE', null);
    ctx.setTimer(SAME_SERVER_SLEEP_MS, () => this.#assignAttempt(region, generation, attempt + 1, dest, ctx.now()));
  }

  /** processAlreadyOpenedRegion: the server has it open already — delete the OFFLINE znode, the region is online. */
  #processAlreadyOpenedRegion(region: RegionInfo, dest: ServerName, version: number): void {
    deleteNode(this.master.zk, this.#parent, region.encodedName, 'M_ZK_REGION_OFFLINE', version, () => {
      this.regionStates.updateRegionState(region, 'OPEN', dest);
      this.#regionOnline(region, dest);
    });
  }

  // ---- unassign -----------------------------------------------------------------------------------------

  /**
   * unassign(region, force, dest): only a region OPEN and not in transition (or forced, for one CLOSING/
   * PENDING_CLOSE whose close must be re-sent). A CLOSING znode that exists already aborts the master, as 1.1
   * does ("Attempting to unassign … which is already in transition").
   */
  unassign(region: RegionInfo, destination: ServerName | null = null, force = false, sent: (ok: boolean) => void = () => {}): void {
    const state = this.regionStates.get(region.encodedName);
    if (state === undefined || state.server === null) return sent(false);
    const closable = state.state === 'OPEN' && !state.inTransition;
    if (!closable && !(force && (state.state === 'CLOSING' || state.state === 'PENDING_CLOSE'))) return sent(false);
    const server = state.server;
    if (destination !== null) this.#plans.set(region.encodedName, destination);
    const generation = this.#nextGeneration++;
    this.#generation.set(region.encodedName, generation);
    if (!this.serverManager.isOnline(server)) {
      this.#offlineAndReassign(region, generation);
      return sent(true);
    }
    const send = (version: number) =>
      this.regionStates.updateRegionState(region, 'PENDING_CLOSE', server, () => {
        if (!this.#current(region, generation)) return;
        this.#unassignAttempt(region, generation, server, version, destination, 1, sent);
      });
    if (force) return readTransition(this.master.zk, ritZNode(this.#parent, region.encodedName), true, (vt) => (vt !== null && vt.rt.eventType === 'M_ZK_REGION_CLOSING' ? send(vt.version) : this.closedOrGone(region)));
    // 1.1 holds the region's lock while it creates the CLOSING znode: a second unassign (a retried move) waits,
    // then finds the region in transition. Without it, the second created a CLOSING znode for the old server after
    // the region had moved on (failover seed 200821 with --assignment zk: the next master closed the region there,
    // then opened it a second time).
    if (this.#creatingClosing.has(region.encodedName)) return sent(false);
    this.#creatingClosing.add(region.encodedName);
    createNodeClosing(this.master.zk, this.#parent, region.encodedName, server, (created) => {
      this.#creatingClosing.delete(region.encodedName);
      if (!this.#current(region, generation)) return;
      if ('exists' in created) return this.master.abort(`Attempting to unassign ${region.encodedName} which already has a znode in transition`);
      // A KeeperException past RecoverableZooKeeper's retries: "Unexpected ZK exception creating node CLOSING".
      if ('failed' in created) return this.master.abort(`Unexpected ZK exception creating node CLOSING for ${region.encodedName}: ${created.failed}`);
      this.#watched.delete(region.encodedName);
      this.handleAssignmentEvent(region.encodedName);
      send(created.version);
    });
  }

  /** A re-sent close whose znode is no longer CLOSING: it was CLOSED meanwhile (the watch handles it) or is gone. */
  closedOrGone(region: RegionInfo): void {
    this.handleAssignmentEvent(region.encodedName);
  }

  /** `sent`: HMaster.move returns once the close was sent (AssignmentManager.unassign is synchronous in 1.1). */
  #unassignAttempt(region: RegionInfo, generation: number, server: ServerName, version: number, destination: ServerName | null, attempt: number, sent: (ok: boolean) => void, busySince: number | null = null): void {
    zkStep(this.master, 'unassign.beforeSendRegionClose', { table: region.table, region: region.encodedName, server });
    this.#sendRegionClose(server, region, version, destination, true, (outcome) => {
      if (attempt === 1 && busySince === null) sent(true);
      if (!this.#current(region, generation)) return;
      const state = this.regionStates.get(region.encodedName);
      if (state === undefined || state.state !== 'PENDING_CLOSE' || state.server !== server) return;
      if (outcome === 'ok') return;
      if (outcome === 'not-serving' || !this.serverManager.isOnline(server)) return this.#offlineAndReassign(region, generation);
      // RegionAlreadyInTransitionException: the server is busy with the region; ask again every 100 ms, without
      // counting attempts, for up to ALREADY_IN_TRANSITION_WAITTIME.
      if (outcome === 'in-transition') {
        const since = busySince ?? this.master.ctx.now();
        if (this.master.ctx.now() - since < ALREADY_IN_TRANSITION_WAIT_MS) {
          return void this.master.ctx.setTimer(SAME_SERVER_SLEEP_MS, () => this.#current(region, generation) && this.#unassignAttempt(region, generation, server, version, destination, attempt, sent, since));
        }
      }
      if (attempt >= MAXIMUM_ATTEMPTS) return void this.regionStates.updateRegionState(region, 'FAILED_CLOSE', server);
      this.master.ctx.setTimer(SAME_SERVER_SLEEP_MS, () => this.#current(region, generation) && this.#unassignAttempt(region, generation, server, version, destination, attempt + 1, sent, busySince));
    });
  }

  /**
   * The server is not online, or answered NotServingRegionException: delete the CLOSING znode, and the region is
   * offline — then assigned again, as 1.1's unassign does in its `finally` ("Region is expected to be reassigned
   * afterwards"). For a dead server that assign is skipped (wasRegionOnDeadServer) and its ServerShutdownHandler
   * assigns the region after the log split; for a live one that cancelled an open in progress (NotServingRegion:
   * "was opening but not yet served") it is what brings the region back (failover seed 27381722 with --assignment
   * zk: a move's close cancelled an open whose OPENED reply was lost, and the region stayed offline).
   */
  #offlineAndReassign(region: RegionInfo, generation: number): void {
    // deleteClosingOrClosedNode, and offline only if no later assign took the region meanwhile (1.1 holds the
    // region's lock throughout): else a move's late delete removed a new OFFLINE znode and the region with it
    // (failover seed 100755 with --assignment zk).
    deleteClosingOrClosedNode(this.master.zk, this.#parent, region.encodedName, () => {
      if (!this.#current(region, generation)) return;
      this.regionStates.regionOffline(region);
      this.assign(region, true);
    });
  }

  /**
   * processRegionInTransition for a CLOSING znode: the close re-sent, and the region assigned if that left it
   * offline ("unassign(…); if (regionStates.isRegionOffline(regionInfo)) assign(regionInfo, true)"), as every
   * unassign does (#offlineAndReassign).
   */
  resendClose(region: RegionInfo): void {
    this.unassign(region, null, true);
  }

  #sendRegionClose(server: ServerName, region: RegionInfo, version: number, destination: ServerName | null, transitionInZK: boolean, done: (outcome: 'ok' | 'not-serving' | 'in-transition' | 'failed') => void): void {
    const { ctx, deps, config } = this.master;
    const request: CloseRegionRequest = { region: region.encodedName, procId: -1, server, masterActiveTime: this.master.activeToken, destination, versionOfClosingNode: version, transitionInZK };
    deps.network.call<AdminResponse>(ctx, processOf(server), SERVICE.admin, 'closeRegion', request, config.rpcTimeoutMs, (r) => {
      if (r.ok && r.value.ok) return done('ok');
      if (r.ok && !r.value.ok && r.value.error === 'NotServingRegionException') return done('not-serving');
      if (r.ok && !r.value.ok && r.value.error === 'RegionAlreadyInTransitionException') return done('in-transition');
      done('failed');
    });
  }

  // ---- shared ---------------------------------------------------------------------------------------------

  /** Regions in transition towards or on `server` (RegionStates.serverOffline's candidates). */
  regionsInTransitionOn(server: ServerName): RegionState[] {
    return this.regionStates.inTransition().filter((r) => r.server === server);
  }

  /** A region's current operation is abandoned (its callbacks find it superseded). */
  supersede(region: RegionInfo): void {
    this.#generation.set(region.encodedName, this.#nextGeneration++);
  }

  /** The balancer's choice: the least-loaded assignable server, ties broken by the seeded stream. */
  pickServer(servers: readonly ServerName[], exclude: ServerName | null): ServerName | null {
    return pickLeastLoaded(servers, exclude, (s) => this.#loadBy(s), this.balancerRandom);
  }

  /** Moves from the most to the least loaded server until they differ by at most one (meta stays). */
  balancePlans(servers: readonly ServerName[]): RegionPlan[] {
    return balancePlans(servers, (s) => this.#loadBy(s), (server, planned) =>
      this.regionStates.onServer(server).find((r) => !r.inTransition && r.region.encodedName !== META_REGION.encodedName && this.regionStates.tableState(r.region.table) === 'ENABLED' && !planned.some((p) => p.region.encodedName === r.region.encodedName))?.region,
    );
  }

  #loadBy(servers: readonly ServerName[]): Map<ServerName, number> {
    const load = new Map<ServerName, number>(servers.map((s) => [s, 0]));
    for (const r of this.regionStates.all()) if (r.server !== null && load.has(r.server)) load.set(r.server, (load.get(r.server) ?? 0) + 1);
    return load;
  }
}
