/** Where HBase keeps things: znodes (ZNodePaths, HBASE.md §1.1) and the HDFS layout under hbase.rootdir. */
import type { HBaseConfig } from './config.ts';
import type { RegionInfo } from './region-info.ts';
import { DEFAULT_ZNODE_PARENT, joinZNode, ZNodePaths } from './znode-paths.ts';
import type { ServerName } from './server-name.ts';

/**
 * One cluster's layout: its znodes under `zookeeper.znode.parent` and its files under `hbase.rootdir`, both from
 * the cluster's config. Several clusters can share one ZooKeeper ensemble and one HDFS under different parents
 * and root directories; nothing of the layout is global.
 */
export class HBaseLayout {
  readonly znodes: ZNodePaths;
  /** The znodes the simulated processes use (ZNodePaths' names in brackets). */
  readonly znode: {
    base: string;
    master: string;
    backupMasters: string;
    rs: string;
    draining: string;
    running: string;
    metaRegionServer: string;
    table: string;
    splitWAL: string;
    /** The ZooKeeper era's regions in transition (HBase 1.x; zk-assign.ts). */
    regionInTransition: string;
  };
  /** HBase's directories under hbase.rootdir (HConstants: WALs, oldWALs, data, MasterProcWALs). */
  readonly fs: { root: string; wals: string; oldWals: string; data: string; procWals: string };

  constructor(znodeParent: string, rootDir: string) {
    if (!rootDir.startsWith('/') || (rootDir.length > 1 && rootDir.endsWith('/'))) throw new Error(`bad hbase.rootdir ${rootDir}`);
    const z = new ZNodePaths(znodeParent);
    this.znodes = z;
    this.znode = {
      base: z.baseZNode,
      master: z.masterAddressZNode,
      backupMasters: z.backupMasterAddressesZNode,
      rs: z.rsZNode,
      draining: z.drainingZNode,
      running: z.clusterStateZNode,
      metaRegionServer: z.getZNodeForReplica(0),
      table: z.tableZNode,
      splitWAL: z.splitLogZNode,
      regionInTransition: z.regionInTransitionZNode,
    };
    const under = (name: string) => joinZNode(rootDir, name);
    this.fs = { root: rootDir, wals: under('WALs'), oldWals: under('oldWALs'), data: under('data'), procWals: under('MasterProcWALs') };
  }

  backupMasterZNode(sn: ServerName): string {
    return this.znodes.backupMasterZNode(sn);
  }

  rsZNode(sn: ServerName): string {
    return this.znodes.rsServerZNode(sn);
  }

  walDir(sn: ServerName): string {
    return `${this.fs.wals}/${sn}`;
  }

  splittingWalDir(sn: ServerName): string {
    return `${this.fs.wals}/${sn}${SPLITTING_SUFFIX}`;
  }

  /**
   * A WAL file: `<sn>.<n>` (HBase suffixes the roll's timestamp; a zero-padded roll number sorts the same way, so a
   * listing is in write order), `.meta` for the meta WAL.
   */
  walFile(sn: ServerName, n: number, meta = false): string {
    return `${this.walDir(sn)}/${sn.replaceAll(',', '%2C')}.${String(n).padStart(12, '0')}${meta ? META_WAL_SUFFIX : ''}`;
  }

  /** `<rootdir>/data/<namespace>/<table>/<encoded>`; tables without a namespace are in `default`. */
  regionDir(region: RegionInfo): string {
    const [namespace, table] = region.table.includes(':') ? region.table.split(':') : ['default', region.table];
    return `${this.fs.data}/${namespace}/${table}/${region.encodedName}`;
  }

  /** A region's flushed files, like HFiles: a new one per flush, never overwritten (a dead writer's half-written
   *  file must not block the next server). Named by the flush's max sequence id, then the writer. */
  storeDir(region: RegionInfo): string {
    return `${this.regionDir(region)}/store`;
  }

  /** Where a flush writes before committing its file into the store (HRegionFileSystem's region `.tmp`). */
  regionTmpDir(region: RegionInfo): string {
    return `${this.regionDir(region)}/.tmp`;
  }

  recoveredEditsDir(region: RegionInfo): string {
    return `${this.regionDir(region)}/recovered.edits`;
  }

  procWalFile(n: number): string {
    return `${this.fs.procWals}/pv2-${String(n).padStart(20, '0')}.log`;
  }
}

/** hbase.rootdir's default in the model (HBase's is a local directory; ours is the simulated HDFS's /hbase). */
export const DEFAULT_ROOT_DIR = '/hbase';

const layouts = new WeakMap<HBaseConfig, HBaseLayout>();

/** The layout a config names (zookeeper.znode.parent, hbase.rootdir); one object per config. */
export function layoutOf(config: HBaseConfig): HBaseLayout {
  let layout = layouts.get(config);
  if (layout === undefined) {
    layout = new HBaseLayout(config.zookeeperZnodeParent ?? DEFAULT_ZNODE_PARENT, config.rootDir ?? DEFAULT_ROOT_DIR);
    layouts.set(config, layout);
  }
  return layout;
}

export const SPLITTING_SUFFIX = '-splitting';

export const storeFileName = (maxSeq: number, server: ServerName) => `${String(maxSeq).padStart(12, '0')}-${server.replaceAll(',', '%2C')}`;
/** AbstractFSWALProvider.META_WAL_PROVIDER_ID: hbase:meta's edits go to a WAL of their own, split first. */
export const META_WAL_SUFFIX = '.meta';
/** AbstractFSWALProvider.isMetaFile. */
export const isMetaWalFile = (name: string) => name.endsWith(META_WAL_SUFFIX);
/** WALSplitUtil.SEQUENCE_ID_FILE_SUFFIX: `recovered.edits/<maxSeqId>.seqid`, an empty file named by the region's
 *  highest sequence id, written at every open, so the next open's sequence ids are higher still. */
export const SEQUENCE_ID_FILE_SUFFIX = '.seqid';
export const seqIdFileName = (maxSeqId: number) => `${maxSeqId}${SEQUENCE_ID_FILE_SUFFIX}`;
/** WALSplitUtil.isSequenceIdFile + getMaxSequenceId's parse: the sequence id a file name records, or null. */
export function seqIdOfFile(name: string): number | null {
  const m = /^(\d+)\.seqid$/.exec(name);
  return m ? Number(m[1]) : null;
}
/** Recovered edits still being written by a split (or abandoned by a dead master): a region opening skips them. */
export const RECOVERED_EDITS_TEMP_SUFFIX = '.temp';

export function procWalNumber(name: string): number | null {
  const m = /^pv2-(\d{20})\.log$/.exec(name);
  return m ? Number(m[1]) : null;
}

/** Row key of a region in hbase:meta (`table,startKey,regionId`) and of a table's state (`table`). */
export const metaRegionKey = (region: RegionInfo) => `${region.table},${region.startKey},${region.regionId}`;
export const metaTableKey = (table: string) => `${table}`;
