/**
 * The meta lookup a client asks of the server hosting hbase:meta (locateRegion): which region of a table holds a
 * row, and the table's state. HBase answers it with one reverse scan from the row's key (O(log regions)); a plain
 * scan of the table's rows per lookup made a cluster's lookups grow with clients × regions².
 *
 * A table's meta rows are gathered by one forward scan and kept until meta changes (HRegion.version, which every
 * applied edit bumps), so a lookup sees exactly what a scan at that moment would. When the table's regions are
 * sorted by start key and disjoint — always, but for a split or merge in flight — a binary search finds the one
 * region that can hold the row; otherwise every region holding it is looked at and the newest (highest regionId)
 * wins, as HBase's scan keeps the latest row.
 */
import { containsRow, startingAtOrBefore, type RegionInfo } from '../hbase/region-info.ts';
import type { MetaRegionRow, MetaRow, MetaTableRow } from '../hbase/protocol.ts';
import type { HRegion } from './hregion.ts';

interface TableRows {
  tableRow: MetaTableRow | undefined;
  /** The table's region rows in meta's key order. */
  regions: MetaRegionRow[];
  /** Each region ends at or before the next one starts (and only the last may be open-ended). */
  sortedAndDisjoint: boolean;
}

export interface MetaLookup {
  tableRow: MetaTableRow | undefined;
  region: MetaRegionRow | undefined;
}

export class MetaLocator {
  #meta: HRegion | null = null;
  #version = -1;
  readonly #tables = new Map<string, TableRows>();

  locate(meta: HRegion, table: string, row: string): MetaLookup {
    if (meta !== this.#meta || meta.version !== this.#version) {
      this.#meta = meta;
      this.#version = meta.version;
      this.#tables.clear();
    }
    let rows = this.#tables.get(table);
    if (rows === undefined) {
      rows = gather(meta, table);
      this.#tables.set(table, rows);
    }
    return { tableRow: rows.tableRow, region: rows.sortedAndDisjoint ? floorRegion(rows.regions, row) : newestHolding(rows.regions, row) };
  }
}

/**
 * A table's meta rows are `<table>` and `<table>,<startKey>,<regionId>` (protocol.ts), contiguous in row order: the
 * scan starts at the table's row and stops past its regions (MetaTableAccessor scans the table's range).
 */
function gather(meta: HRegion, table: string): TableRows {
  const regionPrefix = `${table},`;
  const rows: TableRows = { tableRow: undefined, regions: [], sortedAndDisjoint: true };
  meta.scan(table, (key, value) => {
    if (key !== table && !key.startsWith(regionPrefix)) return false;
    const row = value as MetaRow | null;
    if (row === null) return true;
    if (row.kind === 'table' && row.table === table) rows.tableRow = row;
    if (row.kind === 'region' && row.region.table === table) rows.regions.push(row);
    return true;
  });
  for (let i = 1; i < rows.regions.length; i++) {
    const before = (rows.regions[i - 1] as MetaRegionRow).region;
    const after = (rows.regions[i] as MetaRegionRow).region;
    if (before.endKey === '' || before.endKey > after.startKey || before.startKey >= after.startKey) rows.sortedAndDisjoint = false;
  }
  return rows;
}

/** Sorted and disjoint: only the last region starting at or before the row can hold it. */
function floorRegion(regions: readonly MetaRegionRow[], row: string): MetaRegionRow | undefined {
  const candidate = regions[startingAtOrBefore(regions, row, regionOfRow) - 1];
  return candidate !== undefined && containsRow(candidate.region, row) ? candidate : undefined;
}

const regionOfRow = (row: MetaRegionRow): RegionInfo => row.region;

function newestHolding(regions: readonly MetaRegionRow[], row: string): MetaRegionRow | undefined {
  let found: MetaRegionRow | undefined;
  for (const r of regions) if (containsRow(r.region, row) && (found === undefined || r.region.regionId > found.region.regionId)) found = r;
  return found;
}
