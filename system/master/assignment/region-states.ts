/**
 * RegionStates: every RegionStateNode the master knows, and the table states. Built at joinCluster from
 * hbase:meta, changed only by procedures.
 */
import type { RegionInfo } from '../../hbase/region-info.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import type { TableState } from '../../hbase/protocol.ts';
import { RegionStateNode } from './region-state-node.ts';

export class RegionStates {
  readonly #nodes = new Map<string, RegionStateNode>();
  readonly #tables = new Map<string, TableState>();

  getOrCreate(region: RegionInfo): RegionStateNode {
    let node = this.#nodes.get(region.encodedName);
    if (node === undefined) {
      node = new RegionStateNode(region);
      this.#nodes.set(region.encodedName, node);
    }
    return node;
  }

  get(encodedName: string): RegionStateNode | undefined {
    return this.#nodes.get(encodedName);
  }

  /** All nodes, sorted by table then start key (a stable, seed-independent order). */
  all(): RegionStateNode[] {
    return [...this.#nodes.values()].sort(byRegion);
  }

  ofTable(table: string): RegionStateNode[] {
    return this.all().filter((n) => n.region.table === table);
  }

  onServer(server: ServerName): RegionStateNode[] {
    return this.all().filter((n) => n.regionLocation === server);
  }

  tableState(table: string): TableState | undefined {
    return this.#tables.get(table);
  }

  setTableState(table: string, state: TableState): void {
    this.#tables.set(table, state);
  }

  /** RegionStates.clear, when the AssignmentManager stops. */
  clear(): void {
    this.#nodes.clear();
  }

}

function byRegion(a: RegionStateNode, b: RegionStateNode): number {
  const ra = a.region;
  const rb = b.region;
  if (ra.table !== rb.table) return ra.table < rb.table ? -1 : 1;
  if (ra.startKey !== rb.startKey) return ra.startKey < rb.startKey ? -1 : 1;
  return ra.regionId - rb.regionId;
}
