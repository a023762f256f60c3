import { describe, expect, test } from 'vitest';
import { Simulation } from '../../harness/simulation.ts';
import { RegionLocator, type LocateResult } from '../../system/client/region-locator.ts';
import { SCENARIO_CONFIG } from '../../system/hbase/config.ts';
import { regionInfo } from '../../system/hbase/region-info.ts';
import type { ZKWatcher } from '../../system/hbase/ports.ts';
import { SERVICE } from '../../system/hbase/protocol.ts';

/** A meta server answering locateRegion from a table the test controls, counting lookups. */
function world() {
  const sim = new Simulation({ seed: 1 });
  const region = regionInfo('t', '', '', 1);
  const meta = { server: 'rs-1,16020,1', lookups: 0 };
  sim.scheduler.spawn('rs-9', (ctx) =>
    sim.network.listen(ctx, SERVICE.client, (req, reply) => {
      meta.lookups++;
      reply({ ok: true, region, server: meta.server, state: 'OPEN', seqNum: 5, tableState: 'ENABLED' });
    }),
  );
  const zk = {
    getData: (_path: string, _watch: boolean, done: (r: { code: string; value?: { data: unknown; czxid: number; version: number } }) => void) =>
      done({ code: 'ok', value: { data: { server: 'rs-9,16020,1', state: 'OPEN' }, czxid: 1, version: 0 } }),
  } as unknown as ZKWatcher;
  const ctx = sim.scheduler.spawn('client', () => {});
  const locator = new RegionLocator(ctx, sim.network, zk, SCENARIO_CONFIG);
  const locate = () => {
    const out: LocateResult[] = [];
    locator.locate('t', 'row-1', (r) => out.push(r));
    sim.scheduler.runUntil(sim.scheduler.now + 100);
    const r = out[0];
    if (r === undefined || !r.ok) throw new Error('locate failed');
    return r.location;
  };
  return { sim, meta, locator, locate };
}

describe('client location cache (updateCachedLocationOnError)', () => {
  test('a hit needs no meta lookup', () => {
    const { meta, locate } = world();
    locate();
    locate();
    expect(meta.lookups).toBe(1);
  });

  test('NotServingRegionException and connection errors drop the entry; the next call re-reads meta', () => {
    for (const error of ['NotServingRegionException', 'ConnectionError'] as const) {
      const { meta, locate, locator } = world();
      const loc = locate();
      locator.onError(loc, error);
      expect(locator.cached('t', 'row-1')).toBeUndefined();
      meta.server = 'rs-2,16020,1';
      expect(locate().server).toBe('rs-2,16020,1');
      expect(meta.lookups).toBe(2);
    }
  });

  test('RegionMovedException points the entry at the new server without a meta lookup', () => {
    const { meta, locate, locator } = world();
    const loc = locate();
    locator.onError(loc, 'RegionMovedException', 'rs-3,16020,1');
    expect(locate().server).toBe('rs-3,16020,1');
    expect(meta.lookups).toBe(1);
  });

  test('RegionOpeningException keeps the entry', () => {
    const { meta, locate, locator } = world();
    const loc = locate();
    locator.onError(loc, 'RegionOpeningException');
    expect(locator.cached('t', 'row-1')?.server).toBe('rs-1,16020,1');
    expect(meta.lookups).toBe(1);
  });

  test('an error about an older location (another server) leaves a newer entry alone', () => {
    const { locate, locator } = world();
    const loc = locate();
    locator.onError({ ...loc, server: 'rs-7,16020,1' }, 'NotServingRegionException');
    expect(locator.cached('t', 'row-1')?.server).toBe('rs-1,16020,1');
  });
});
