/**
 * The client's region locations (AsyncRegionLocator, HBASE.md §7): meta's location from ZooKeeper
 * (ZKConnectionRegistry), user regions from a lookup on the server hosting hbase:meta, cached per table.
 *
 * Cache invalidation follows updateCachedLocationOnError: RegionMovedException points the entry at the new
 * server; RegionOpeningException keeps it; anything else (NotServingRegion, connection errors…) drops it.
 */
import type { Network } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import type { HBaseConfig } from '../hbase/config.ts';
import { KEEPS_LOCATION_CACHE, type HBaseError } from '../hbase/exceptions.ts';
import { layoutOf } from '../hbase/paths.ts';
import type { ZKWatcher } from '../hbase/ports.ts';
import { containsRow, startingAtOrBefore, type RegionInfo } from '../hbase/region-info.ts';
import { SERVICE, type LocateRegionResponse, type TableState } from '../hbase/protocol.ts';
import { processOf, type ServerName } from '../hbase/server-name.ts';

export interface RegionLocation {
  region: RegionInfo;
  server: ServerName;
  seqNum: number;
}

export type LocateResult = { ok: true; location: RegionLocation; tableState: TableState } | { ok: false; error: HBaseError | 'ConnectionError' | 'NoServerForRegion' };

export class RegionLocator {
  readonly #cache = new Map<string, RegionLocation[]>();
  readonly #tableStates = new Map<string, TableState>();
  #metaServer: ServerName | null = null;

  constructor(
    private readonly ctx: ProcessContext,
    private readonly network: Network,
    private readonly zk: ZKWatcher,
    private readonly config: HBaseConfig,
  ) {}

  /**
   * A table's entries are disjoint (#put drops whatever a new one overlaps) and sorted by start key, so only the
   * last one starting at or before the row can hold it: a binary search, as HBase's cache does with floorEntry,
   * rather than a look at every cached region on each attempt.
   */
  cached(table: string, row: string): RegionLocation | undefined {
    const entries = this.#cache.get(table);
    if (entries === undefined) return undefined;
    const candidate = entries[startingAtOrBefore(entries, row, regionOfLocation) - 1];
    return candidate !== undefined && containsRow(candidate.region, row) ? candidate : undefined;
  }

  tableState(table: string): TableState | undefined {
    return this.#tableStates.get(table);
  }

  locate(table: string, row: string, done: (result: LocateResult) => void): void {
    const hit = this.cached(table, row);
    if (hit !== undefined) return done({ ok: true, location: hit, tableState: this.#tableStates.get(table) ?? 'ENABLED' });
    this.#withMetaServer((meta) => {
      if (meta === null) return done({ ok: false, error: 'NoServerForRegion' });
      this.network.call<LocateRegionResponse>(this.ctx, processOf(meta), SERVICE.client, 'locateRegion', { table, row }, this.config.rpcTimeoutMs, (r) => {
        if (!r.ok) {
          this.#metaServer = null;
          return done({ ok: false, error: 'ConnectionError' });
        }
        const response = r.value;
        if (!response.ok) {
          if (response.error !== 'TableNotFoundException') this.#metaServer = null;
          return done({ ok: false, error: response.error });
        }
        this.#tableStates.set(table, response.tableState);
        if (response.server === null) return done({ ok: false, error: 'NoServerForRegion' });
        const location: RegionLocation = { region: response.region, server: response.server, seqNum: response.seqNum };
        this.#put(table, location);
        done({ ok: true, location, tableState: response.tableState });
      });
    });
  }

  /** updateCachedLocationOnError. */
  onError(location: RegionLocation, error: HBaseError | 'ConnectionError', destination?: ServerName): void {
    const entries = this.#cache.get(location.region.table);
    const cached = entries?.find((l) => l.region.encodedName === location.region.encodedName);
    if (entries === undefined || cached === undefined || cached.server !== location.server || cached.seqNum > location.seqNum) return;
    if (error !== 'ConnectionError' && KEEPS_LOCATION_CACHE.has(error)) return;
    if (error === 'RegionMovedException' && destination !== undefined) {
      cached.server = destination;
      return;
    }
    entries.splice(entries.indexOf(cached), 1);
  }

  /**
   * A new location replaces every cached one it overlaps (its own region's among them). The entries being sorted and
   * disjoint, those are a run of neighbours around where it goes: found by a binary search, not a pass over the table.
   */
  #put(table: string, location: RegionLocation): void {
    let entries = this.#cache.get(table);
    if (entries === undefined) {
      entries = [];
      this.#cache.set(table, entries);
    }
    // Only the entry starting last at or before the new one's start can overlap it from the left.
    let first = startingAtOrBefore(entries, location.region.startKey, regionOfLocation);
    if (first > 0 && overlaps((entries[first - 1] as RegionLocation).region, location.region)) first--;
    let end = first;
    while (end < entries.length && overlaps((entries[end] as RegionLocation).region, location.region)) end++;
    entries.splice(first, end - first, location);
  }

  #withMetaServer(done: (server: ServerName | null) => void): void {
    if (this.#metaServer !== null) return done(this.#metaServer);
    this.zk.getData(layoutOf(this.config).znode.metaRegionServer, false, (r) => {
      const location = r.code === 'ok' ? (r.value?.data as { server: ServerName | null } | undefined) : undefined;
      // A non-OPEN meta state is only a warning in HBase: the location is used anyway.
      this.#metaServer = location?.server ?? null;
      done(this.#metaServer);
    });
  }
}

const regionOfLocation = (location: RegionLocation): RegionInfo => location.region;

function overlaps(a: RegionInfo, b: RegionInfo): boolean {
  const aEndsBeforeB = a.endKey !== '' && a.endKey <= b.startKey;
  const bEndsBeforeA = b.endKey !== '' && b.endKey <= a.startKey;
  return !aEndsBeforeB && !bEndsBeforeA;
}
