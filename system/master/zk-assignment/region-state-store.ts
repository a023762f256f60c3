/**
 * RegionStateStore of HBase 1.1 with ZooKeeper assignment (`hbase.assignment.usezk` = true, the 1.1 default, not
 * migrating): region states are not persisted at all — ZooKeeper's regions in transition and hbase:meta's
 * info:server, which the RegionServer writes itself when it opens a region (postOpenDeployTasks), are the whole
 * durable record; meta's own location is the RegionServer's write to /hbase/meta-region-server. A new master
 * rebuilds from those (failover.ts rebuildUserRegions).
 *
 * Table states are ZKTableStateManager's `/hbase/table/<table>` znodes — a write a master whose session expired
 * cannot make, so a deposed master never changes a table's state — mirrored into meta (as 2.x keeps them), which
 * clients and the final check read. The znode is the record a new master reads (failover.ts); the mirror, which
 * 1.1 does not have, is written only while the master holds its session lease, so that a master paused between
 * the two writes cannot land an old state over its successor's (failover seed 8000 with --assignment zk). Meta writes queue in order, one at a time, each caller called back once its
 * write is durable; a put that still fails after the client's retries aborts the master.
 */
import type { Network } from '../../../harness/network.ts';
import type { ProcessContext } from '../../../harness/scheduler.ts';
import type { HBaseConfig } from '../../hbase/config.ts';
import { layoutOf, metaRegionKey, metaTableKey } from '../../hbase/paths.ts';
import type { ZKWatcher } from '../../hbase/ports.ts';
import type { RegionInfo } from '../../hbase/region-info.ts';
import type { MetaMutateRequest, MetaRegionRow, TableState } from '../../hbase/protocol.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import { holdsSessionLease } from '../session-lease.ts';
import { MetaPutClock, putToMeta } from '../meta-put.ts';
import type { RegionState } from './region-states.ts';

const META_RETRY_MS = 200;

interface Write {
  run: (done: () => void) => void;
  done: () => void;
}

export class RegionStateStore {
  #queue: Write[] = [];
  #busy = false;
  readonly #clock: MetaPutClock;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly network: Network,
    private readonly zk: ZKWatcher,
    private readonly config: HBaseConfig,
    /** Where meta is open now (null while it is not): the AssignmentManager's view. */
    private readonly metaLocation: () => ServerName | null,
    private readonly abort: (reason: string) => void,
  ) {
    this.#clock = new MetaPutClock(ctx);
  }

  /** updateRegionState: nothing to persist in this mode (RegionStateStore's noPersistence). */
  updateRegionState(_state: RegionState, done: () => void): void {
    done();
  }

  /**
   * ZKTableStateManager.setTableState: the table's znode under /hbase/table first — a write a master whose
   * session expired cannot make (it aborts), so a deposed master never changes a table's state — then its
   * mirror in meta, which clients and the final check read.
   */
  updateTableState(table: string, state: TableState, done: () => void): void {
    const path = layoutOf(this.config).znodes.tableStateZNode(table);
    this.#enqueue(
      (cb) => this.#writeTableZnode(path, { state }, () => this.#putWithLease(`table=${table} state=${state}`, () => ({ puts: [{ key: metaTableKey(table), row: { kind: 'table', table, state }, ts: this.#timestamp() }], deletes: [] }), cb)),
      done,
    );
  }

  #putWithLease(what: string, request: () => MetaMutateRequest, done: () => void): void {
    if (!holdsSessionLease(this.ctx, this.zk, this.config)) return void this.ctx.setTimer(META_RETRY_MS, () => this.#putWithLease(what, request, done));
    this.#put(what, request(), done);
  }

  #writeTableZnode(path: string, data: unknown, done: () => void): void {
    this.zk.setData(path, data, (r) => {
      if (r.code === 'ok') return done();
      if (r.code === 'NoNode') {
        return this.zk.create(path, data, 'PERSISTENT', (c) => {
          if (c.code === 'ok' || c.code === 'NodeExists') return c.code === 'ok' ? done() : this.#writeTableZnode(path, data, done);
          this.#tableZnodeFailed(c.code, () => this.#writeTableZnode(path, data, done));
        });
      }
      this.#tableZnodeFailed(r.code, () => this.#writeTableZnode(path, data, done));
    });
  }

  #tableZnodeFailed(code: string, retry: () => void): void {
    if (code === 'SessionExpired' || this.zk.expired) return this.abort(`Unexpected ZK exception setting the table state: ${code}`);
    this.ctx.setTimer(META_RETRY_MS, retry);
  }

  /** MetaTableAccessor.addRegionsToMeta (CreateTableHandler). */
  addRegions(regions: readonly RegionInfo[], done: () => void): void {
    const puts = regions.map((region) => ({ key: metaRegionKey(region), row: { kind: 'region', region, state: 'OFFLINE', server: null, sn: null, seqNum: -1 } as MetaRegionRow, ts: this.#timestamp() }));
    this.#enqueue((cb) => this.#put(`${regions.length} new regions`, { puts, deletes: [] }, cb), done);
  }

  metaLoaded(newestTs: number): void {
    this.#clock.loaded(newestTs);
  }

  /** Never below the newest timestamp written or loaded (as the AMv2 store's). */
  #timestamp(): number {
    return this.#clock.next();
  }

  #enqueue(run: (done: () => void) => void, done: () => void): void {
    this.#queue.push({ run, done });
    this.#drain();
  }

  #drain(): void {
    if (this.#busy) return;
    const next = this.#queue.shift();
    if (next === undefined) return;
    this.#busy = true;
    next.run(() => {
      this.#busy = false;
      next.done();
      this.#drain();
    });
  }

  #put(what: string, request: MetaMutateRequest, done: () => void): void {
    putToMeta({ ctx: this.ctx, network: this.network, config: this.config, abort: this.abort }, this.metaLocation, request, (error, attempts) => `Failed to update region location: ${what}: ${error} after ${attempts} attempts`, done);
  }
}
