/**
 * How HBase 2.6 fences a deposed master (HBASE.md §0, §2): not at the RegionServer — which takes opens, closes and
 * meta puts from whichever master sends them — but by the token a RegionServer echoes in its transition reports
 * (MasterRpcServices.throwOnOldMaster, HBASE-28690) and by the new master recovering the procedure store's lease.
 */
import { describe, expect, test } from 'vitest';
import { Simulation } from '../../harness/simulation.ts';
import type { RpcResult } from '../../harness/network.ts';
import type { ProcessContext } from '../../harness/scheduler.ts';
import { runHBaseScenario, type HBaseScenarioSpec } from '../../runner/scenarios/hbase.ts';
import { steady } from '../../runner/scenarios/steady.ts';
import { SERVICE, type CloseRegionRequest, type ReportTransitionRequest } from '../../system/hbase/protocol.ts';
import type { Cluster } from '../../system/cluster.ts';
import { META_REGION } from '../../system/hbase/region-info.ts';

const spec: HBaseScenarioSpec = { ...steady.spec, durationMs: 12_000 };

type Probe = (ctx: ProcessContext, cluster: Cluster, record: (what: string, r: RpcResult<unknown>) => void) => void;

/** Run a steady cluster; at `at` ms a probe process makes calls as a master or a RegionServer would. */
function probe(at: number, calls: Probe): Map<string, RpcResult<unknown>> {
  const results = new Map<string, RpcResult<unknown>>();
  const sim = new Simulation({ seed: 11 });
  runHBaseScenario(sim, spec, ({ cluster }) => {
    cluster.sim.scheduler.at(at, () => {
      cluster.sim.scheduler.spawn('probe', (ctx) => calls(ctx, cluster, (what, r) => results.set(what, r)));
    });
  });
  return results;
}

describe('fencing a deposed master as HBase 2.6 does', () => {
  test('the active master refuses a transition report for an open that a newer master sent (throwOnOldMaster)', () => {
    const results = probe(8_000, (ctx, cluster, record) => {
      const master = cluster.activeMaster();
      if (master === undefined) throw new Error('no active master at 8 s');
      const rs = cluster.regionServer(cluster.regionServerIds[0] as string);
      const report = (token: number): ReportTransitionRequest => ({ server: rs?.serverName as string, code: 'CLOSED', region: 'no-such-region', procId: 999_999, openSeqNum: -1, initiatingMasterActiveTime: token });
      const call = (what: string, token: number) => cluster.sim.network.call(ctx, master.ctx.id, SERVICE.regionServerStatus, 'reportRegionStateTransition', report(token), 1_000, (r) => record(what, r));
      call('newer', master.activeToken + 1);
      call('same', master.activeToken);
    });
    expect(results.get('newer')).toEqual({ ok: true, value: { ok: false, error: 'MasterNotRunningException', message: 'Another master is active' } });
    // A report for our own (or an older master's) request goes on to the AssignmentManager: here, an unknown region (UnexpectedStateException, as AssignmentManager.reportRegionStateTransition answers).
    expect(results.get('same')).toMatchObject({ ok: true, value: { ok: false, error: 'UnexpectedStateException' } });
  });

  test('a RegionServer takes a close from a master older than the active one: it checks no token (RSRpcServices)', () => {
    const results = probe(8_000, (ctx, cluster, record) => {
      const rs = cluster.regionServer(cluster.regionServerIds[0] as string);
      if (rs === undefined) throw new Error('no rs-1');
      const close: CloseRegionRequest = { region: 'no-such-region', procId: 999_998, server: rs.serverName, masterActiveTime: 0, destination: null };
      cluster.sim.network.call(ctx, rs.ctx.id, SERVICE.admin, 'closeRegion', close, 1_000, (r) => record('close', r));
    });
    expect(results.get('close')).toEqual({ ok: true, value: { ok: true } });
  });
});

describe('a meta write that fails aborts the master (RegionStateStore.updateRegionLocation)', () => {
  test('cut off from the server holding hbase:meta, the master retries the put as its client does, then aborts; the backup takes over', () => {
    const sim = new Simulation({ seed: 5 });
    let cutOff = '';
    runHBaseScenario(sim, { ...spec, durationMs: 150_000 }, ({ cluster }) => {
      cluster.sim.scheduler.at(8_000, () => {
        const master = cluster.activeMaster();
        const metaRs = cluster.regionServerIds.find((id) => cluster.regionServer(id)?.online.has(META_REGION.encodedName));
        const victim = cluster.regionServerIds.find((id) => id !== metaRs);
        if (master === undefined || metaRs === undefined || victim === undefined) throw new Error('no master or meta server at 8 s');
        cutOff = master.serverName;
        // The master cannot reach meta's server; a RegionServer crash makes its ServerCrashProcedure write meta.
        cluster.sim.network.blockOneWay([master.ctx.id], [metaRs]);
        cluster.sim.scheduler.crash(victim);
      });
    });
    const aborted = sim.trace.events.filter((e) => e.type === 'master.aborted' && e.server === cutOff);
    expect(aborted).toHaveLength(1);
    expect((aborted[0] as unknown as { reason: string }).reason).toMatch(/^FAILED persisting region=.* to hbase:meta: timeout after 16 attempts$/);
    // The next master resumes the procedures from the store.
    expect(sim.trace.events.filter((e) => e.type === 'master.initialized' && e.server !== cutOff).length).toBeGreaterThanOrEqual(1);
  });
});

describe('a new master refuses RegionServers until its service is started (MasterRpcServices.checkServiceStarted)', () => {
  test('before the procedure workers start — the dead servers not yet found — startup, report and transition get ServerNotRunningYetException; after, startup is taken', () => {
    const results = new Map<string, RpcResult<unknown>>();
    const sim = new Simulation({ seed: 3 });
    runHBaseScenario(sim, spec, ({ cluster }) => {
      cluster.sim.scheduler.at(0, () => {
        cluster.sim.scheduler.spawn('probe', (ctx) => {
          const call = (what: string, to: string, method: string, payload: unknown) => cluster.sim.network.call(ctx, to, SERVICE.regionServerStatus, method, payload, 1_000, (r) => results.set(what, r));
          const poll = (): void => {
            const master = cluster.masterIds.map((id) => cluster.master(id)).find((m) => m?.state === 'ACTIVE');
            const phase = master?.active?.executor.started === false ? 'early' : master?.active?.executor.started === true ? 'started' : null;
            if (master !== undefined && phase !== null && !results.has(`${phase}:startup`)) {
              call(`${phase}:startup`, master.ctx.id, 'regionServerStartup', { server: `probe,16020,${phase === 'early' ? 1 : 2}`, currentTime: ctx.now() });
              call(`${phase}:report`, master.ctx.id, 'regionServerReport', { server: 'probe,16020,1', regions: [] });
              call(`${phase}:transition`, master.ctx.id, 'reportRegionStateTransition', { server: 'probe,16020,1', code: 'CLOSED', region: 'x', procId: 1, openSeqNum: -1, initiatingMasterActiveTime: 0 });
            }
            if (!results.has('started:startup')) ctx.setTimer(1, poll);
          };
          poll();
        });
      });
    });
    const refused = { ok: true, value: { ok: false, error: 'ServerNotRunningYetException', message: 'Server is not running yet' } };
    expect(results.get('early:startup')).toEqual(refused);
    expect(results.get('early:report')).toEqual(refused);
    expect(results.get('early:transition')).toEqual(refused);
    expect(results.get('started:startup')).toEqual({ ok: true, value: { ok: true } });
  });
});
