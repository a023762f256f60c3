/**
 * HBase's znode layout (ZNodePaths, HBASE.md §1.1) under `zookeeper.znode.parent` (default `/hbase`).
 * Several clusters can share one ensemble under different parents, as in real deployments.
 */
import type { ServerName } from './server-name.ts';

export const DEFAULT_ZNODE_PARENT = '/hbase';

export class ZNodePaths {
  readonly baseZNode: string;
  /** EPHEMERAL, the active master. */
  readonly masterAddressZNode: string;
  /** Parent of EPHEMERAL `<sn>`, one per master candidate. */
  readonly backupMasterAddressesZNode: string;
  /** Parent of EPHEMERAL `<sn>`, one per live RegionServer. */
  readonly rsZNode: string;
  /** Parent of persistent `<sn>`, decommissioned servers. */
  readonly drainingZNode: string;
  /** Persistent "cluster up" flag, set by the master. */
  readonly clusterStateZNode: string;
  readonly clusterIdZNode: string;
  /** Persistent mirror of the meta location (replica 0). */
  readonly metaZNodePrefix: string;
  /** Parent of persistent `<table>` (table state mirror). */
  readonly tableZNode: string;
  /** ZK-coordinated WAL split tasks (hbase.split.wal.zk.coordinated). */
  readonly splitLogZNode: string;
  readonly balancerZNode: string;
  readonly masterMaintZNode: string;
  /** ZK-era assignment (0.96–1.x): parent of `<encodedRegionName>` RIT znodes (HBASE.md §5). */
  readonly regionInTransitionZNode: string;

  constructor(baseZNode: string = DEFAULT_ZNODE_PARENT) {
    if (!baseZNode.startsWith('/') || (baseZNode.length > 1 && baseZNode.endsWith('/'))) throw new Error(`bad zookeeper.znode.parent ${baseZNode}`);
    this.baseZNode = baseZNode;
    const under = (name: string) => joinZNode(baseZNode, name);
    this.masterAddressZNode = under('master');
    this.backupMasterAddressesZNode = under('backup-masters');
    this.rsZNode = under('rs');
    this.drainingZNode = under('draining');
    this.clusterStateZNode = under('running');
    this.clusterIdZNode = under('hbaseid');
    this.metaZNodePrefix = under('meta-region-server');
    this.tableZNode = under('table');
    this.splitLogZNode = under('splitWAL');
    this.balancerZNode = under('balancer');
    this.masterMaintZNode = under('master-maintenance');
    this.regionInTransitionZNode = under('region-in-transition');
  }

  /** `/hbase/meta-region-server`, or `-<replicaId>` for a meta replica. */
  getZNodeForReplica(replicaId: number): string {
    return replicaId === 0 ? this.metaZNodePrefix : `${this.metaZNodePrefix}-${replicaId}`;
  }

  backupMasterZNode(sn: ServerName): string {
    return joinZNode(this.backupMasterAddressesZNode, sn);
  }

  rsServerZNode(sn: ServerName): string {
    return joinZNode(this.rsZNode, sn);
  }

  drainingServerZNode(sn: ServerName): string {
    return joinZNode(this.drainingZNode, sn);
  }

  tableStateZNode(table: string): string {
    return joinZNode(this.tableZNode, table);
  }

  /** The persistent parents the master creates at startup (ZKWatcher.createBaseZNodes), parents first. */
  baseZNodes(): string[] {
    return [this.baseZNode, this.rsZNode, this.drainingZNode, this.tableZNode, this.splitLogZNode, this.backupMasterAddressesZNode, this.masterMaintZNode];
  }
}

/** ZNodePaths.joinZNode. */
export function joinZNode(prefix: string, suffix: string): string {
  return prefix === '/' ? `/${suffix}` : `${prefix}/${suffix}`;
}

/** The default layout, `/hbase/...`. */
export const HBASE_ZNODES = new ZNodePaths();
