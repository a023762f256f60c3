/**
 * What an active master of the ZooKeeper era (HBase 1.1) has built: its ServerManager (shared with AMv2: the
 * same liveness rules), its AssignmentManager, the master file system and the SplitLogManager that has the
 * RegionServers split a dead server's logs, and the
 * table handlers' results the admin client polls. Also the one meta read both the failover and the
 * ServerShutdownHandler make (a scan of hbase:meta where it is open now).
 */
import type { MetaRegionRow, MetaRow, MetaScanResponse, TableState } from '../../hbase/protocol.ts';
import { SERVICE } from '../../hbase/protocol.ts';
import { processOf } from '../../hbase/server-name.ts';
import type { HMaster } from '../hmaster.ts';
import type { HdfsMasterFileSystem } from '../master-filesystem.ts';
import type { ServerManager } from '../server-manager.ts';
import type { AssignmentManager } from './assignment-manager.ts';
import type { SplitLogManager } from './split-log-manager.ts';

export type HandlerResult = { state: 'RUNNING' } | { state: 'SUCCESS' } | { state: 'FAILED'; error: string };

export interface ZkActiveParts {
  readonly master: HMaster;
  readonly serverManager: ServerManager;
  readonly am: AssignmentManager;
  readonly fs: HdfsMasterFileSystem;
  /** Distributed log splitting: the dead servers' WALs as tasks under /hbase/splitWAL (split-log-manager.ts). */
  readonly slm: SplitLogManager;
  /** Results of the admin operations this master ran, by the id it answered (the client polls them). */
  readonly handlers: Map<number, HandlerResult>;
  /** Set once joinCluster is done: admin calls are served from then on. */
  initialized: boolean;
}

export interface MetaContents {
  regions: MetaRegionRow[];
  tables: Array<[string, TableState]>;
  newestTs: number;
}

/** A full scan of hbase:meta on the server the AssignmentManager sees it open on; null when that failed. */
export function scanMeta(parts: ZkActiveParts, done: (contents: MetaContents | null) => void): void {
  const { master, am } = parts;
  const meta = am.regionStates.meta;
  if (meta.state !== 'OPEN' || meta.server === null) return done(null);
  master.deps.network.call<MetaScanResponse>(master.ctx, processOf(meta.server), SERVICE.admin, 'metaScan', {}, master.config.rpcTimeoutMs, (r) => {
    if (!r.ok || !r.value.ok) return done(null);
    const regions: MetaRegionRow[] = [];
    const tables: Array<[string, TableState]> = [];
    for (const { row } of r.value.rows as Array<{ row: MetaRow }>) {
      if (row.kind === 'region') regions.push(row);
      else tables.push([row.table, row.state]);
    }
    done({ regions, tables, newestTs: Math.max(-Infinity, ...r.value.rows.map((x) => x.ts ?? -Infinity)) });
  });
}

/** Retry `scanMeta` until it answers (meta must be online for either caller to go on). */
export function scanMetaUntilDone(parts: ZkActiveParts, done: (contents: MetaContents) => void): void {
  scanMeta(parts, (contents) => {
    if (contents !== null) return done(contents);
    parts.master.ctx.setTimer(200, () => scanMetaUntilDone(parts, done));
  });
}
