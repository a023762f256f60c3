/**
 * RegionStateStore: writes region and table states to hbase:meta on the RegionServer hosting it, and meta's
 * own location to `/hbase/meta-region-server`. Rows follow HBase's columns: `info:server` is the OPEN location
 * and is left (stale) while a region is in transition, `info:sn` is where it is going (HBASE.md §4).
 *
 * While meta is not online, writers wait (HBase's procedures wait on the meta-assigned event before they write;
 * only the meta-carrying server's SCP, which needs no meta writes, can bring it back). A put sent to meta is
 * retried as the master's client retries it — hbase.client.retries.number attempts, pause × RETRY_BACKOFF
 * between them — and if it still fails the master aborts (RegionStateStore.updateRegionLocation: "FAILED
 * persisting region"), so that the next master resumes from the procedure store. The attempts bound it, not the
 * scenario's client operation timeout, which is scaled for the workload's clients (HBase's is 20 minutes).
 */
import { holdsSessionLease } from './session-lease.ts';
import { MetaPutClock, putToMeta } from './meta-put.ts';
import type { Network } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { HBaseConfig } from '../hbase/config.ts';
import { layoutOf, metaRegionKey, metaTableKey } from '../hbase/paths.ts';
import type { ZKWatcher } from '../hbase/ports.ts';
import { isMeta, META_REGION, type RegionInfo } from '../hbase/region-info.ts';
import type { MetaMutateRequest, MetaRegionRow, TableState } from '../hbase/protocol.ts';
import type { ServerName } from '../hbase/server-name.ts';
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
  readonly #clock: MetaPutClock;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly network: Network,
    private readonly zk: ZKWatcher,
    private readonly config: HBaseConfig,
    private readonly regionStates: RegionStates,
    /** HMaster.abort. */
    private readonly abort: (reason: string) => void,
    private readonly bugs: ReadonlySet<string>,
  ) {
    this.#clock = new MetaPutClock(ctx, bugs.has('meta-put-wall-clock'));
  }

  /**
   * The cell timestamp of a Put built now. HBase 2.x takes the master's clock as it is (RegionStateStore:
   * EnvironmentEdgeManager.currentTime()), so after the clock steps back, or on a new master whose clock is behind
   * the old one's, a put carries an older timestamp than the row's newest and reads never see it: meta keeps a
   * state the master has left (failover seed 41000145: OPENING after a 2.3 s step back). The model never goes
   * below the newest timestamp this master wrote or loaded — safer than HBase; the planted bug
   * `meta-put-wall-clock` is HBase as it is.
   */
  #timestamp(): number {
    return this.#clock.next();
  }

  /** joinCluster read meta: its newest cell timestamp is where this master's puts start from. */
  metaLoaded(newestTs: number): void {
    this.#clock.loaded(newestTs);
  }

  updateRegionLocation(node: RegionStateNode, done: () => void): void {
    if (isMeta(node.region)) {
      const location: MetaLocation = { server: node.regionLocation, state: node.state };
      return this.#writeZnode(layoutOf(this.config).znode.metaRegionServer, location, done);
    }
    // updateUserRegionLocation: `new Put(row, time)` with the master's clock when the Put is built; retries re-send it.
    this.#mutate(`region=${node.region.encodedName} state=${node.state}`, { puts: [{ key: metaRegionKey(node.region), row: metaRow(node), ts: this.#timestamp() }], deletes: [] }, done);
  }

  updateTableState(table: string, state: TableState, done: () => void): void {
    this.#mutate(`table=${table} state=${state}`, { puts: [{ key: metaTableKey(table), row: { kind: 'table', table, state }, ts: this.#timestamp() }], deletes: [] }, done);
  }

  addRegions(regions: readonly RegionInfo[], done: () => void): void {
    const ts = this.#timestamp();
    const puts = regions.map((region) => ({ key: metaRegionKey(region), row: { kind: 'region', region, state: 'OFFLINE', server: null, sn: null, seqNum: -1 } as MetaRegionRow, ts }));
    this.#mutate(`${regions.length} new regions`, { puts, deletes: [] }, done);
  }

  /**
   * Whether this master may still be the active one: ZooKeeper confirmed its session within two thirds of the
   * session timeout (the lease RegionServers serve reads under, HRegionServer.mayServeReads). HBase's meta puts
   * are not fenced at all: a master paused past its session expiry wakes inside a procedure step and writes meta
   * before the expiry event reaches it, over rows its successor already wrote (failover seed 52000389: OPENING
   * left in meta for a region the new master had opened). The model holds the put until the session is confirmed
   * again — or the expiry arrives and the master aborts — which is safer than HBase; the planted bug
   * `deposed-master-writes-meta` is HBase as it is.
   */
  #mayBeActive(): boolean {
    if (this.bugs.has('deposed-master-writes-meta')) return true;
    return holdsSessionLease(this.ctx, this.zk, this.config);
  }

  /** Waiting for meta to come online, or for the session to be confirmed, sends nothing. */
  #mutate(what: string, request: MetaMutateRequest, done: () => void): void {
    const target = () => {
      const meta = this.regionStates.getOrCreate(META_REGION);
      return meta.state === 'OPEN' && this.#mayBeActive() ? meta.regionLocation : null;
    };
    putToMeta({ ctx: this.ctx, network: this.network, config: this.config, abort: this.abort }, target, request, (error, attempts) => `FAILED persisting ${what} to hbase:meta: ${error} after ${attempts} attempts`, done);
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
