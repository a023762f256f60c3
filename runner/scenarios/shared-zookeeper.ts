/**
 * `shared-zookeeper`: two HBase clusters on ONE ZooKeeper ensemble and ONE HDFS, as deployments do (seed 004:
 * "several HBase clusters can share one ZooKeeper cluster; set zookeeper.znode.parent per cluster, e.g.
 * /hbase-cluster1, /hbase-cluster2"). Each has its own znode parent and hbase.rootdir, masters, RegionServers,
 * admin and clients, and its own keys; faults strike processes of either cluster, and whatever befalls the
 * shared ZooKeeper or HDFS befalls both. Each cluster is judged on its own: the verdict lists
 * `<cluster>/linearizability` and `<cluster>/assignment` for each (runner/cluster-view.ts).
 */
import { Nemesis } from '../../harness/faults/nemesis.ts';
import type { RunTraceEvent } from '../../schema/events/run.ts';
import { Cluster, spawnServices } from '../../system/cluster.ts';
import { DEFAULT_CLUSTER, validateClusterSpec, type ClusterSpec } from '../../system/cluster-spec.ts';
import { clusterFaultTargets, sharedFaultTargets } from '../../system/fault-targets.ts';
import { SCENARIO_CONFIG } from '../../system/hbase/config.ts';
import { layoutOf } from '../../system/hbase/paths.ts';
import { DEFAULT_REGISTER_WORKLOAD, RegisterWorkload, validateWorkload, type RegisterWorkloadSpec } from '../../workloads/register.ts';
import { runCheckers } from '../checkers.ts';
import { perClusterCheckers } from '../cluster-view.ts';
import { runUntilSettled, scheduleFor, superviseAfter, type FaultsSpec } from './hbase.ts';
import { PROFILES } from './profiles.ts';
import type { ScenarioEntry } from './registry.ts';

export interface SharedCluster {
  /** Prefixes its processes (`a-master-1`), its history keys (`a:usertable/row-01`) and its checkers (`a/assignment`). */
  name: string;
  cluster: ClusterSpec;
  workload: RegisterWorkloadSpec;
}

export interface SharedZooKeeperSpec {
  clusters: SharedCluster[];
  faults: FaultsSpec;
  durationMs: number;
  quietMs: number;
  finalReadsMs: number;
}

/** History process numbers of the i-th cluster begin here (a client that ended in info takes a fresh number). */
const PROCESS_NUMBERS_PER_CLUSTER = 100_000;

const nested = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

export function validateSharedZooKeeper(spec: SharedZooKeeperSpec): void {
  if (!Array.isArray(spec.clusters) || spec.clusters.length < 1) throw new Error('clusters must list at least one cluster');
  spec.clusters.forEach((c, i) => {
    if (typeof c.name !== 'string' || !/^[a-z][a-z0-9]*$/.test(c.name)) throw new Error(`clusters[${i}].name must be lower-case letters and digits, got ${JSON.stringify(c.name)}`);
    validateClusterSpec(c.cluster, `clusters[${i}].cluster`);
    validateWorkload(c.workload, c.cluster, `clusters[${i}].workload`);
    spec.clusters.slice(0, i).forEach((o, j) => {
      if (o.name === c.name) throw new Error(`clusters[${i}].name ${c.name} is also clusters[${j}]'s`);
      const [mine, theirs] = [layoutOf(c.cluster.config), layoutOf(o.cluster.config)];
      if (nested(theirs.znode.base, mine.znode.base)) throw new Error(`clusters[${i}].cluster.config.zookeeperZnodeParent ${mine.znode.base} overlaps clusters[${j}]'s ${theirs.znode.base}`);
      if (nested(theirs.fs.root, mine.fs.root)) throw new Error(`clusters[${i}].cluster.config.rootDir ${mine.fs.root} overlaps clusters[${j}]'s ${theirs.fs.root}`);
    });
  });
  for (const field of ['durationMs', 'quietMs', 'finalReadsMs'] as const) {
    if (!Number.isInteger(spec[field]) || spec[field] < 0) throw new Error(`${field} must be a non-negative integer, got ${spec[field]}`);
  }
  if (!Number.isInteger(spec.faults.startMs) || spec.faults.startMs < 0 || spec.faults.startMs > spec.durationMs) {
    throw new Error(`faults.startMs must be an integer from 0 to durationMs (${spec.durationMs}), got ${spec.faults.startMs}`);
  }
  if (spec.faults.profile !== null && PROFILES[spec.faults.profile] === undefined) throw new Error(`faults.profile: unknown profile ${JSON.stringify(spec.faults.profile)}`);
}

export interface SharedRun {
  clusters: Cluster[];
  workloads: RegisterWorkload[];
  nemesis: Nemesis | null;
}

/** Build the shared services, then each cluster on them, and run; each cluster's snapshot ends the trace. */
export function runSharedZooKeeper(sim: Parameters<ScenarioEntry['execute']>[0], spec: SharedZooKeeperSpec): SharedRun {
  const sessionTimeouts = spec.clusters.map((c) => c.cluster.config.zkSessionTimeoutMs);
  const services = spawnServices(sim, Math.min(...sessionTimeouts));
  const finalReadsAt = spec.durationMs + spec.quietMs;
  const clusters = spec.clusters.map((c) => new Cluster(sim, c.cluster, null, { name: c.name, services }));
  const workloads = spec.clusters.map((c, i) => new RegisterWorkload(sim, clusters[i] as Cluster, c.workload, { stopAt: spec.durationMs, finalReadsAt }, i * PROCESS_NUMBERS_PER_CLUSTER));
  const schedule = scheduleFor(sim, spec);
  let nemesis: Nemesis | null = null;
  if (schedule !== null) {
    const targets = sharedFaultTargets(clusters.map((cluster, i) => clusterFaultTargets(cluster, spec.clusters[i]?.workload.clients ?? 0)));
    const armed = new Nemesis(sim, targets, schedule);
    sim.scheduler.at(spec.faults.startMs, () => {
      for (const cluster of clusters) cluster.failpoint = (ctx, name, detail) => armed.failpoint(ctx, name, detail);
    });
    armed.arm();
    nemesis = armed;
  }
  for (const cluster of clusters) superviseAfter(sim, cluster, spec.durationMs);
  runUntilSettled(sim, clusters, finalReadsAt + spec.finalReadsMs);
  for (const cluster of clusters) cluster.tracer<RunTraceEvent>().emit('cluster.final', { ...cluster.snapshot() });
  return { clusters, workloads, nemesis };
}

function sharing(name: string): SharedCluster {
  const parent = `/hbase-${name}`;
  return {
    name,
    cluster: { ...DEFAULT_CLUSTER, masters: 2, regionServers: 4, config: { ...SCENARIO_CONFIG, zookeeperZnodeParent: parent, rootDir: parent } },
    workload: { ...DEFAULT_REGISTER_WORKLOAD, clients: 5 },
  };
}

export const SHARED_ZOOKEEPER_SPEC: SharedZooKeeperSpec = {
  clusters: [sharing('a'), sharing('b')],
  faults: { profile: 'shared-zookeeper', startMs: 4_000, schedule: null },
  durationMs: 20_000,
  quietMs: 10_000,
  finalReadsMs: 10_000,
};

export function sharedZooKeeperScenario(name: string, description: string, spec: SharedZooKeeperSpec): ScenarioEntry<SharedZooKeeperSpec> {
  return {
    name,
    description,
    spec,
    validate: validateSharedZooKeeper,
    checkers: (s) => perClusterCheckers(runCheckers, s.clusters.map((c) => c.name)),
    execute: (sim, s) => {
      const { workloads, nemesis } = runSharedZooKeeper(sim, s);
      return { stats: { workloadReady: workloads.every((w) => w.ready) }, ...(nemesis ? { schedule: nemesis.resolvedSchedule() } : {}) };
    },
  };
}

export const sharedZooKeeper = sharedZooKeeperScenario(
  'shared-zookeeper',
  'Two HBase clusters (/hbase-a, /hbase-b) on one ZooKeeper ensemble and one HDFS, each with its own masters, RegionServers, clients and keys, under the failover faults plus stalls of the shared ensemble; each cluster judged on its own',
  SHARED_ZOOKEEPER_SPEC,
);
