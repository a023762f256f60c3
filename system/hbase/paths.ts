/** Where HBase keeps things: znodes (ZNodePaths, HBASE.md §1.1) and the HDFS layout under hbase.rootdir. */
import type { RegionInfo } from './region-info.ts';
import { HBASE_ZNODES } from './znode-paths.ts';
import type { ServerName } from './server-name.ts';

/** The znodes the simulated processes use, from HBase's layout under zookeeper.znode.parent (znode-paths.ts). */
export const ZNODE = {
  base: HBASE_ZNODES.baseZNode,
  master: HBASE_ZNODES.masterAddressZNode,
  backupMasters: HBASE_ZNODES.backupMasterAddressesZNode,
  rs: HBASE_ZNODES.rsZNode,
  draining: HBASE_ZNODES.drainingZNode,
  running: HBASE_ZNODES.clusterStateZNode,
  metaRegionServer: HBASE_ZNODES.getZNodeForReplica(0),
  table: HBASE_ZNODES.tableZNode,
  splitWAL: HBASE_ZNODES.splitLogZNode,
} as const;

export const backupMasterZNode = (sn: ServerName) => HBASE_ZNODES.backupMasterZNode(sn);
export const rsZNode = (sn: ServerName) => HBASE_ZNODES.rsServerZNode(sn);

export const FS = {
  root: '/hbase',
  wals: '/hbase/WALs',
  oldWals: '/hbase/oldWALs',
  data: '/hbase/data',
  procWals: '/hbase/MasterProcWALs',
} as const;

export const SPLITTING_SUFFIX = '-splitting';

export const walDir = (sn: ServerName) => `${FS.wals}/${sn}`;
export const splittingWalDir = (sn: ServerName) => `${FS.wals}/${sn}${SPLITTING_SUFFIX}`;
/** AbstractFSWALProvider.META_WAL_PROVIDER_ID: hbase:meta's edits go to a WAL of their own, split first. */
export const META_WAL_SUFFIX = '.meta';
/**
 * A WAL file: `<sn>.<n>` (HBase suffixes the roll's timestamp; a zero-padded roll number sorts the same way, so a
 * listing is in write order), `.meta` for the meta WAL.
 */
export const walFile = (sn: ServerName, n: number, meta = false) =>
  `${walDir(sn)}/${sn.replaceAll(',', '%2C')}.${String(n).padStart(12, '0')}${meta ? META_WAL_SUFFIX : ''}`;
/** AbstractFSWALProvider.isMetaFile. */
export const isMetaWalFile = (name: string) => name.endsWith(META_WAL_SUFFIX);

/** `/hbase/data/<namespace>/<table>/<encoded>`; tables without a namespace are in `default`. */
export function regionDir(region: RegionInfo): string {
  const [namespace, table] = region.table.includes(':') ? region.table.split(':') : ['default', region.table];
  return `${FS.data}/${namespace}/${table}/${region.encodedName}`;
}
/** A region's flushed files, like HFiles: a new one per flush, never overwritten (a dead writer's half-written
 *  file must not block the next server). Named by the flush's max sequence id, then the writer. */
export const storeDir = (region: RegionInfo) => `${regionDir(region)}/store`;
/** Where a flush writes before committing its file into the store (HRegionFileSystem's region `.tmp`). */
export const regionTmpDir = (region: RegionInfo) => `${regionDir(region)}/.tmp`;
export const storeFileName = (maxSeq: number, server: ServerName) => `${String(maxSeq).padStart(12, '0')}-${server.replaceAll(',', '%2C')}`;
export const recoveredEditsDir = (region: RegionInfo) => `${regionDir(region)}/recovered.edits`;
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

export const procWalFile = (n: number) => `${FS.procWals}/pv2-${String(n).padStart(20, '0')}.log`;
export function procWalNumber(name: string): number | null {
  const m = /^pv2-(\d{20})\.log$/.exec(name);
  return m ? Number(m[1]) : null;
}

/** Row key of a region in hbase:meta (`table,startKey,regionId`) and of a table's state (`table`). */
export const metaRegionKey = (region: RegionInfo) => `${region.table},${region.startKey},${region.regionId}`;
export const metaTableKey = (table: string) => `${table}`;
