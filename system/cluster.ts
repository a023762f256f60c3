/**
 * A simulated HBase cluster on a Simulation: one ZooKeeper ensemble, HDFS, N HMasters and M RegionServers,
 * each a process whose boot function builds a fresh incarnation from durable state only (HDFS, ZooKeeper).
 * The cluster publishes roles (the active master, the server holding meta, …) for fault injection, and
 * exposes its components read-only for tests.
 *
 * Several clusters can share one ZooKeeper ensemble and one HDFS (`services`), each under its own
 * zookeeper.znode.parent and hbase.rootdir: a named cluster prefixes its processes with its name
 * (`a-master-1`, `a-rs-2`) and tags the events it emits with `cluster`.
 */
import type { ProcessContext, ProcessId } from '../harness/scheduler.ts';
import type { Simulation } from '../harness/simulation.ts';
import { assignmentEra, validateClusterSpec, type ClusterSpec } from './cluster-spec.ts';
import type { FileSystemPort, ZKWatcher } from './hbase/ports.ts';
import type { FailpointHook } from './hbase/server-deps.ts';
import { connectZooKeeper } from './hbase/recoverable-zookeeper.ts';
import { connectHdfs, spawnHdfs, type HdfsHandle } from './hbase/hdfs-port.ts';
import { HMaster } from './master/hmaster.ts';
import { HRegionServer } from './regionserver/hregionserver.ts';
import { ZooKeeperServer } from './zookeeper/server.ts';
import { META_REGION } from './hbase/region-info.ts';
import { layoutOf } from './hbase/paths.ts';
import type { MetaRow } from './hbase/protocol.ts';
import type { ClusterSnapshot } from '../schema/snapshot.ts';
import { tracer, type SystemTraceEvent, type TraceEvent } from '../schema/trace.ts';
import type { Tracer } from '../harness/trace.ts';

/** The ZooKeeper ensemble and HDFS a cluster runs on; shared when several clusters run on one Simulation. */
export interface SharedServices {
  zookeeper: ZooKeeperServer;
  hdfs: HdfsHandle;
}

export interface ClusterOptions {
  /** Prefixes the cluster's processes (`<name>-master-1`) and tags its trace events; none for a lone cluster. */
  name?: string;
  /** Services spawned by spawnServices, to share them with another cluster; spawned here when absent. */
  services?: SharedServices;
}

/** Spawn a ZooKeeper ensemble and HDFS (untagged: they serve every cluster on them). */
export function spawnServices(sim: Simulation, sessionTimeoutMs: number): SharedServices {
  const trace = tracer<SystemTraceEvent>(sim.trace);
  const zookeeper = ZooKeeperServer.spawn({ scheduler: sim.scheduler, network: sim.network, trace }, { minSessionTimeoutMs: Math.min(sessionTimeoutMs, 4_000), maxSessionTimeoutMs: Math.max(sessionTimeoutMs, 40_000) });
  return { zookeeper, hdfs: spawnHdfs(sim) };
}

export class Cluster {
  readonly zookeeper: ZooKeeperServer;
  readonly hdfs: HdfsHandle;
  readonly masterIds: ProcessId[];
  readonly regionServerIds: ProcessId[];
  readonly #masters = new Map<ProcessId, HMaster>();
  readonly #regionServers = new Map<ProcessId, HRegionServer>();
  /** A host's last startcode survives its restarts (it is the boot time, kept strictly increasing). */
  readonly #lastStartcode = new Map<ProcessId, number>();
  readonly #bugs: ReadonlySet<string>;

  readonly name: string | undefined;
  /** What this cluster's process ids begin with: `<name>-`, or nothing for a lone cluster. */
  readonly processPrefix: string;

  constructor(
    readonly sim: Simulation,
    readonly spec: ClusterSpec,
    /** Failpoints fire through this hook once the fault injector sets it; none until then. */
    public failpoint: FailpointHook | null = null,
    options: ClusterOptions = {},
  ) {
    validateClusterSpec(spec);
    this.#bugs = new Set(spec.bugs);
    this.name = options.name;
    this.processPrefix = options.name === undefined ? '' : `${options.name}-`;
    const { network } = sim;
    const trace = this.tracer<SystemTraceEvent>();
    const services = options.services ?? spawnServices(sim, spec.config.zkSessionTimeoutMs);
    this.zookeeper = services.zookeeper;
    this.hdfs = services.hdfs;
    const { scheduler } = sim;
    this.masterIds = Array.from({ length: spec.masters }, (_, i) => `${this.processPrefix}master-${i + 1}`);
    this.regionServerIds = Array.from({ length: spec.regionServers }, (_, i) => `${this.processPrefix}rs-${i + 1}`);
    const deps = {
      network,
      trace,
      config: spec.config,
      bugs: this.#bugs,
      assignment: assignmentEra(spec),
      zk: (ctx: ProcessContext) => this.zkFor(ctx),
      fs: (ctx: ProcessContext) => this.fsFor(ctx),
      failpoint: () => this.failpoint,
    };
    for (const id of this.masterIds) scheduler.spawn(id, (ctx) => this.#masters.set(id, new HMaster(ctx, deps, this.#startcode(ctx))));
    for (const id of this.regionServerIds) scheduler.spawn(id, (ctx) => this.#regionServers.set(id, new HRegionServer(ctx, deps, this.#startcode(ctx))));
  }

  /** The run's trace as an emitter of `E`, each event tagged with this cluster's name when it has one. */
  tracer<E extends TraceEvent>(): Tracer<E> {
    const base = tracer<E>(this.sim.trace);
    const name = this.name;
    if (name === undefined) return base;
    return { emit: (type, fields) => base.emit(type, { ...fields, cluster: name }) };
  }

  zkFor(ctx: ProcessContext): ZKWatcher {
    return connectZooKeeper(ctx, this.sim.network, this.spec.config.zkSessionTimeoutMs);
  }

  fsFor(ctx: ProcessContext): FileSystemPort {
    return connectHdfs(ctx, this.sim.network, this.hdfs, this.spec.config.rpcTimeoutMs, this.spec.config);
  }

  /** The current incarnation's HMaster, or undefined while the process is down. */
  master(id: ProcessId): HMaster | undefined {
    return this.sim.scheduler.info(id).status === 'crashed' ? undefined : this.#masters.get(id);
  }

  regionServer(id: ProcessId): HRegionServer | undefined {
    return this.sim.scheduler.info(id).status === 'crashed' ? undefined : this.#regionServers.get(id);
  }

  /** The master that believes it is active and is alive (there should be at most one). */
  activeMaster(): HMaster | undefined {
    return this.masterIds.map((id) => this.master(id)).find((m) => m !== undefined && (m.state === 'ACTIVE' || m.state === 'INITIALIZED'));
  }

  /** Observe the end state directly (after the run; not a simulated read) for the final checks. */
  snapshot(): ClusterSnapshot {
    const regionServers: Record<string, string[]> = {};
    for (const id of this.regionServerIds) {
      const rs = this.regionServer(id);
      if (rs !== undefined && rs.lifecycle === 'ONLINE') regionServers[rs.serverName] = [...rs.online.keys()].sort();
    }
    const meta: ClusterSnapshot['meta'] = {};
    const tables: ClusterSnapshot['tables'] = {};
    const metaRegion = this.regionServerIds.map((id) => this.regionServer(id)?.online.get(META_REGION.encodedName)).find((r) => r !== undefined);
    for (const [, value] of metaRegion?.rows() ?? []) {
      const row = value as MetaRow | null;
      if (row === null) continue;
      if (row.kind === 'table') tables[row.table] = row.state;
      else meta[row.region.encodedName] = { table: row.region.table, state: row.state, server: row.state === 'OPEN' ? row.server : row.sn };
    }
    // HBase 1.1's meta keeps a closed region's info:server; its master reads a disabled table's regions as
    // hostless (rebuildUserRegions, HBASE-13326) — so does this view of meta in the ZooKeeper era.
    if (assignmentEra(this.spec) === 'zk') {
      for (const row of Object.values(meta)) if (tables[row.table] === 'DISABLED') Object.assign(row, { state: 'OFFLINE', server: null });
    }
    const location = this.zookeeper.read(layoutOf(this.spec.config).znode.metaRegionServer);
    return {
      activeMasters: this.masterIds.map((id) => this.master(id)).filter((m) => m !== undefined && (m.state === 'ACTIVE' || m.state === 'INITIALIZED')).map((m) => (m as HMaster).serverName),
      regionServers,
      meta,
      tables,
      metaLocation: location === null ? null : (location.data as { server: string | null; state: string }),
    };
  }

  #startcode(ctx: ProcessContext): number {
    const last = this.#lastStartcode.get(ctx.id) ?? 0;
    const startcode = Math.max(ctx.now(), last + 1);
    this.#lastStartcode.set(ctx.id, startcode);
    return startcode;
  }
}
