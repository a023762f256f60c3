/**
 * HRegionServer: registers with the active master (reportForDuty), then creates its ephemeral
 * `/hbase/rs/<sn>` znode, reports every msginterval, serves its regions, and opens/closes regions on the
 * master's request. It aborts on ZooKeeper session expiry, on YouAreDeadException, and when a WAL roll fails
 * (a failed sync only asks for a roll: fshlog.ts).
 *
 * One instance per process incarnation: a restart builds a new HRegionServer with a new startcode, i.e. a
 * new ServerName, from durable state only.
 */
import { ProcessTerminated, type ProcessContext } from '../../harness/scheduler.ts';
import type { SystemTracer } from '../../schema/trace.ts';
import type { HBaseConfig } from '../hbase/config.ts';
import type { ServerDeps } from '../hbase/server-deps.ts';
import { layoutOf, type HBaseLayout } from '../hbase/paths.ts';
import { META_REGION, type RegionInfo } from '../hbase/region-info.ts';
import type { FileSystemPort, ZKWatcher } from '../hbase/ports.ts';
import { SERVICE, type RegionServerReportRequest, type RegionServerStartupRequest, type StatusResponse } from '../hbase/protocol.ts';
import { processOf, serverName, type ServerName } from '../hbase/server-name.ts';
import { FSHLog } from './fshlog.ts';
import type { HRegion } from './hregion.ts';
import { MetaLocator } from './meta-locator.ts';
import { RegionHandlers } from './region-handlers.ts';
import { serveRpcs } from './rs-rpc-services.ts';
import { postOpenDeployTasks } from './zk-handlers/post-open-deploy-tasks.ts';
import { ZkRegionHandlers } from './zk-handlers/zk-region-handlers.ts';
import { SplitLogWorker } from './zk-handlers/split-log-worker.ts';

export const RS_PORT = 16020;


export type RsLifecycle = 'STARTING' | 'ONLINE' | 'ABORTED';

export class HRegionServer {
  readonly serverName: ServerName;
  readonly zk: ZKWatcher;
  readonly fs: FileSystemPort;
  lifecycle: RsLifecycle = 'STARTING';
  wal: FSHLog | null = null;
  /** WALFactory.getMetaWAL: created when hbase:meta first opens here. */
  metaWal: FSHLog | null = null;
  readonly online = new Map<string, HRegion>();
  /** Clients' meta lookups, answered from hbase:meta while this server holds it. */
  readonly metaLocator = new MetaLocator();
  /** Regions being opened or closed, with the procId that asked (regionsInTransitionInRS): one action at a time. */
  readonly inTransition = new Map<string, { action: 'open' | 'close'; procId: number }>();
  /** Open/close procedures taken on and not finished (submittedRegionProcedures): a failed open stays here. */
  readonly #submittedProcedures = new Set<number>();
  /** Open/close procedures carried out and reported (executedRegionProcedures, HBASE-22404). */
  readonly #executedProcedures = new Set<number>();
  /** Regions closed for a move recently: clients get RegionMovedException (TIMEOUT_REGION_MOVED). */
  readonly movedRegions = new Map<string, { destination: ServerName; until: number }>();
  readonly handlers: RegionHandlers;
  /** The ZooKeeper era's OpenRegionHandler / CloseRegionHandler (HBase 1.1); null under AMv2. */
  readonly zkHandlers: ZkRegionHandlers | null;
  /** The ZooKeeper era's SplitLogWorker (distributed log splitting, HBase 1.1); null under AMv2. */
  readonly splitLogWorker: SplitLogWorker | null;
  /** MasterAddressTracker: the master /hbase/master names now. */
  activeMaster: ServerName | null = null;
  /**
   * rssStub: the master this server talks to. Kept until a call to it fails, then re-resolved from the tracker
   * (createRegionServerStatusStub) — so a deposed master that still answers keeps getting reports (HBASE-28690).
   */
  #rssStub: ServerName | null = null;

  constructor(
    readonly ctx: ProcessContext,
    readonly deps: ServerDeps,
    startcode: number,
  ) {
    this.serverName = serverName(ctx.id, RS_PORT, startcode);
    this.zk = deps.zk(ctx);
    this.fs = deps.fs(ctx);
    this.handlers = new RegionHandlers(this);
    this.zkHandlers = deps.assignment === 'zk' ? new ZkRegionHandlers(this) : null;
    this.splitLogWorker = deps.assignment === 'zk' ? new SplitLogWorker(this) : null;
    this.zk.onEvent((event) => {
      if (event.type === 'Expired') this.abort('ZooKeeper session expired');
      else if (event.type === 'NodeDataChanged' || event.type === 'NodeCreated' || event.type === 'NodeDeleted') {
        if ('path' in event && event.path === this.layout.znode.master) this.#watchMaster();
      } else if (event.type === 'NodeChildrenChanged') this.splitLogWorker?.onZkEvent(event);
    });
    serveRpcs(this);
    this.#watchMaster();
    this.#reportForDuty(0);
  }

  get config(): HBaseConfig {
    return this.deps.config;
  }

  /** This cluster's znodes and files (zookeeper.znode.parent, hbase.rootdir). */
  get layout(): HBaseLayout {
    return layoutOf(this.deps.config);
  }

  get trace(): SystemTracer {
    return this.deps.trace;
  }

  /**
   * submitRegionProcedure (HBASE-22404): a procId seen before — still running, failed, or done — is a re-sent
   * request and is ignored. A failed open is never finished, so a late re-send of it cannot open the region after
   * the master has re-planned it elsewhere.
   */
  submitRegionProcedure(procId: number): boolean {
    // Planted bug HBASE-22404: before the fix the RegionServer kept no procIds, so every re-send ran again.
    if (this.deps.bugs.has('rs-reexecutes-resent-open-close')) return true;
    if (this.#submittedProcedures.has(procId) || this.#executedProcedures.has(procId)) return false;
    this.#submittedProcedures.add(procId);
    return true;
  }

  /** finishRegionProcedure: its report was accepted. */
  finishRegionProcedure(procId: number): void {
    this.#executedProcedures.add(procId);
    this.#submittedProcedures.delete(procId);
  }

  /** HRegionServer.postOpenDeployTasks of the ZooKeeper era: this server records the region's location itself. */
  postOpenDeployTasks(hregion: HRegion, done: () => void): void {
    postOpenDeployTasks(this, hregion, done);
  }

  isServing(): boolean {
    return this.lifecycle === 'ONLINE';
  }

  /**
   * faultline's model closes HBase's zombie-read window with a lease: a server serves reads only within two
   * thirds of the session timeout from the last moment ZooKeeper certainly held its session — the send time of
   * the newest request ZooKeeper answered, not the arrival of that answer, which a paused server reads late
   * (assuming bounded clock drift, its session may be gone after that) — and not while its connection to
   * ZooKeeper is lost (a forced expiry closes it at once). HBase itself has no such check; the planted bug
   * `zombie-reads` restores HBase's behaviour.
   */
  mayServeReads(): boolean {
    if (this.deps.bugs.has('zombie-reads')) return true;
    return this.ctx.now() - this.zk.sessionConfirmedMs() < (this.config.zkSessionTimeoutMs * 2) / 3;
  }

  /** A failpoint; free when no fault injector is armed. If it killed us here, nothing after it runs. */
  failpoint(name: string, detail: Record<string, unknown>): void {
    const hook = this.deps.failpoint();
    if (hook === null) return;
    hook(this.ctx, name, { server: this.serverName, ...detail });
    if (!this.ctx.isCurrent()) throw new ProcessTerminated(this.ctx.id);
  }

  abort(reason: string): void {
    if (this.lifecycle === 'ABORTED' || !this.ctx.isCurrent()) return;
    this.lifecycle = 'ABORTED';
    this.wal?.shutdown();
    this.metaWal?.shutdown();
    this.trace.emit('rs.aborted', { process: this.ctx.id, server: this.serverName, reason });
    for (const [encoded, region] of [...this.online].sort(([a], [b]) => (a < b ? -1 : 1))) this.trace.emit('region.closed', { region: encoded, table: region.info.table, server: this.serverName, reason: 'abort' });
    this.online.clear();
    this.ctx.exit();
  }

  /**
   * Call RegionServerStatusService on the master stub; callback gets null if there is no master to ask or the call
   * failed. A failed call or an error answer drops the stub (tryRegionServerReport, reportRegionStateTransition).
   */
  callMaster<R extends { ok: boolean }>(method: string, payload: unknown, done: (response: R | null) => void): void {
    const master = this.#rssStub ?? this.activeMaster;
    if (master === null) return done(null);
    this.#rssStub = master;
    this.deps.network.call<R>(this.ctx, processOf(master), SERVICE.regionServerStatus, method, payload, this.config.rpcTimeoutMs, (r) => {
      const response = r.ok ? r.value : null;
      if (response?.ok !== true && this.#rssStub === master) this.#rssStub = null;
      done(response);
    });
  }

  /** MasterAddressTracker: getData sets no watch on a missing znode, so then watch its creation with exists. */
  #watchMaster(): void {
    this.zk.getData(this.layout.znode.master, true, (r) => {
      if (r.code === 'ok' && r.value !== undefined) {
        this.activeMaster = (r.value.data as { server: ServerName }).server;
        return;
      }
      this.activeMaster = null;
      if (r.code === 'NoNode') this.zk.exists(this.layout.znode.master, true, (e) => e.value === true && this.#watchMaster());
    });
  }

  #createWal(then: () => void): void {
    const retry = () => this.ctx.setTimer(this.config.reportForDutyBackoffMs, () => this.#createWal(then));
    this.fs.mkdirs(this.layout.walDir(this.serverName), (dir) => {
      if (dir.code !== 'ok') return retry();
      FSHLog.create(this.#walDeps(false), (wal) => {
        if (wal === null) return;
        this.wal = wal;
        then();
      });
    });
  }

  /** The WAL a region writes to (WALFactory.getWAL / getMetaWAL); null while the meta WAL is being created or failed. */
  walFor(region: RegionInfo, done: (wal: FSHLog | null) => void): void {
    if (region.encodedName !== META_REGION.encodedName) return done(this.wal);
    if (this.metaWal !== null) return done(this.metaWal);
    FSHLog.create(this.#walDeps(true), (wal) => {
      if (this.metaWal === null) this.metaWal = wal;
      done(this.metaWal);
    });
  }

  #walDeps(meta: boolean) {
    return {
      ctx: this.ctx,
      fs: this.fs,
      trace: this.trace,
      server: this.serverName,
      pathOf: (n: number) => this.layout.walFile(this.serverName, n, meta),
      rollPeriodMs: this.config.walRollPeriodMs,
      rollSizeRecords: this.config.walRollSizeRecords,
      createParent: this.deps.bugs.has('zombie-rolls-into-listed-wal-dir'),
      failpoint: (name: string, detail: Record<string, unknown>) => this.failpoint(name, { ...detail, meta }),
      abort: (reason: string) => this.abort(reason),
    };
  }

  /** reportForDuty: loop until the active master accepts us, backing off from msginterval to 5 minutes. */
  #reportForDuty(attempt: number): void {
    const request: RegionServerStartupRequest = { server: this.serverName, currentTime: this.ctx.now() };
    this.callMaster<StatusResponse>('regionServerStartup', request, (response) => {
      if (this.lifecycle === 'ABORTED') return;
      if (response?.ok) return this.#registerInZooKeeper();
      if (response?.error === 'YouAreDeadException') return this.abort(`YouAreDeadException: ${response.message ?? ''}`);
      const backoff = Math.min(this.config.reportForDutyBackoffMs * 2 ** Math.min(attempt, 10), 300_000);
      this.ctx.setTimer(backoff, () => this.#reportForDuty(attempt + 1));
    });
  }

  /** handleReportForDutyResponse: the ephemeral znode first, then the WAL (setupWALAndReplication), then serve. */
  #registerInZooKeeper(): void {
    this.zk.create(this.layout.rsZNode(this.serverName), { server: this.serverName }, 'EPHEMERAL', (r) => {
      if (r.code !== 'ok') return this.abort(`cannot create ${this.layout.rsZNode(this.serverName)}: ${r.code}`);
      this.#createWal(() => {
        this.lifecycle = 'ONLINE';
        this.trace.emit('rs.online', { process: this.ctx.id, server: this.serverName });
        this.splitLogWorker?.start();
        this.#report();
      });
    });
  }

  /** regionServerReport every msginterval; YouAreDead from the master is fatal. */
  #report(): void {
    if (this.lifecycle !== 'ONLINE') return;
    const request: RegionServerReportRequest = { server: this.serverName, regions: [...this.online.keys()].sort() };
    this.callMaster<StatusResponse>('regionServerReport', request, (response) => {
      if (response !== null && !response.ok && response.error === 'YouAreDeadException') return this.abort(`YouAreDeadException: ${response.message ?? ''}`);
    });
    this.ctx.setTimer(this.config.rsReportIntervalMs, () => this.#report());
  }
}
