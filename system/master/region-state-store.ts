/**
 * RegionStateStore: writes region and table states to hbase:meta on the RegionServer hosting it, and meta's
 * own location to `/hbase/meta-region-server`. Rows follow HBase's columns: `info:server` is the OPEN location
 * and is left (stale) while a region is in transition, `info:sn` is where it is going (HBASE.md §4). A write
 * is retried until durable; while meta is not online, writers wait — only the meta-carrying server's SCP,
 * which needs no meta writes, can bring it back.
 */
import type { Network } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { HBaseConfig } from '../hbase/config.ts';
import { layoutOf, metaRegionKey, metaTableKey } from '../hbase/paths.ts';
import type { ZKWatcher } from '../hbase/ports.ts';
import { isMeta, META_REGION, type RegionInfo } from '../hbase/region-info.ts';
import { SERVICE, type AdminResponse, type MetaMutateRequest, type MetaRegionRow, type TableState } from '../hbase/protocol.ts';
import { processOf, type ServerName } from '../hbase/server-name.ts';
import type { RegionStateNode } from './assignment/region-state-node.ts';
import type { RegionStates } from './assignment/region-states.ts';
import type { RegionStateStore } from './master-env.ts';

const META_RETRY_MS = 200;

export interface MetaLocation {
  server: ServerName | null;
  state: string;
}

export function metaRow(node: RegionStateNode): MetaRegionRow {
  const open = node.state === 'OPEN' || node.state === 'CLOSING';
  return { kind: 'region', region: node.region, state: node.state, server: open ? node.regionLocation : node.lastHost, sn: node.regionLocation, seqNum: node.openSeqNum };
}

export class MetaRegionStateStore implements RegionStateStore {
  constructor(
    private readonly ctx: ProcessContext,
    private readonly network: Network,
    private readonly zk: ZKWatcher,
    private readonly config: HBaseConfig,
    private readonly regionStates: RegionStates,
    /** The master's fencing token, sent with every meta write. */
    private readonly token: () => number,
  ) {}

  updateRegionLocation(node: RegionStateNode, done: () => void): void {
    if (isMeta(node.region)) {
      const location: MetaLocation = { server: node.regionLocation, state: node.state };
      return this.#writeZnode(layoutOf(this.config).znode.metaRegionServer, location, done);
    }
    this.#mutate({ masterActiveTime: this.token(), puts: [{ key: metaRegionKey(node.region), row: metaRow(node) }], deletes: [] }, done);
  }

  updateTableState(table: string, state: TableState, done: () => void): void {
    this.#mutate({ masterActiveTime: this.token(), puts: [{ key: metaTableKey(table), row: { kind: 'table', table, state } }], deletes: [] }, done);
  }

  addRegions(regions: readonly RegionInfo[], done: () => void): void {
    const puts = regions.map((region) => ({ key: metaRegionKey(region), row: { kind: 'region', region, state: 'OFFLINE', server: null, sn: null, seqNum: -1 } as MetaRegionRow }));
    this.#mutate({ masterActiveTime: this.token(), puts, deletes: [] }, done);
  }

  #mutate(request: MetaMutateRequest, done: () => void): void {
    const meta = this.regionStates.getOrCreate(META_REGION);
    const retry = (): void => void this.ctx.setTimer(META_RETRY_MS, () => this.#mutate(request, done));
    if (meta.state !== 'OPEN' || meta.regionLocation === null) return retry();
    this.network.call<AdminResponse>(this.ctx, processOf(meta.regionLocation), SERVICE.admin, 'metaMutate', request, this.config.rpcTimeoutMs, (r) => {
      if (r.ok && r.value.ok) return done();
      retry();
    });
  }

  #writeZnode(path: string, data: unknown, done: () => void): void {
    this.zk.setData(path, data, (r) => {
      if (r.code === 'ok') return done();
      if (r.code === 'NoNode') {
        return this.zk.create(path, data, 'PERSISTENT', (c) => {
          if (c.code === 'ok') done();
          else this.ctx.setTimer(META_RETRY_MS, () => this.#writeZnode(path, data, done));
        });
      }
      this.ctx.setTimer(META_RETRY_MS, () => this.#writeZnode(path, data, done));
    });
  }
}
