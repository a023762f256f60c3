/**
 * MasterProcedureEnv: what a procedure on the active master can touch. Storage and RPC sit behind narrow
 * interfaces (meta writes, HDFS layout and WAL splitting, region open/close dispatch) so procedures read as
 * HBase's do and tests can drive them without a cluster.
 */
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { SystemTracer } from '../../schema/trace.ts';
import type { HBaseConfig } from '../hbase/config.ts';
import type { RegionInfo } from '../hbase/region-info.ts';
import type { TableState } from '../hbase/protocol.ts';
import type { ServerName } from '../hbase/server-name.ts';
import type { RegionStateNode } from './assignment/region-state-node.ts';
import type { RegionStates } from './assignment/region-states.ts';
import type { ProcedureExecutor } from './procedure/executor.ts';
import type { Procedure } from './procedure/procedure.ts';

/** Writes region and table state to hbase:meta (and meta's own location to ZooKeeper). Calls back once
 *  durable; retries internally while meta is unavailable. */
export interface RegionStateStore {
  updateRegionLocation(node: RegionStateNode, done: () => void): void;
  updateTableState(table: string, state: TableState, done: () => void): void;
  addRegions(regions: readonly RegionInfo[], done: () => void): void;
  /** The newest cell timestamp found when meta was loaded. */
  metaLoaded(newestTs: number): void;
}

/** HDFS work the master does for procedures. All idempotent: a step may run twice after a failover. */
export interface MasterFileSystem {
  createRegionDirs(regions: readonly RegionInfo[], done: () => void): void;
  /** Rename `/hbase/WALs/<sn>` to `-splitting` (fencing new WALs), recover each file's lease (fencing appends),
   *  and split the edits of hbase:meta, or of the user regions, into each region's recovered.edits. Calls back
   *  when the split is durable. */
  splitWals(server: ServerName, regions: 'meta' | 'user', done: () => void): void;
  /** Delete the `-splitting` directory once its edits are safely split. */
  deleteSplitWalDir(server: ServerName, done: () => void): void;
}

/**
 * 'server-dead': the target was not online when the request was added (FailedRemoteDispatchException);
 * 'failed': the dispatcher gave up on a call (remoteCallFailed) — the target may still be online.
 */
export type DispatchOutcome = 'dispatched' | 'server-dead' | 'failed';

/** Sends open/close to a RegionServer, retrying or giving up per RSProcedureDispatcher's rules (HBASE.md §2). */
export interface RemoteDispatcher {
  openRegion(server: ServerName, region: RegionInfo, procId: number, done: (outcome: DispatchOutcome) => void): void;
  closeRegion(server: ServerName, region: RegionInfo, procId: number, destination: ServerName | null, done: (outcome: DispatchOutcome) => void): void;
}

export interface ServerInfo {
  isOnline(server: ServerName): boolean;
  /** ServerManager.expireServer: the server is declared dead and a ServerCrashProcedure scheduled. */
  expireServer(server: ServerName, reason: string): boolean;
  /** Servers that may receive regions: online, not crashed, and have reported at least once (HBASE-25032). */
  assignableServers(): ServerName[];
  /** The SCP has finished with a crashed server. */
  serverCrashProcessed(server: ServerName): void;
  /** SERVER_CRASH_SPLITTING and friends, for the trace. */
  setServerState(server: ServerName, state: string): void;
}

export interface MasterProcedureEnv {
  readonly ctx: ProcessContext;
  readonly trace: SystemTracer;
  readonly config: HBaseConfig;
  readonly server: ServerName;
  readonly regionStates: RegionStates;
  readonly stateStore: RegionStateStore;
  readonly fs: MasterFileSystem;
  readonly dispatcher: RemoteDispatcher;
  readonly servers: ServerInfo;
  readonly executor: ProcedureExecutor<MasterProcedureEnv>;
  /** Planted bugs switched on for this run (system/bugs.ts). */
  readonly bugs: ReadonlySet<string>;
  /** Regions of enabled tables become assignable once meta is loaded (joinCluster). */
  isMetaLoaded(): boolean;
  /** Park a procedure until meta is loaded; it is woken by joinCluster. */
  waitMetaLoaded(procedure: Procedure<MasterProcedureEnv>): void;
  /** Pick a target for an assignment (the balancer's job). `exclude` is avoided when possible. */
  pickServer(region: RegionInfo, exclude: ServerName | null): ServerName | null;
  /** A failpoint: the fault injector may crash or pause the master here. Free when nothing is armed. */
  failpoint(name: string, detail: Record<string, unknown>): void;
}
