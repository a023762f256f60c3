/**
 * RegionInfo: a table's row range [startKey, endKey) with its region id. The encoded name identifies the
 * region everywhere (RegionStateNodes, meta rows, the RegionServer's online regions, HDFS dirs).
 */
import { META_REGION_ENCODED_NAME, META_TABLE_NAME } from '../../schema/ids.ts';

export const META_TABLE = META_TABLE_NAME;

export interface RegionInfo {
  table: string;
  /** Inclusive; '' is the start of the table. */
  startKey: string;
  /** Exclusive; '' is the end of the table. */
  endKey: string;
  regionId: number;
  encodedName: string;
}

export function regionInfo(table: string, startKey: string, endKey: string, regionId: number): RegionInfo {
  return { table, startKey, endKey, regionId, encodedName: encodeRegionName(table, startKey, regionId) };
}

/** HBase uses an MD5 of the full region name; a short deterministic hash keeps traces readable. */
export function encodeRegionName(table: string, startKey: string, regionId: number): string {
  let h = 0x811c9dc5;
  for (const ch of `${table},${startKey},${regionId}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export const META_REGION: RegionInfo = { table: META_TABLE, startKey: '', endKey: '', regionId: 1, encodedName: META_REGION_ENCODED_NAME };

export function isMeta(region: RegionInfo | string): boolean {
  return (typeof region === 'string' ? region : region.encodedName) === META_REGION.encodedName;
}

export function containsRow(region: RegionInfo, row: string): boolean {
  return row >= region.startKey && (region.endKey === '' || row < region.endKey);
}

/**
 * How many of `items` (sorted by their region's start key) start at or before `row`: with disjoint regions, only the
 * one just before that position can hold the row (HBase's location cache looks it up the same way, by floorEntry).
 */
export function startingAtOrBefore<T>(items: readonly T[], row: string, regionOf: (item: T) => RegionInfo): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (regionOf(items[mid] as T).startKey <= row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Regions of a new table, split at `splitKeys` (sorted, distinct, non-empty). */
export function regionsForTable(table: string, splitKeys: readonly string[], regionId: number): RegionInfo[] {
  const bounds = ['', ...splitKeys, ''];
  const regions: RegionInfo[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) regions.push(regionInfo(table, bounds[i] as string, bounds[i + 1] as string, regionId));
  return regions;
}
