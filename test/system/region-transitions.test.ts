/**
 * When a RegionServer reports a region transition, and when it stays silent (AssignRegionHandler.process,
 * UnassignRegionHandler.process), and what the master does with a report it cannot take
 * (AssignmentManager.reportRegionStateTransition): HBase's behaviour, on a steady cluster driven by hand.
 */
import { describe, expect, test } from 'vitest';
import { Simulation } from '../../harness/simulation.ts';
import { regionInfo } from '../../system/hbase/region-info.ts';
import type { ReportTransitionRequest, StatusResponse } from '../../system/hbase/protocol.ts';
import type { HRegionServer } from '../../system/regionserver/hregionserver.ts';
import type { Cluster } from '../../system/cluster.ts';
import { runHBaseScenario, type HBaseScenarioSpec } from '../../runner/scenarios/hbase.ts';
import { steady } from '../../runner/scenarios/steady.ts';

const spec: HBaseScenarioSpec = { ...steady.spec, durationMs: 12_000 };
const AT_MS = 6_000;
/** procIds far above any the master hands out in these runs. */
const FRESH_PROC_ID = 900_000;

interface Observed {
  reports: Array<{ request: ReportTransitionRequest; response: StatusResponse | null }>;
  rs: HRegionServer;
}

/** At AT_MS, `act` drives rs-1 by hand; every transition report rs-1 sends from then on is recorded. */
function drive(act: (rs: HRegionServer, cluster: Cluster) => void, seed = 1): Observed & { sim: Simulation } {
  const sim = new Simulation({ seed });
  const observed: Partial<Observed> = { reports: [] };
  runHBaseScenario(sim, spec, ({ cluster }) => {
    cluster.sim.scheduler.at(AT_MS, () => {
      const rs = cluster.regionServer('rs-1');
      if (rs === undefined) throw new Error('rs-1 is not running');
      observed.rs = rs;
      const callMaster = rs.callMaster.bind(rs);
      rs.callMaster = <R extends { ok: boolean }>(method: string, payload: unknown, done: (response: R | null) => void) =>
        callMaster<R>(method, payload, (response) => {
          if (method === 'reportRegionStateTransition') observed.reports!.push({ request: payload as ReportTransitionRequest, response: response as StatusResponse | null });
          done(response);
        });
      act(rs, cluster);
    });
  });
  return { sim, ...(observed as Observed) };
}

const aborted = (sim: Simulation) => sim.trace.events.filter((e) => e.type === 'rs.aborted' && e.process === 'rs-1');
const userRegion = (rs: HRegionServer) => [...rs.online.values()].map((r) => r.info).find((info) => info.table !== 'hbase:meta')!;

describe('a RegionServer reports a transition only when it made one (HBase 2.6 handlers)', () => {
  test('an open for a region already online here is ignored without a report: the region stays served', () => {
    let name = '';
    const { rs, reports, sim } = drive((rs) => {
      const region = userRegion(rs);
      name = region.encodedName;
      rs.handlers.open(region, FRESH_PROC_ID, 0);
    });
    expect(reports.filter((r) => r.request.procId === FRESH_PROC_ID)).toEqual([]);
    expect(rs.online.has(name)).toBe(true);
    expect(aborted(sim)).toEqual([]);
  });

  test('a close for a region that is not online here is ignored without a report', () => {
    const { reports, sim } = drive((rs, cluster) => {
      const elsewhere = cluster.regionServer('rs-2');
      const region = elsewhere === undefined ? undefined : userRegion(elsewhere);
      if (region === undefined || rs.online.has(region.encodedName)) throw new Error('no region of rs-2 to close on rs-1');
      rs.handlers.close(region.encodedName, FRESH_PROC_ID, null, 0);
    });
    expect(reports.filter((r) => r.request.procId === FRESH_PROC_ID)).toEqual([]);
    expect(aborted(sim)).toEqual([]);
  });

  test('a second close of a region already closing is ignored: only the first close reports CLOSED', () => {
    const { reports } = drive((rs) => {
      const region = userRegion(rs);
      rs.handlers.close(region.encodedName, FRESH_PROC_ID, null, 0);
      rs.handlers.close(region.encodedName, FRESH_PROC_ID + 1, null, 0);
    });
    expect(reports.filter((r) => r.request.procId >= FRESH_PROC_ID).map((r) => [r.request.procId, r.request.code])).toEqual([[FRESH_PROC_ID, 'CLOSED']]);
  });

  test('a report the master takes as an unexpected transition is fatal: an OPENED report for a region the master does not know aborts the server', () => {
    const { reports, sim } = drive((rs) => rs.handlers.open(regionInfo('usertable', 'zzzz', '', 42), FRESH_PROC_ID, 0));
    const report = reports.find((r) => r.request.procId === FRESH_PROC_ID);
    expect(report?.request.code).toBe('OPENED');
    expect(report?.response).toMatchObject({ ok: false, error: 'UnexpectedStateException' });
    expect(aborted(sim)).toHaveLength(1);
    expect(aborted(sim)[0]).toMatchObject({ reason: expect.stringContaining('UnexpectedStateException') });
  });

  test('a report for a region the master knows but no procedure of its own is acknowledged and ignored as a retry', () => {
    const { reports, sim } = drive((rs) => rs.handlers.close(userRegion(rs).encodedName, FRESH_PROC_ID, null, 0));
    const report = reports.find((r) => r.request.procId === FRESH_PROC_ID);
    expect(report?.response).toEqual({ ok: true });
    expect(aborted(sim)).toEqual([]);
  });
});
