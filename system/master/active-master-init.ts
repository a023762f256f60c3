/**
 * finishActiveMasterInitialization, in HBase's order (HBASE.md §1.3), as a chain of asynchronous steps:
 *
 *   1. take over the procedure store (recover every log's lease — fencing the previous master), load procedures
 *   2. ServerManager + RegionServerTracker: servers under /hbase/rs are online
 *   3. find dead servers: WAL dirs of servers not in ZooKeeper and without an SCP → expire → SCP (a `-splitting`
 *      dir without an SCP is only logged)
 *   4. meta's location from ZooKeeper; if meta was never assigned, InitMetaProcedure
 *   5. start the procedure workers
 *   6. waitForRegionServers
 *   7. waitForMetaOnline (only the meta server's SCP brings meta back)
 *   8. joinCluster: region states from hbase:meta, wake procedures waiting for meta, assign offline regions
 *   9. initialized — admin calls stop getting PleaseHoldException
 */
import { SPLITTING_SUFFIX } from '../hbase/paths.ts';
import { META_REGION, type RegionInfo } from '../hbase/region-info.ts';
import { SERVICE, type MetaRegionRow, type MetaScanResponse, type TableState } from '../hbase/protocol.ts';
import { processOf, type ServerName } from '../hbase/server-name.ts';
import { AssignmentManager } from './assignment/assignment-manager.ts';
import { UnexpectedStateException, type RegionState } from './assignment/region-state-node.ts';
import { TransitRegionStateProcedure } from './assignment/transit-region-state-procedure.ts';
import type { ActiveParts, HMaster } from './hmaster.ts';
import type { MasterProcedureEnv } from './master-env.ts';
import { HdfsMasterFileSystem } from './master-filesystem.ts';
import { ProcedureExecutor } from './procedure/executor.ts';
import { deserializeProcedure } from './procedure/registry.ts';
import { ServerCrashProcedure } from './procedure/server-crash-procedure.ts';
import { InitMetaProcedure } from './procedure/table-procedures.ts';
import { WALProcedureStore } from './procedure/wal-procedure-store.ts';
import { MetaRegionStateStore, type MetaLocation } from './region-state-store.ts';
import { RSProcedureDispatcher } from './remote-dispatcher.ts';
import { ServerManager, waitForRegionServers } from './server-manager.ts';

/**
 * submitServerCrash: an SCP holding its server's lock for its whole life, unless HBASE-21565 is planted — or
 * HBASE-22263, whose branch-1 SCP took the lock for one step at a time (modelled as none, as for HBASE-21565).
 */
function newServerCrashProcedure(server: ServerName, bugs: ReadonlySet<string>): ServerCrashProcedure {
  const scp = new ServerCrashProcedure(server);
  scp.holdsServerLock = !bugs.has('second-scp-for-same-server') && !bugs.has('duplicate-scp-on-master-init');
  return scp;
}

export class ActiveMasterInitialization {
  readonly #master: HMaster;
  readonly #parts: ActiveParts;
  readonly #store: WALProcedureStore;
  #knownRegionServers = new Set<ServerName>();
  #trackerReady = false;

  constructor(master: HMaster, publish: (parts: ActiveParts) => void) {
    this.#master = master;
    const { ctx, deps, config, trace, serverName } = master;
    this.#store = new WALProcedureStore(master.fs, config, master.layout, trace, () => ctx.now(), serverName, (reason) => master.abort(reason), deps.bugs);
    const am = new AssignmentManager(ctx.random('balancer'));
    let executor: ProcedureExecutor<MasterProcedureEnv> | null = null;
    const serverManager = new ServerManager(trace, serverName, (server) => executor?.submit(newServerCrashProcedure(server, deps.bugs)), deps.bugs);
    const token = () => master.activeToken;
    const env: MasterProcedureEnv = {
      ctx,
      trace,
      config,
      server: serverName,
      regionStates: am.regionStates,
      stateStore: new MetaRegionStateStore(ctx, deps.network, master.zk, config, am.regionStates, (reason) => master.abort(reason), deps.bugs),
      fs: new HdfsMasterFileSystem(ctx, master.fs, master.layout, trace, serverName, (encoded) => (encoded === META_REGION.encodedName ? META_REGION : am.regionStates.get(encoded)?.region), deps.bugs),
      dispatcher: new RSProcedureDispatcher(ctx, deps.network, config, serverManager, token, deps.bugs),
      servers: serverManager,
      bugs: deps.bugs,
      get executor() {
        return executor as ProcedureExecutor<MasterProcedureEnv>;
      },
      isMetaLoaded: () => am.metaLoaded,
      waitMetaLoaded: (p) => am.waitMetaLoaded(p),
      pickServer: (region, exclude) => am.pickServer(serverManager.assignableServers(), exclude),
      failpoint: (name, detail) => master.failpoint(name, detail),
    };
    executor = new ProcedureExecutor<MasterProcedureEnv>(ctx, env, this.#store, trace, {
      retrySleepMs: config.procedureRetrySleepMs,
      retryMaxSleepMs: config.procedureRetryMaxSleepMs,
      afterPersist: (p) => master.failpoint('master.procedure.afterPersist', { procId: p.procId, procedure: p.type, state: p.state }),
      beforePersist: (p) => master.failpoint('master.procedure.beforePersist', { procId: p.procId, procedure: p.type, state: p.state }),
      traceFields: { master: serverName },
    });
    this.#parts = { serverManager, am, executor, env };
    publish(this.#parts);
  }

  run(initialized: () => void): void {
    const m = this.#master;
    const { am, executor, serverManager, env } = this.#parts;
    m.failpoint('master.init.start', {});
    // 1. Procedure store: fence the old master, load its procedures.
    this.#store.recoverLease((records) => {
      executor.load(records, deserializeProcedure);
      am.setupRIT(executor.active());
      // RegionServerTracker.upgrade(deadServersFromPE, …): a server with a loaded SCP is dead, and is not expired again.
      // Planted bug HBASE-22263 (branch-1's finishActiveMasterInitialization): not so — see #findDeadServers.
      const duplicateScps = m.deps.bugs.has('duplicate-scp-on-master-init');
      for (const p of executor.active()) if (p instanceof ServerCrashProcedure && !duplicateScps) serverManager.markDeadFromProcedure(p.server);
      m.trace.emit('master.procedures.loaded', { server: m.serverName, procedures: executor.active().length, log: this.#store.logId });
      m.failpoint('master.init.proceduresLoaded', {});
      // 2. RegionServerTracker.
      this.#listRegionServers((servers) => {
        this.#knownRegionServers = new Set(servers);
        for (const sn of servers) serverManager.regionServerStartup(sn);
        this.#trackerReady = true;
        // 3. Dead servers: WAL dirs of servers that are gone, unless an SCP already has them.
        this.#findDeadServers(servers, () => {
          serverManager.activate();
          // 4. Meta's location; InitMeta for a brand-new cluster.
          m.zk.getData(this.#master.layout.znode.metaRegionServer, false, (meta) => {
            const location = meta.code === 'ok' ? (meta.value?.data as MetaLocation) : null;
            if (location !== null) am.setMetaLocation(env, location.state as RegionState, location.server);
            const initMetaLoaded = executor.active().some((p) => p instanceof InitMetaProcedure);
            if (location === null && !initMetaLoaded) executor.submit(new InitMetaProcedure());
            // 5. Workers.
            executor.start();
            // 6–9.
            waitForRegionServers(m, serverManager, () =>
              this.#waitForMetaOnline(1, () => this.#joinCluster(initialized)),
            );
          });
        });
      });
    });
  }

  /** A change under /hbase/rs: new servers are noted, vanished ones expired (once the tracker is active). */
  refreshRegionServers(): void {
    if (!this.#trackerReady) return;
    this.#listRegionServers((servers) => {
      const { serverManager } = this.#parts;
      const gone = [...this.#knownRegionServers].filter((sn) => !servers.includes(sn)).sort();
      this.#knownRegionServers = new Set(servers);
      for (const sn of gone) serverManager.expireServer(sn, 'znode deleted');
    });
  }

  #listRegionServers(done: (servers: ServerName[]) => void): void {
    this.#master.zk.getChildren(this.#master.layout.znode.rs, true, (r) => {
      // A failed read set no watch: try again, or the tracker would go deaf (an expiry aborts us anyway).
      if (r.code !== 'ok') return void this.#master.ctx.setTimer(this.#master.config.zkSessionTimeoutMs / 10, () => this.#listRegionServers(done));
      done([...(r.value ?? [])].sort());
    });
  }

  /**
   * RegionServerTracker.upgrade → ServerManager.findDeadServersAndProcess (MasterWalManager.getLiveServersFromWALDir,
   * getSplittingServersFromWALDir): a WAL directory of a server that is neither in ZooKeeper nor online, nor dead
   * by a loaded ServerCrashProcedure, is expired. A `-splitting` directory is a split under way, which must have
   * its SCP in the procedure store; one without is only logged ("has no matching ServerCrashProcedure") — HBase
   * schedules nothing for it (an operator's HBCK2 scheduleRecoveries / recoverUnknown does). A listing that fails
   * is an IOException out of finishActiveMasterInitialization: the master aborts ("Unhandled exception") — never
   * an empty list, which would leave the gone servers unexpired (their regions on no one).
   */
  #findDeadServers(live: readonly ServerName[], done: () => void): void {
    const m = this.#master;
    m.fs.list(this.#master.layout.fs.wals, (listing) => {
      if (listing.code !== 'ok' && listing.code !== 'FileNotFoundException') return m.abort(`Unhandled exception. Starting shutdown: listing the WAL directories: ${listing.code}`);
      const dirs = listing.code === 'ok' ? (listing.value ?? []) : [];
      const { serverManager } = this.#parts;
      const splitting = dirs.filter((d) => d.endsWith(SPLITTING_SUFFIX)).map((d) => d.slice(0, -SPLITTING_SUFFIX.length)).sort();
      for (const sn of splitting) {
        if (this.#hasLoadedScp(sn) && m.deps.bugs.has('duplicate-scp-on-master-init')) serverManager.expireServer(sn, 'WAL directory of a failed server');
        else if (!serverManager.isDead(sn)) m.trace.emit('master.splittingWithoutProcedure', { master: m.serverName, server: sn });
      }
      for (const sn of dirs.filter((d) => !d.endsWith(SPLITTING_SUFFIX)).sort()) {
        // Startups are refused until the workers start (checkServiceStarted), so only servers ZooKeeper lists are online here.
        if (!live.includes(sn) && !serverManager.isDead(sn) && !serverManager.isOnline(sn)) serverManager.expireServer(sn, 'WAL directory of a server that is gone');
      }
      done();
    });
  }

  /**
   * Planted bug HBASE-22263: branch-1 took every server with a WAL directory, `-splitting` or not, for a previously
   * failed server and processed it as dead (ServerManager.processDeadServer), whether or not an SCP for it was
   * loaded from the procedure store — so a loaded SCP got a twin.
   */
  #hasLoadedScp(server: ServerName): boolean {
    return this.#parts.executor.active().some((p) => p instanceof ServerCrashProcedure && p.server === server);
  }

  /** waitForMetaOnline: meta OPEN on an online server; back off 1 s → 60 s (scaled by the client pause). */
  #waitForMetaOnline(attempt: number, then: () => void): void {
    const { am, serverManager } = this.#parts;
    const meta = am.regionStates.getOrCreate(META_REGION);
    if (meta.state === 'OPEN' && meta.regionLocation !== null && serverManager.isOnline(meta.regionLocation)) return then();
    this.#master.ctx.setTimer(Math.min(200 * attempt, 5_000), () => this.#waitForMetaOnline(attempt + 1, then));
  }

  /** joinCluster: load region states from meta, then assign what is offline. */
  #joinCluster(initialized: () => void): void {
    const m = this.#master;
    const { am, env } = this.#parts;
    const meta = am.regionStates.getOrCreate(META_REGION);
    const retry = () => m.ctx.setTimer(500, () => this.#waitForMetaOnline(1, () => this.#joinCluster(initialized)));
    m.deps.network.call<MetaScanResponse>(m.ctx, processOf(meta.regionLocation as ServerName), SERVICE.admin, 'metaScan', {}, m.config.rpcTimeoutMs, (r) => {
      if (!r.ok || !r.value.ok) return void retry();
      const regionRows: MetaRegionRow[] = [];
      const tables: Array<[string, TableState]> = [];
      env.stateStore.metaLoaded(Math.max(-Infinity, ...r.value.rows.map((x) => x.ts ?? -Infinity)));
      for (const { row } of r.value.rows) {
        if (row.kind === 'region') regionRows.push(row);
        else tables.push([row.table, row.state]);
      }
      // HMaster.startActiveMasterManager: whatever finishActiveMasterInitialization throws aborts the master
      // ("Unhandled exception. Starting shutdown."); a failed restore of a loaded report throws here.
      try {
        am.loadFromMeta(env, regionRows, tables);
      } catch (error) {
        if (!(error instanceof UnexpectedStateException)) throw error;
        return void m.abort(`Unhandled exception. Starting shutdown. ${error.message}`);
      }
      am.wakeMetaLoaded(env);
      m.failpoint('master.init.metaLoaded', {});
      for (const region of am.offlineRegionsToAssign()) this.#assign(region);
      initialized();
    });
  }

  #assign(region: RegionInfo): void {
    const { am, executor } = this.#parts;
    am.regionStates.getOrCreate(region).setProcedure(executor.submit(new TransitRegionStateProcedure(region, 'ASSIGN')));
  }
}
