/**
 * HMaster: one process of several; ZooKeeper elects the active one (ActiveMasterManager, HBASE.md §1.2).
 * Every master registers under /hbase/backup-masters, then races to create the ephemeral /hbase/master.
 * The winner runs finishActiveMasterInitialization (active-master-init.ts); the others watch the znode.
 * A master aborts — and the process exits — on ZooKeeper session expiry or when its procedure store gives up.
 */
import { ProcessTerminated, type ProcessContext } from '../../harness/scheduler.ts';
import type { SystemTracer } from '../../schema/trace.ts';
import type { HBaseConfig } from '../hbase/config.ts';
import type { ServerDeps } from '../hbase/server-deps.ts';
import { layoutOf, type HBaseLayout } from '../hbase/paths.ts';
import type { FileSystemPort, ZKWatcher } from '../hbase/ports.ts';
import { hostAndPort, serverName, type ServerName } from '../hbase/server-name.ts';
import type { AssignmentManager } from './assignment/assignment-manager.ts';
import type { MasterProcedureEnv } from './master-env.ts';
import { serveMasterRpcs } from './master-rpc-services.ts';
import type { ProcedureExecutor } from './procedure/executor.ts';
import type { ServerManager } from './server-manager.ts';
import { ActiveMasterInitialization } from './active-master-init.ts';
import { Balancer } from './balancer.ts';
import type { ZkActiveParts } from './zk-assignment/zk-active-parts.ts';
import { ZkActiveMasterInitialization } from './zk-assignment/zk-master-init.ts';
import { startBalancerChore } from './zk-assignment/table-handlers.ts';
import type { ZkEvent } from '../hbase/ports.ts';

export const MASTER_PORT = 16000;
/** How long a master's other services take to stop between the AssignmentManager and the executor (HBASE-24117). */
const SERVICES_STOP_MS = 300;


export type MasterState = 'STARTING' | 'BACKUP' | 'ACTIVE' | 'INITIALIZED' | 'ABORTED';

/**
 * The seam between the two eras of assignment (DESIGN.md "Two eras of assignment"): what becoming active
 * starts — finishActiveMasterInitialization of HBase 2.x (procedures, AMv2) or of HBase 1.1 (ZooKeeper).
 */
interface ActiveMasterRole {
  run(initialized: () => void): void;
  /** RegionServerTracker: a change under /hbase/rs. */
  refreshRegionServers(): void;
  /** Any other watch event (the ZooKeeper era's regions in transition). */
  onZkEvent(event: ZkEvent): void;
}

/** What an active master has built; absent on a backup. */
export interface ActiveParts {
  serverManager: ServerManager;
  am: AssignmentManager;
  executor: ProcedureExecutor<MasterProcedureEnv>;
  env: MasterProcedureEnv;
}

export class HMaster {
  readonly serverName: ServerName;
  readonly zk: ZKWatcher;
  readonly fs: FileSystemPort;
  state: MasterState = 'STARTING';
  /** The czxid of our /hbase/master znode: the fencing token RegionServers check. */
  activeToken = 0;
  active: ActiveParts | null = null;
  /** The ZooKeeper era's counterpart of `active` (HBase 1.1); null under AMv2 and on a backup. */
  zkActive: ZkActiveParts | null = null;
  #init: ActiveMasterRole | null = null;
  /** HMaster.balance and its BalancerChore (balancer.ts). */
  readonly balancer = new Balancer(this);

  constructor(
    readonly ctx: ProcessContext,
    readonly deps: ServerDeps,
    startcode: number,
  ) {
    this.serverName = serverName(ctx.id, MASTER_PORT, startcode);
    this.zk = deps.zk(ctx);
    this.fs = deps.fs(ctx);
    this.zk.onEvent((event) => {
      if (event.type === 'Expired') return this.abort('ZooKeeper session expired');
      if (!('path' in event)) return;
      if (event.path === this.layout.znode.master && this.state === 'BACKUP') this.#tryToBecomeActive();
      if (event.path === this.layout.znode.rs && this.#init !== null) this.#init.refreshRegionServers();
      else this.#init?.onZkEvent(event);
    });
    serveMasterRpcs(this);
    this.#createBaseZNodes(0, () => this.#registerBackup());
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
   * stopServiceThreads: the procedure executor stops before the AssignmentManager (HBASE-24117), so no procedure
   * step runs against region states that are gone. With that planted bug the AssignmentManager stops first and
   * the executor runs on while the other services stop.
   */
  abort(reason: string): void {
    if (this.state === 'ABORTED' || !this.ctx.isCurrent()) return;
    this.state = 'ABORTED';
    this.trace.emit('master.aborted', { process: this.ctx.id, server: this.serverName, reason });
    const active = this.active;
    if (active !== null && this.deps.bugs.has('scp-skips-assign-on-shutdown')) {
      active.am.stop();
      return void this.ctx.setTimer(SERVICES_STOP_MS, () => {
        active.executor.stop();
        this.ctx.exit();
      });
    }
    active?.executor.stop();
    this.ctx.exit();
  }

  /** A failpoint; free when no fault injector is armed. If it killed us here, nothing after it runs. */
  failpoint(name: string, detail: Record<string, unknown>): void {
    const hook = this.deps.failpoint();
    if (hook === null) return;
    hook(this.ctx, name, { master: this.serverName, ...detail });
    if (!this.ctx.isCurrent()) throw new ProcessTerminated(this.ctx.id);
  }

  #createBaseZNodes(i: number, then: () => void): void {
    const { base, rs, backupMasters, draining, table, splitWAL, regionInTransition } = this.layout.znode;
    const paths = [base, rs, backupMasters, draining, table, splitWAL];
    // ZKAssign's parent (HBase 1.x's ZooKeeperWatcher.createBaseZNodes makes it too).
    if (this.deps.assignment === 'zk') paths.push(regionInTransition);
    const path = paths[i];
    if (path === undefined) return then();
    this.zk.create(path, null, 'PERSISTENT', (r) => {
      if (r.code === 'ok' || r.code === 'NodeExists') return this.#createBaseZNodes(i + 1, then);
      this.ctx.setTimer(this.config.zkSessionTimeoutMs / 10, () => this.#createBaseZNodes(i, then));
    });
  }

  #registerBackup(): void {
    this.zk.create(this.layout.backupMasterZNode(this.serverName), { server: this.serverName }, 'EPHEMERAL', (r) => {
      if (r.code !== 'ok' && r.code !== 'NodeExists') return this.abort(`cannot register as backup master: ${r.code}`);
      this.state = 'BACKUP';
      this.trace.emit('master.backup', { process: this.ctx.id, server: this.serverName });
      this.#tryToBecomeActive();
    });
  }

  /** blockUntilBecomingActiveMaster: create /hbase/master; on NodeExists, watch it and try again when it goes. */
  #tryToBecomeActive(): void {
    if (this.state !== 'BACKUP') return;
    this.zk.create(this.layout.znode.master, { server: this.serverName }, 'EPHEMERAL', (created) => {
      if (this.state !== 'BACKUP') return;
      if (created.code === 'ok') return this.#becomeActive();
      if (created.code !== 'NodeExists') return void this.ctx.setTimer(this.config.zkSessionTimeoutMs / 10, () => this.#tryToBecomeActive());
      this.zk.getData(this.layout.znode.master, true, (current) => {
        if (current.code === 'NoNode') return this.#tryToBecomeActive();
        const holder = (current.value?.data as { server?: ServerName } | undefined)?.server;
        // Our own host:port from a previous life: delete it to hurry the expiration, then try again.
        if (holder !== undefined && holder !== this.serverName && hostAndPort(holder) === hostAndPort(this.serverName)) {
          this.zk.delete(this.layout.znode.master, () => this.#tryToBecomeActive());
        }
      });
    });
  }

  #procedureEra(): ActiveMasterRole {
    const init = new ActiveMasterInitialization(this, (parts) => (this.active = parts));
    return { run: (initialized) => init.run(initialized), refreshRegionServers: () => init.refreshRegionServers(), onZkEvent: () => {} };
  }

  #zkEra(): ActiveMasterRole {
    const init = new ZkActiveMasterInitialization(this);
    this.zkActive = init.parts;
    return init;
  }

  #becomeActive(): void {
    this.zk.getData(this.layout.znode.master, true, (r) => {
      if (r.code !== 'ok' || r.value === undefined) return this.abort(`lost /hbase/master right after winning it: ${r.code}`);
      this.activeToken = r.value.czxid;
      this.state = 'ACTIVE';
      this.zk.delete(this.layout.backupMasterZNode(this.serverName), () => {});
      this.trace.emit('master.active', { process: this.ctx.id, server: this.serverName, token: this.activeToken });
      this.#init = this.deps.assignment === 'zk' ? this.#zkEra() : this.#procedureEra();
      this.#init.run(() => {
        if (this.state !== 'ACTIVE') return;
        this.state = 'INITIALIZED';
        this.trace.emit('master.initialized', { process: this.ctx.id, server: this.serverName });
        // HBase schedules the chore during initialisation with no initial delay; its runs before the master is
        // initialised are refused, so the first one that can act comes a period later.
        if (this.zkActive !== null) startBalancerChore(this.zkActive);
        else this.balancer.startChore();
      });
    });
  }
}
