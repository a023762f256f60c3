/**
 * HBASE-23594's race, driven by hand: a move's target loses its ZooKeeper session as the move's TRSP plans the
 * open there (REGION_STATE_TRANSITION_OPEN). The server's ServerCrashProcedure lists the region (its location is
 * the dead server), while the open's dispatch finds the server gone (addOperationToNode:
 * FailedRemoteDispatchException), so the OpenRegionProcedure gives up at once and the TRSP re-plans the region
 * onto another server. ServerCrashProcedure.assignRegions must then leave the region alone.
 */
import { describe, expect, test } from 'vitest';
import { checkAssignment } from '../../checkers/assignment/check.ts';
import { Simulation } from '../../harness/simulation.ts';
import { runHBaseScenario } from '../../runner/scenarios/hbase.ts';
import { steady } from '../../runner/scenarios/steady.ts';
import { recordedEvents, type TraceEvent } from '../../schema/trace.ts';
import { TransitRegionStateProcedure } from '../../system/master/assignment/transit-region-state-procedure.ts';

const AT_MS = 6_000;

function race(bugs: string[]): { trace: readonly TraceEvent[]; moved: string; target: string } {
  const sim = new Simulation({ seed: 1 });
  let moved = '';
  let target = '';
  runHBaseScenario(sim, { ...steady.spec, cluster: { ...steady.spec.cluster, bugs }, durationMs: 20_000 }, ({ cluster }) => {
    cluster.sim.scheduler.at(AT_MS, () => {
      const source = cluster.regionServer('rs-1')!;
      const dest = cluster.regionServer('rs-2')!;
      const active = cluster.activeMaster()!.active!;
      const region = [...source.online.values()].map((r) => r.info).find((info) => info.table !== 'hbase:meta')!;
      moved = region.encodedName;
      target = dest.serverName;
      let struck = false;
      cluster.failpoint = (_ctx, name, detail) => {
        if (struck || name !== 'master.trsp.REGION_STATE_TRANSITION_OPEN' || detail.region !== moved) return;
        struck = true;
        for (const s of cluster.zookeeper.sessionsOf('rs-2')) cluster.zookeeper.expireSession(s.sessionId);
      };
      const node = active.am.regionStates.get(moved)!;
      node.setProcedure(active.executor.submit(new TransitRegionStateProcedure(region, 'MOVE', dest.serverName)));
    });
  });
  return { trace: recordedEvents(sim.trace), moved, target };
}

type Transition = Extract<TraceEvent, { type: 'am.transition' }>;

const opensOf = (trace: readonly TraceEvent[], region: string): Transition[] =>
  trace.filter((e): e is Transition => e.type === 'am.transition' && e.region === region && e.state === 'OPENING' && e.time >= AT_MS);

describe('a region re-planned off a server whose ServerCrashProcedure already listed it (HBASE-23594)', () => {
  test('correct build: the open gives up at once, the TRSP re-plans before the SCP assigns, and the SCP leaves the region alone', () => {
    const { trace, moved, target } = race([]);
    const opens = opensOf(trace, moved);
    expect(opens[0]).toMatchObject({ server: target });
    const scpAssign = trace.find((e) => e.type === 'procedure.step' && e.procedure === 'ServerCrashProcedure' && e.state === 'SERVER_CRASH_ASSIGN' && e.time >= AT_MS);
    expect(scpAssign).toBeDefined();
    // The situation: the re-plan happened before the SCP's assign step, not because the SCP interrupted the open.
    expect(opens[1]!.server).not.toBe(target);
    expect(opens[1]!.time).toBeLessThan(scpAssign!.time);
    expect(opens).toHaveLength(2);
    expect(trace.filter((e) => e.type === 'am.transition' && e.region === moved).at(-1)).toMatchObject({ state: 'OPEN' });
    expect(checkAssignment(trace).violations).toEqual([]);
  });

  test('planted bug scp-assigns-region-moved-away: the SCP assigns the region again, and two servers open it', () => {
    const { trace } = race(['scp-assigns-region-moved-away']);
    expect(checkAssignment(trace).violations.map((v) => v.kind)).toContain('double-assignment');
  });
});
