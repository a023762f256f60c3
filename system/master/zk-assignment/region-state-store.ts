/**
 * RegionStateStore of HBase 1.1 as it runs with `hbase.assignment.usezk.migrating` = true: ZooKeeper still
 * drives assignment, and the master also persists every RegionState change — meta's own to
 * `/hbase/meta-region-server` (MetaTableLocator.setMetaLocation), a user region's to its hbase:meta row
 * (info:state, info:sn). With plain `usezk` (the 1.1 default) nothing is persisted and meta holds only the
 * RegionServer's info:server; the model runs the migrating mode so that meta states the master's view, which the
 * final-state check reads. Table states are kept in meta too, as in 2.x (1.1 kept them in `/hbase/table` znodes).
 *
 * HBase's put is synchronous; here the writes queue in order (one at a time) and each caller is called back once
 * its write is durable. Meta's writes to ZooKeeper have a queue of their own, so they never wait behind a user
 * region's write that waits for meta. A put that still fails after the client's retries aborts the master
 * ("Failed to update region location").
 */
import type { Network } from '../../../harness/network.ts';
import type { ProcessContext } from '../../../harness/scheduler.ts';
import { RETRY_BACKOFF, type HBaseConfig } from '../../hbase/config.ts';
import { layoutOf, metaRegionKey, metaTableKey } from '../../hbase/paths.ts';
import type { ZKWatcher } from '../../hbase/ports.ts';
import { isMeta, type RegionInfo } from '../../hbase/region-info.ts';
import { SERVICE, type AdminResponse, type MetaMutateRequest, type MetaRegionRow, type TableState } from '../../hbase/protocol.ts';
import { processOf, type ServerName } from '../../hbase/server-name.ts';
import type { RegionState } from './region-states.ts';

const META_RETRY_MS = 200;

interface Write {
  run: (done: () => void) => void;
  done: () => void;
}

export class RegionStateStore {
  #queue: Write[] = [];
  #metaQueue: Write[] = [];
  #busy = false;
  #metaBusy = false;
  #newestTs = -Infinity;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly network: Network,
    private readonly zk: ZKWatcher,
    private readonly config: HBaseConfig,
    /** Where meta is open now (null while it is not): the AssignmentManager's view. */
    private readonly metaLocation: () => ServerName | null,
    private readonly abort: (reason: string) => void,
  ) {}

  /** updateRegionState: the row as the master sees the region now. */
  updateRegionState(state: RegionState, done: () => void): void {
    if (isMeta(state.region)) {
      const data = { server: state.server, state: state.state };
      return this.#enqueue(true, (cb) => this.#writeZnode(layoutOf(this.config).znode.metaRegionServer, data, cb), done);
    }
    const open = state.state === 'OPEN' || state.state === 'PENDING_CLOSE' || state.state === 'CLOSING';
    const row: MetaRegionRow = { kind: 'region', region: state.region, state: state.state, server: open ? state.server : state.lastHost, sn: state.server, seqNum: -1 };
    this.#enqueue(false, (cb) => this.#put(`region=${state.region.encodedName} state=${state.state}`, { puts: [{ key: metaRegionKey(state.region), row, ts: this.#timestamp() }], deletes: [] }, cb), done);
  }

  updateTableState(table: string, state: TableState, done: () => void): void {
    this.#enqueue(false, (cb) => this.#put(`table=${table} state=${state}`, { puts: [{ key: metaTableKey(table), row: { kind: 'table', table, state }, ts: this.#timestamp() }], deletes: [] }, cb), done);
  }

  /** MetaTableAccessor.addRegionsToMeta (CreateTableHandler). */
  addRegions(regions: readonly RegionInfo[], done: () => void): void {
    const puts = regions.map((region) => ({ key: metaRegionKey(region), row: { kind: 'region', region, state: 'OFFLINE', server: null, sn: null, seqNum: -1 } as MetaRegionRow, ts: this.#timestamp() }));
    this.#enqueue(false, (cb) => this.#put(`${regions.length} new regions`, { puts, deletes: [] }, cb), done);
  }

  metaLoaded(newestTs: number): void {
    this.#newestTs = Math.max(this.#newestTs, newestTs);
  }

  /** Never below the newest timestamp written or loaded (as the AMv2 store: see region-state-store.ts there). */
  #timestamp(): number {
    this.#newestTs = Math.max(this.ctx.now(), this.#newestTs + 1);
    return this.#newestTs;
  }

  #enqueue(meta: boolean, run: (done: () => void) => void, done: () => void): void {
    (meta ? this.#metaQueue : this.#queue).push({ run, done });
    this.#drain(meta);
  }

  #drain(meta: boolean): void {
    if (meta ? this.#metaBusy : this.#busy) return;
    const next = (meta ? this.#metaQueue : this.#queue).shift();
    if (next === undefined) return;
    if (meta) this.#metaBusy = true;
    else this.#busy = true;
    next.run(() => {
      if (meta) this.#metaBusy = false;
      else this.#busy = false;
      next.done();
      this.#drain(meta);
    });
  }

  #put(what: string, request: MetaMutateRequest, done: () => void, tries = 0): void {
    const meta = this.metaLocation();
    if (meta === null) return void this.ctx.setTimer(META_RETRY_MS, () => this.#put(what, request, done, tries));
    this.network.call<AdminResponse>(this.ctx, processOf(meta), SERVICE.admin, 'metaMutate', request, this.config.rpcTimeoutMs, (r) => {
      if (r.ok && r.value.ok) return done();
      const error = r.ok ? (r.value as { error?: string }).error : r.error.reason;
      if (tries + 1 >= this.config.clientRetries + 1) return this.abort(`Failed to update region location: ${what}: ${error ?? 'error'} after ${tries + 1} attempts`);
      const pause = this.config.clientPauseMs * (RETRY_BACKOFF[Math.min(tries, RETRY_BACKOFF.length - 1)] as number);
      this.ctx.setTimer(pause, () => this.#put(what, request, done, tries + 1));
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
