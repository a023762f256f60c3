/**
 * What the cluster lends the fault injector (harness/faults FaultTargets): its processes, the roles it
 * publishes — resolved at the moment a fault fires — and the HBase-specific faults: a ZooKeeper session
 * expiry (the process lives on as a zombie until it learns) and failing HDFS syncs (a RegionServer's WAL, the
 * master's procedure log).
 *
 * Roles: active-master, backup-master, any-master, any-rs, meta-rs (serving hbase:meta), non-meta-rs,
 * rs-of-table:<table> (serving a region of that table), any-client (a workload client).
 */
import type { FaultTargets } from '../harness/faults/types.ts';
import type { ProcessId } from '../harness/scheduler.ts';
import type { Cluster } from './cluster.ts';
import { META_REGION } from './hbase/region-info.ts';

export function clusterFaultTargets(cluster: Cluster, clients = 0): FaultTargets {
  const { scheduler } = cluster.sim;
  const live = (ids: readonly ProcessId[]) => ids.filter((id) => scheduler.info(id).status !== 'crashed');
  const servingRs = (predicate: (regions: string[], table: (region: string) => string | undefined) => boolean) =>
    cluster.regionServerIds.filter((id) => {
      const rs = cluster.regionServer(id);
      if (rs === undefined || rs.lifecycle !== 'ONLINE') return false;
      return predicate([...rs.online.keys()], (region) => rs.online.get(region)?.info.table);
    });
  const roles: Record<string, () => ProcessId[]> = {
    'active-master': () => {
      const active = cluster.activeMaster();
      return active === undefined ? [] : [active.ctx.id];
    },
    'backup-master': () => cluster.masterIds.filter((id) => cluster.master(id)?.state === 'BACKUP'),
    'any-master': () => live(cluster.masterIds),
    'any-rs': () => live(cluster.regionServerIds),
    'meta-rs': () => servingRs((regions) => regions.includes(META_REGION.encodedName)),
    'non-meta-rs': () => servingRs((regions) => !regions.includes(META_REGION.encodedName)),
  };
  for (const table of cluster.spec.tables.map((t) => t.name)) {
    roles[`rs-of-table:${table}`] = () => servingRs((regions, tableOf) => regions.some((r) => tableOf(r) === table));
  }
  const known = knownFaultTargets(cluster.spec, clients, cluster.processPrefix);
  roles['any-client'] = () => live(known.processes.filter((id) => id.startsWith(`${cluster.processPrefix}client-`)));
  return {
    processes: () => known.processes,
    roles: () => known.roles,
    resolve: (role) => roles[role]?.() ?? [],
    expireSession: (process) => {
      const incarnation = scheduler.info(process).incarnation;
      const sessions = cluster.zookeeper.sessionsOf(process).filter((s) => s.clientIncarnation === incarnation);
      let expired = false;
      for (const s of sessions) expired = cluster.zookeeper.expireSession(s.sessionId) || expired;
      return expired;
    },
    failSyncs: (process, times) => cluster.hdfs.failSyncs({ process }, times === 'until-roll' ? { untilClosed: true } : { times }),
    clearSyncFailures: () => cluster.hdfs.clearSyncFaults(),
    restart: (process) => {
      if (scheduler.info(process).status === 'crashed') scheduler.restart(process);
    },
  };
}

/** The processes and roles a cluster of this shape will have, for validating a schedule before the run. */
/**
 * The processes and roles a cluster of this shape will have, for validating a schedule before the run. Client
 * processes (the workload's `client-<n>`) may be named too, so the network between servers and clients can be
 * cut (a lost acknowledgement).
 */
export function knownFaultTargets(spec: { masters: number; regionServers: number; tables: { name: string }[] }, clients = 0, processPrefix = ''): { processes: string[]; roles: string[] } {
  return {
    processes: [
      ...Array.from({ length: spec.masters }, (_, i) => `${processPrefix}master-${i + 1}`),
      ...Array.from({ length: spec.regionServers }, (_, i) => `${processPrefix}rs-${i + 1}`),
      'zookeeper',
      'hdfs',
      ...Array.from({ length: clients }, (_, i) => `${processPrefix}client-${i + 1}`),
    ],
    roles: ['active-master', 'backup-master', 'any-master', 'any-rs', 'meta-rs', 'non-meta-rs', 'any-client', ...spec.tables.map((t) => `rs-of-table:${t.name}`)],
  };
}

/**
 * The fault targets of several clusters on one ZooKeeper ensemble and one HDFS: every process of each, and each
 * role resolving to its holders in every cluster (a fault on `role:active-master` strikes one of the active
 * masters, of either cluster). The shared services are one target, and a fault on them hits every cluster.
 */
export function sharedFaultTargets(parts: readonly FaultTargets[]): FaultTargets {
  const [first] = parts;
  if (first === undefined) throw new Error('sharedFaultTargets: no cluster');
  const union = (lists: readonly string[][]) => [...new Set(lists.flat())];
  const processes = union(parts.map((p) => p.processes()));
  const roles = union(parts.map((p) => p.roles()));
  return {
    processes: () => processes,
    roles: () => roles,
    resolve: (role) => parts.flatMap((p) => p.resolve(role)),
    // One ZooKeeper server and one HDFS serve them all: any cluster's view of them acts on the shared one.
    expireSession: (process) => first.expireSession(process),
    failSyncs: (process, times) => first.failSyncs(process, times),
    clearSyncFailures: () => first.clearSyncFailures(),
    restart: (process) => first.restart(process),
  };
}
