/**
 * HMaster.finishActiveMasterInitialization of HBase 1.1 in the ZooKeeper era (HBASE.md §5.1 "Master failover"),
 * as a chain of asynchronous steps:
 *
 *   1. ServerManager + RegionServerTracker: servers under /hbase/rs are online; waitForRegionServers
 *   2. previously failed servers: WAL directories (plain or -splitting) of servers not online
 *   0. the SplitLogManager's orphan scan (split tasks a master before us left)
 *   3. meta: where /hbase/meta-region-server says; if that server is not online, split its meta WAL and assign
 *      meta anew (a brand-new cluster: meta's directory, then its first assignment); wait until it is open
 *   4. every failed server expired → its ServerShutdownHandler is queued (it waits for failoverCleanupDone)
 *   5. AM.joinCluster (failover.ts): region states from meta, then the regions in transition in ZooKeeper
 *   6. failoverCleanupDone; the tables left DISABLING or ENABLING are finished; initialised
 *
 * 1.1 fenced no old master here: its regions-in-transition znodes are the handover. (Its DDL procedures'
 * store, which 1.1 had, is not modelled: DDL runs as 1.0's table handlers, table-handlers.ts.)
 */
import { SPLITTING_SUFFIX } from '../../hbase/paths.ts';
import type { ZkEvent } from '../../hbase/ports.ts';
import { META_REGION } from '../../hbase/region-info.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import type { HMaster } from '../hmaster.ts';
import { HdfsMasterFileSystem } from '../master-filesystem.ts';
import type { MetaLocation } from '../region-state-store.ts';
import { ServerManager, waitForRegionServers } from '../server-manager.ts';
import { AssignmentManager } from './assignment-manager.ts';
import { joinCluster } from './failover.ts';
import { ServerShutdownHandler, splitLogUntilDone } from './server-shutdown-handler.ts';
import { SplitLogManager } from './split-log-manager.ts';
import { recoverTablesInTransition } from './table-handlers.ts';
import type { ZkActiveParts } from './zk-active-parts.ts';

export class ZkActiveMasterInitialization {
  readonly #master: HMaster;
  readonly parts: ZkActiveParts;
  #knownRegionServers = new Set<ServerName>();
  #trackerReady = false;

  constructor(master: HMaster) {
    this.#master = master;
    let parts: ZkActiveParts | null = null;
    const serverManager = new ServerManager(master.trace, master.serverName, (server) => parts !== null && new ServerShutdownHandler(parts, server).process(), master.deps.bugs);
    const am = new AssignmentManager(master, serverManager, master.ctx.random('balancer'));
    const fs = new HdfsMasterFileSystem(master.ctx, master.fs, master.layout, master.trace, master.serverName, (encoded) => (encoded === META_REGION.encodedName ? META_REGION : am.regionStates.get(encoded)?.region), master.deps.bugs);
    const slm = new SplitLogManager(master, serverManager);
    parts = { master, serverManager, am, fs, slm, handlers: new Map(), initialized: false };
    this.parts = parts;
  }

  onZkEvent(event: ZkEvent): void {
    this.parts.slm.onZkEvent(event);
    if (this.#trackerReady) this.parts.am.onZkEvent(event);
  }

  run(initialized: () => void): void {
    const m = this.#master;
    const { serverManager, am } = this.parts;
    m.failpoint('master.init.start', {});
    // The SplitLogManager first: it adopts the tasks a master before us left (lookForOrphans).
    this.parts.slm.init();
    am.watchRegionsInTransition();
    this.#listRegionServers((servers) => {
      this.#knownRegionServers = new Set(servers);
      for (const sn of servers) serverManager.regionServerStartup(sn);
      this.#trackerReady = true;
      serverManager.activate();
      waitForRegionServers(m, serverManager, () =>
        this.#previouslyFailedServers((failed) =>
          this.#assignMeta(() => {
            m.failpoint('master.zk.init.metaOnline', {});
            // Queued now, run once failoverCleanupDone (ServerShutdownHandler.process requeues until then).
            for (const sn of failed) serverManager.expireServer(sn, 'WAL directory of a server that is gone');
            joinCluster(this.parts, failed, () => {
              am.failoverCleanupDone = true;
              m.failpoint('master.zk.init.failoverCleanupDone', {});
              recoverTablesInTransition(this.parts);
              this.parts.initialized = true;
              initialized();
            });
          }),
        ),
      );
    });
  }

  /** A change under /hbase/rs: new servers are noted, vanished ones expired. */
  refreshRegionServers(): void {
    if (!this.#trackerReady) return;
    this.#listRegionServers((servers) => {
      const gone = [...this.#knownRegionServers].filter((sn) => !servers.includes(sn)).sort();
      this.#knownRegionServers = new Set(servers);
      for (const sn of gone) this.parts.serverManager.expireServer(sn, 'znode deleted');
    });
  }

  #listRegionServers(done: (servers: ServerName[]) => void): void {
    const m = this.#master;
    m.zk.getChildren(m.layout.znode.rs, true, (r) => {
      if (r.code !== 'ok') return void m.ctx.setTimer(m.config.zkSessionTimeoutMs / 10, () => this.#listRegionServers(done));
      done([...(r.value ?? [])].sort());
    });
  }

  /**
   * MasterFileSystem.getFailedServersFromLogFolders: WAL dirs of servers not online (HBASE-5916: online read after
   * listing). A listing that fails is retried (hbase.hlog.split.skip.errors is false) after
   * hbase.hlog.split.failure.retry.interval — 30 s, a third of the default session timeout, scaled as it is. Taking
   * it for an empty list would assign meta without splitting its dead host's meta WAL: meta's rows lost (failover
   * seed 8887 with --assignment zk, the new master cut off from HDFS while it started).
   */
  #previouslyFailedServers(done: (failed: ServerName[]) => void): void {
    const m = this.#master;
    m.fs.list(m.layout.fs.wals, (listing) => {
      if (listing.code !== 'ok' && listing.code !== 'FileNotFoundException') return void m.ctx.setTimer(m.config.zkSessionTimeoutMs / 3, () => this.#previouslyFailedServers(done));
      const dirs = listing.code === 'ok' ? (listing.value ?? []) : [];
      const servers = dirs.map((d) => (d.endsWith(SPLITTING_SUFFIX) ? d.slice(0, -SPLITTING_SUFFIX.length) : d));
      const { serverManager } = this.parts;
      done([...new Set(servers)].filter((sn) => !serverManager.isOnline(sn)).sort());
    });
  }

  /**
   * HMaster.assignMeta: meta where ZooKeeper says, if that server is online; else split the dead server's meta
   * WAL (splitMetaLog) and assign meta. A new cluster creates meta's directory first (MasterFileSystem.bootstrap).
   */
  #assignMeta(then: () => void): void {
    const m = this.#master;
    const { am, serverManager, fs } = this.parts;
    m.zk.getData(m.layout.znode.metaRegionServer, false, (r) => {
      const location = r.code === 'ok' ? (r.value?.data as MetaLocation) : null;
      const server = location?.server ?? null;
      if (location !== null && server !== null && location.state === 'OPEN' && serverManager.isOnline(server)) {
        am.regionStates.createRegionState(META_REGION, 'OPEN', server, server);
        return this.#waitForMeta(then);
      }
      const assign = () => {
        am.regionStates.createRegionState(META_REGION, 'OFFLINE', null, server);
        am.assign(META_REGION, true);
        this.#waitForMeta(then);
      };
      if (location === null) return fs.createRegionDirs([META_REGION], assign);
      // HMaster.assignMeta: a meta location not verified is split before meta is assigned
      // (splitMetaLogBeforeAssignment), whether or not the server was among the failed ones when the WAL
      // directories were listed — it may have gone since (failover seed 60328 with --assignment zk: listed while
      // its znode lived, gone by now; meta opened without its edits).
      if (server !== null) return splitLogUntilDone(this.parts, server, 'meta', assign);
      assign();
    });
  }

  #waitForMeta(then: () => void): void {
    const meta = this.parts.am.regionStates.meta;
    if (meta.state === 'OPEN' && !meta.inTransition) return then();
    this.#master.ctx.setTimer(200, () => this.#waitForMeta(then));
  }
}
