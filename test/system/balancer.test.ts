import { describe, expect, test } from 'vitest';
import { RandomStream } from '../../harness/random.ts';
import { Simulation } from '../../harness/simulation.ts';
import { recordedEvents } from '../../schema/trace.ts';
import { checkAssignment } from '../../checkers/assignment/check.ts';
import { runHBaseScenario } from '../../runner/scenarios/hbase.ts';
import { steady } from '../../runner/scenarios/steady.ts';
import { SCENARIO_CONFIG } from '../../system/hbase/config.ts';
import { regionInfo } from '../../system/hbase/region-info.ts';
import { AssignmentManager } from '../../system/master/assignment/assignment-manager.ts';
import { TransitRegionStateProcedure } from '../../system/master/assignment/transit-region-state-procedure.ts';
import { Balancer } from '../../system/master/balancer.ts';
import type { HMaster } from '../../system/master/hmaster.ts';
import { ServerManager } from '../../system/master/server-manager.ts';

const A = 'rs-1,16020,1';
const B = 'rs-2,16020,1';

/** A master with a real AssignmentManager and ServerManager, and an executor that only records submissions. */
function fakeMaster(state: HMaster['state'] = 'INITIALIZED') {
  const events: Array<{ type: string; [k: string]: unknown }> = [];
  const timers: Array<{ at: number; fn: () => void }> = [];
  const submitted: TransitRegionStateProcedure[] = [];
  let now = 0;
  const trace = { emit: (type: string, fields: object) => events.push({ type, ...fields }) };
  const am = new AssignmentManager(new RandomStream('balancer', 'test'));
  const serverManager = new ServerManager(trace as never, 'master-1,16000,1', () => {});
  for (const sn of [A, B]) {
    serverManager.regionServerStartup(sn);
    serverManager.regionServerReport(sn);
  }
  am.regionStates.setTableState('t', 'ENABLED');
  // Four regions open on A, none on B.
  for (let i = 0; i < 4; i++) {
    const node = am.regionStates.getOrCreate(regionInfo('t', `k${i}`, `k${i + 1}`, 1));
    node.state = 'OPEN';
    node.regionLocation = A;
  }
  const executor = { submit: (p: TransitRegionStateProcedure) => (submitted.push(p), 100 + submitted.length) };
  const master = {
    state,
    serverName: 'master-1,16000,1',
    config: SCENARIO_CONFIG,
    trace,
    ctx: { now: () => now, setTimer: (ms: number, fn: () => void) => timers.push({ at: now + ms, fn }) },
    active: { am, serverManager, executor },
  };
  const advance = (to: number) => {
    for (;;) {
      timers.sort((x, y) => x.at - y.at);
      const t = timers[0];
      if (t === undefined || t.at > to) break;
      timers.shift();
      now = t.at;
      t.fn();
    }
    now = to;
  };
  return { balancer: new Balancer(master as unknown as HMaster), am, serverManager, events, submitted, advance };
}

describe('HMaster.balance refuses as HBase does', () => {
  test('not before the master is initialised (skipRegionManagementAction)', () => {
    const { balancer, submitted } = fakeMaster('ACTIVE');
    expect(balancer.balance()).toEqual({ ran: false, reason: 'master not initialized' });
    expect(submitted).toHaveLength(0);
  });

  test('not while a region is in transition (hasRegionsInTransition)', () => {
    const { balancer, am, submitted } = fakeMaster();
    am.regionStates.all()[3]!.setProcedure(7);
    expect(balancer.balance()).toMatchObject({ ran: false, reason: '1 region(s) in transition' });
    expect(submitted).toHaveLength(0);
  });

  test('not while a dead server is being processed (areDeadServersInProgress), and again once its SCP is done', () => {
    const { balancer, serverManager, submitted } = fakeMaster();
    serverManager.regionServerStartup('rs-3,16020,1');
    serverManager.expireServer('rs-3,16020,1', 'test');
    expect(balancer.balance()).toMatchObject({ ran: false, reason: 'processing dead regionserver(s)' });
    expect(submitted).toHaveLength(0);
    serverManager.serverCrashProcessed('rs-3,16020,1');
    expect(balancer.balance()).toEqual({ ran: true, plans: 2 });
  });

  test('its plans are MOVE procedures spread over the balancer period; a plan whose region moved meanwhile is skipped', () => {
    const { balancer, am, submitted, advance } = fakeMaster();
    expect(balancer.balance()).toEqual({ ran: true, plans: 2 });
    // The first move goes at once, the second half a period later.
    expect(submitted.map((p) => [p.transitionType, p.candidate])).toEqual([['MOVE', B]]);
    // Meanwhile the second plan's region was moved by someone else: AssignmentManager.balance skips it.
    const second = am.regionStates.all().find((n) => n.procedureId === null)!;
    second.regionLocation = B;
    advance(SCENARIO_CONFIG.balancerPeriodMs / 2);
    expect(submitted).toHaveLength(1);
    // The run is over: the next one may go.
    expect(balancer.balance()).toMatchObject({ ran: false, reason: '1 region(s) in transition' });
  });

  test('the BalancerChore runs every hbase.balancer.period', () => {
    const { balancer, events, advance } = fakeMaster();
    balancer.startChore();
    advance(3 * SCENARIO_CONFIG.balancerPeriodMs);
    expect(events.filter((e) => e.type === 'master.balance' || e.type === 'master.balanceNotRun').length).toBe(3);
  });
});

describe('the BalancerChore in a cluster', () => {
  test('a RegionServer back after its crash was recovered gets regions from the chore alone — no admin asked — by MOVE procedures', () => {
    const sim = new Simulation({ seed: 3 });
    const spec = { ...steady.spec, workload: { ...steady.spec.workload, adminIntervalMs: 0 } };
    runHBaseScenario(sim, spec, ({ cluster }) => {
      cluster.sim.scheduler.at(9_000, () => cluster.sim.scheduler.crash('rs-1'));
      cluster.sim.scheduler.at(20_000, () => void cluster.sim.scheduler.restart('rs-1'));
    });
    const events = sim.trace.events;
    const runs = events.filter((e) => e.type === 'master.balance');
    expect(runs.length).toBeGreaterThanOrEqual(5);
    const reborn = events.find((e) => e.type === 'master.serverOnline' && e.time >= 20_000)!;
    const moves = events.filter((e) => e.type === 'procedure.submitted' && e.procedure === 'TransitRegionStateProcedure' && e.time > reborn.time);
    expect(moves.length).toBeGreaterThan(0);
    expect(moves.every((m) => m.state === 'REGION_STATE_TRANSITION_CLOSE')).toBe(true);
    // Regions did reopen on the new incarnation.
    const opened = events.filter((e) => e.type === 'am.transition' && e.state === 'OPEN' && e.server === (reborn as unknown as { server: string }).server);
    expect(opened.length).toBeGreaterThan(0);
    expect(checkAssignment(recordedEvents(sim.trace)).violations).toEqual([]);
  });
});
