/**
 * MetaLocator answers a client's meta lookup as a scan of the table's meta rows would: the region holding the row
 * (the newest, when rows overlap), and the table's state — also after meta changed since the last lookup.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { HRegion, type WalAppender } from '../../system/regionserver/hregion.ts';
import { MetaLocator } from '../../system/regionserver/meta-locator.ts';
import { containsRow, META_REGION, regionInfo, type RegionInfo } from '../../system/hbase/region-info.ts';
import { metaRegionKey } from '../../system/hbase/paths.ts';
import type { MetaRegionRow, MetaRow } from '../../system/hbase/protocol.ts';

const syncedAtOnce: WalAppender = { appendAndSync: (_edit, done) => done(true) };

function regionRow(region: RegionInfo, server: string): MetaRegionRow {
  return { kind: 'region', region, state: 'OPEN', server, sn: null, seqNum: 1 };
}

function metaWith(rows: MetaRow[]): HRegion {
  const keyed = rows.map((row): [string, unknown] => [row.kind === 'table' ? row.table : metaRegionKey(row.region), row]);
  return HRegion.open(META_REGION, { maxSeq: 1, rows: keyed, nonces: [] }, [], syncedAtOnce);
}

/** What the lookup did before MetaLocator: every row of the table looked at in key order, the newest region holding the row kept (the first of equals). */
function scanOracle(rows: readonly MetaRow[], table: string, row: string): MetaRegionRow | undefined {
  const keyOf = (r: MetaRow) => (r.kind === 'table' ? r.table : metaRegionKey(r.region));
  const inKeyOrder = [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  let found: MetaRegionRow | undefined;
  for (const r of inKeyOrder) if (r.kind === 'region' && r.region.table === table && containsRow(r.region, row) && (found === undefined || r.region.regionId > found.region.regionId)) found = r;
  return found;
}

const splitKeys = ['row-03', 'row-06', 'row-09'];
const regions = ['', ...splitKeys].map((start, i) => regionInfo('t', start, splitKeys[i] ?? '', 1));

describe('MetaLocator', () => {
  test('sorted, disjoint regions: the one holding the row, for rows before, at and between the split keys', () => {
    const rows: MetaRow[] = [{ kind: 'table', table: 't', state: 'ENABLED' }, ...regions.map((r, i) => regionRow(r, `rs-${i}`))];
    const meta = metaWith(rows);
    const locator = new MetaLocator();
    for (const row of ['', 'row-00', 'row-03', 'row-05', 'row-06', 'row-09', 'row-99', 'zzz']) {
      const { tableRow, region } = locator.locate(meta, 't', row);
      expect(tableRow?.state).toBe('ENABLED');
      expect(region).toBe(scanOracle(rows, 't', row));
      expect(region === undefined ? false : containsRow(region.region, row)).toBe(true);
    }
    expect(locator.locate(meta, 'other', 'row-01')).toEqual({ tableRow: undefined, region: undefined });
  });

  test('overlapping rows (a split in flight): the newest region holding the row wins, as a scan keeps it', () => {
    const parent = regionInfo('t', '', '', 1);
    const daughters = [regionInfo('t', '', 'row-05', 2), regionInfo('t', 'row-05', '', 2)];
    const rows: MetaRow[] = [{ kind: 'table', table: 't', state: 'ENABLED' }, regionRow(parent, 'rs-1'), ...daughters.map((d) => regionRow(d, 'rs-2'))];
    const locator = new MetaLocator();
    const meta = metaWith(rows);
    expect(locator.locate(meta, 't', 'row-01').region?.region).toEqual(daughters[0]);
    expect(locator.locate(meta, 't', 'row-07').region?.region).toEqual(daughters[1]);
  });

  test('a put to meta is seen by the next lookup (the rows kept from before are dropped)', () => {
    const rows: MetaRow[] = [{ kind: 'table', table: 't', state: 'ENABLED' }, ...regions.map((r) => regionRow(r, 'rs-1'))];
    const meta = metaWith(rows);
    const locator = new MetaLocator();
    expect(locator.locate(meta, 't', 'row-04').region?.server).toBe('rs-1');
    meta.put(metaRegionKey(regions[1] as RegionInfo), regionRow(regions[1] as RegionInfo, 'rs-7'), undefined, () => {});
    meta.put('t', { kind: 'table', table: 't', state: 'DISABLING' }, undefined, () => {});
    const after = locator.locate(meta, 't', 'row-04');
    expect(after.region?.server).toBe('rs-7');
    expect(after.tableRow?.state).toBe('DISABLING');
  });

  test('property: for any set of region rows and any row, the same region as a scan of every row', () => {
    const key = fc.stringMatching(/^row-[0-9]{2}$/);
    const region = fc.tuple(key, fc.option(key, { nil: '' }), fc.integer({ min: 1, max: 4 })).map(([a, b, id]) => (b === '' || a < b ? regionInfo('t', a, b, id) : regionInfo('t', b, a, id)));
    fc.assert(
      fc.property(fc.uniqueArray(region, { selector: (r) => r.encodedName, maxLength: 8 }), fc.array(key, { minLength: 1, maxLength: 10 }), (infos, lookups) => {
        const rows: MetaRow[] = [{ kind: 'table', table: 't', state: 'ENABLED' }, ...infos.map((r, i) => regionRow(r, `rs-${i}`))];
        const meta = metaWith(rows);
        const locator = new MetaLocator();
        for (const row of lookups) expect(locator.locate(meta, 't', row).region).toBe(scanOracle(rows, 't', row));
      }),
      { numRuns: 300 },
    );
  });
});
