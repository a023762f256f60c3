/**
 * The RegionServer's side of the ZooKeeper era (HBase 1.1; HBASE.md §5, §5.1): RSRpcServices.openRegion /
 * closeRegion with a znode version, and OpenRegionHandler / CloseRegionHandler, which report by moving the
 * region's znode on — never by RPC to the master.
 *
 *   open:  OFFLINE→OPENING (CAS on the master's version; a failure means the region was hijacked: give up),
 *          open the region, tickle OPENING→OPENING, postOpenDeployTasks (the RS writes meta itself),
 *          OPENING→OPENED (CAS), and only then serve it. A failure after OPENING closes the region and tries
 *          OPENING→FAILED_OPEN. Every transition is a CAS on the version this handler last wrote, never retried.
 *   close: only for a znode CLOSING at the master's version; stop serving, flush, CLOSING→CLOSED (CAS; a
 *          failure is only logged — the region is closed either way).
 *
 * Each handler holds `inTransition` under a token of its own, so a later open or close of the same region
 * (regionsInTransitionInRS) is told apart from it.
 */
import type { Reply } from '../../../harness/network.ts';
import { failure } from '../../hbase/exceptions.ts';
import type { CloseRegionRequest, OpenRegionRequest } from '../../hbase/protocol.ts';
import type { RegionInfo } from '../../hbase/region-info.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import { ritZNode, transitionNode, readTransition } from '../../hbase/zk-assign.ts';
import type { HRegion } from '../hregion.ts';
import type { HRegionServer } from '../hregionserver.ts';

export class ZkRegionHandlers {
  /** Tokens of this incarnation's handlers (negative: they never meet an AMv2 procId). */
  #nextToken = -1;
  /**
   * Opens that a close cancelled: the open's token → the cancelling close's. The open clears the close's mark once
   * it notices, as OpenRegionHandler's finally removes the region from regionsInTransitionInRS whatever it holds;
   * until then a further close is refused (RegionAlreadyInTransitionException), after it NotServingRegion.
   */
  readonly #cancelledOpens = new Map<number, number>();

  constructor(private readonly rs: HRegionServer) {}

  get #parent(): string {
    return this.rs.layout.znode.regionInTransition;
  }

  /**
   * RSRpcServices.openRegion (1.1, ZooKeeper): ALREADY_OPENED for a region online here; a second open of a
   * region being opened is ignored (answered OPENED); one being closed is failed in ZooKeeper
   * (tryTransitionFromOfflineToFailedOpen) and refused with RegionAlreadyInTransitionException.
   */
  openRegion(request: OpenRegionRequest, reply: Reply): void {
    const rs = this.rs;
    const region = request.region;
    const name = region.encodedName;
    const version = request.versionOfOfflineNode ?? -1;
    if (rs.online.has(name)) return reply({ ok: true, openingState: 'ALREADY_OPENED' });
    const current = rs.inTransition.get(name);
    if (current?.action === 'open') return reply({ ok: true, openingState: 'OPENED' });
    if (current?.action === 'close') {
      transitionNode(rs.zk, this.#parent, name, rs.serverName, 'M_ZK_REGION_OFFLINE', 'RS_ZK_REGION_FAILED_OPEN', version, () => {});
      return reply(failure('RegionAlreadyInTransitionException', `Received OPEN for ${name}, which we are already trying to CLOSE`));
    }
    const token = this.#nextToken--;
    rs.inTransition.set(name, { action: 'open', procId: token });
    rs.movedRegions.delete(name);
    reply({ ok: true, openingState: 'OPENED' });
    this.#open(region, version, token);
  }

  /**
   * RSRpcServices.closeRegion → HRegionServer.closeRegion (1.1): a close of a region being opened cancels the
   * open and is answered NotServingRegionException; a second close of a region being closed is acknowledged;
   * a region not online here is NotServingRegionException (the master then deletes the znode). The znode must be
   * CLOSING at the master's version (ZkCloseRegionCoordination.checkClosingState).
   */
  closeRegion(request: CloseRegionRequest, reply: Reply): void {
    const rs = this.rs;
    const name = request.region;
    const current = rs.inTransition.get(name);
    if (current?.action === 'open') {
      const cancel = this.#nextToken--;
      this.#cancelledOpens.set(current.procId, cancel);
      rs.inTransition.set(name, { action: 'close', procId: cancel });
      return reply(failure('NotServingRegionException', `${name} was opening but not yet served. Opening is cancelled.`));
    }
    // "The master will retry till the region is closed": it waits on this answer (ALREADY_IN_TRANSITION_WAITTIME).
    if (current?.action === 'close') return reply(failure('RegionAlreadyInTransitionException', `${name} was already closing. New CLOSE request is ignored.`));
    const hregion = rs.online.get(name);
    if (hregion === undefined) return reply(failure('NotServingRegionException', `${name} is not online on ${rs.serverName}`));
    const version = request.versionOfClosingNode ?? -1;
    const token = this.#nextToken--;
    rs.inTransition.set(name, { action: 'close', procId: token });
    if (request.transitionInZK === false) {
      reply({ ok: true });
      return this.#close(hregion, null, token, request.destination);
    }
    readTransition(rs.zk, ritZNode(this.#parent, name), false, (vt) => {
      if (!this.#stillOurs(name, token)) return reply(failure('RegionAlreadyInTransitionException', `${name} is in transition`));
      if (vt === null || vt.rt.eventType !== 'M_ZK_REGION_CLOSING' || (version !== -1 && vt.version !== version)) {
        rs.inTransition.delete(name);
        return reply(failure('IOException', `${name}: the znode is not CLOSING at version ${version}`));
      }
      reply({ ok: true });
      this.#close(hregion, version, token, request.destination);
    });
  }

  /** OpenRegionHandler.process. */
  #open(region: RegionInfo, versionOfOffline: number, token: number): void {
    const rs = this.rs;
    const name = region.encodedName;
    const stillOurs = () => this.#stillOurs(name, token);
    rs.failpoint('rs.zk.openRegion.beforeOpening', { region: name, version: versionOfOffline });
    transitionNode(rs.zk, this.#parent, name, rs.serverName, 'M_ZK_REGION_OFFLINE', 'RS_ZK_REGION_OPENING', versionOfOffline, (opening) => {
      if (!stillOurs()) return;
      // "Region was hijacked? Opening cancelled": the master forced the node elsewhere meanwhile.
      if (opening === -1) return this.#leave(name, token);
      rs.handlers.loadForOpen(region, stillOurs, (loaded, wal) =>
        rs.handlers.initializeRegion(region, loaded, wal, stillOurs, (hregion) => {
          if (hregion === null) return this.#failedOpen(region, opening, token);
          // tickleOpening("post_region_open"): still ours in ZooKeeper before meta is told.
          transitionNode(rs.zk, this.#parent, name, rs.serverName, 'RS_ZK_REGION_OPENING', 'RS_ZK_REGION_OPENING', opening, (tickled) => {
            if (!stillOurs()) return;
            if (tickled === -1) return this.#failedOpen(region, -1, token);
            rs.failpoint('rs.zk.openRegion.beforeMetaUpdate', { region: name });
            this.#deployAndOpen(hregion, tickled, token);
          });
        }),
      );
    });
  }

  #deployAndOpen(hregion: HRegion, versionOfOpening: number, token: number): void {
    const rs = this.rs;
    const region = hregion.info;
    const name = region.encodedName;
    rs.postOpenDeployTasks(hregion, () => {
      if (!this.#stillOurs(name, token)) return;
      rs.failpoint('rs.zk.openRegion.beforeOpened', { region: name });
      transitionNode(rs.zk, this.#parent, name, rs.serverName, 'RS_ZK_REGION_OPENING', 'RS_ZK_REGION_OPENED', versionOfOpening, (opened) => {
        // transitionToOpened checks for a vanished znode whether or not a close cancelled the open meanwhile.
        if (opened === -1 && rs.lifecycle !== 'ABORTED') return this.#openedTransitionFailed(region, token);
        if (!this.#stillOurs(name, token)) return;
        this.#leave(name, token);
        rs.online.set(name, hregion);
        rs.trace.emit('region.opened', { region: name, table: region.table, startKey: region.startKey, endKey: region.endKey, server: rs.serverName, seqNum: hregion.openSeqNum });
        rs.failpoint('rs.region.opened', { region: name, table: region.table });
      }, () => rs.failpoint('rs.zk.openRegion.writingOpened', { region: name }));
    });
  }

  /**
   * transitionToOpened failed. The master may have seen our OPENED after all: a reply lost to a ZooKeeper
   * connection loss, the master handling OPENED and deleting the znode before RecoverableZooKeeper's retry. So a
   * znode that disappeared aborts the server (HBASE-9387), and its ServerShutdownHandler reassigns the region after
   * the log split; a znode still there is a version clash, and the region is closed here (cleanupFailedOpen).
   */
  #openedTransitionFailed(region: RegionInfo, token: number): void {
    const rs = this.rs;
    const name = region.encodedName;
    this.#leave(name, token);
    if (rs.deps.bugs.has('opened-transition-failure-closes-region')) return;
    const warning = `Completed the OPEN of region ${name} but when transitioning from OPENING to OPENED`;
    rs.zk.exists(ritZNode(this.#parent, name), false, (r) => {
      if (r.code !== 'ok') return rs.abort(`${warning}: ${r.code}`);
      if (r.value !== true) rs.abort(`${warning} the znode disappeared`);
    });
  }

  /** cleanUpFailedOpen + tryTransitionFromOpeningToFailedOpen: the region is not served; tell the master if we still can. */
  #failedOpen(region: RegionInfo, versionOfOpening: number, token: number): void {
    const rs = this.rs;
    this.#leave(region.encodedName, token);
    if (versionOfOpening === -1) return;
    transitionNode(rs.zk, this.#parent, region.encodedName, rs.serverName, 'RS_ZK_REGION_OPENING', 'RS_ZK_REGION_FAILED_OPEN', versionOfOpening, () => {});
  }

  /** CloseRegionHandler.process: stop serving, flush, CLOSING→CLOSED. */
  #close(hregion: HRegion, versionOfClosing: number | null, token: number, destination: ServerName | null): void {
    const rs = this.rs;
    const name = hregion.info.encodedName;
    if (rs.online.get(name) !== hregion) return this.#leave(name, token);
    rs.online.delete(name);
    hregion.whenDrained(() =>
      rs.handlers.flushForClose(hregion, () => {
        if (rs.lifecycle === 'ABORTED') return;
        rs.trace.emit('region.closed', { region: name, table: hregion.info.table, server: rs.serverName });
        if (destination !== null) rs.movedRegions.set(name, { destination, until: rs.ctx.now() + rs.config.regionMovedTimeoutMs });
        rs.failpoint('rs.zk.closeRegion.beforeClosed', { region: name });
        if (versionOfClosing === null) return this.#leave(name, token);
        transitionNode(rs.zk, this.#parent, name, rs.serverName, 'M_ZK_REGION_CLOSING', 'RS_ZK_REGION_CLOSED', versionOfClosing, () => this.#leave(name, token));
      }),
    );
  }

  /** The handler with `token` is done: its mark goes, and so does the mark of a close that cancelled it (an open). */
  #leave(name: string, token: number): void {
    const cancel = this.#cancelledOpens.get(token);
    this.#cancelledOpens.delete(token);
    const procId = this.rs.inTransition.get(name)?.procId;
    if (procId === token || (cancel !== undefined && procId === cancel)) this.rs.inTransition.delete(name);
  }

  /** Whether the handler with `token` still owns the region; one that lost it to a cancelling close ends here. */
  #stillOurs(name: string, token: number): boolean {
    if (this.rs.lifecycle !== 'ABORTED' && this.rs.inTransition.get(name)?.procId === token) return true;
    if (this.#cancelledOpens.has(token)) this.#leave(name, token);
    return false;
  }
}
