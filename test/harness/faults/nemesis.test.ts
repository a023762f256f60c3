import { describe, expect, test } from 'vitest';
import type { TimedFault } from '../../../harness/faults/types.ts';
import { buildWorld, eventsOf, schedule } from './world.ts';

/** Times (virtual ms) at which a node ticked, strictly inside (from, to). */
function ticksBetween(ticks: Array<[number, number]> | undefined, from: number, to: number): number[] {
  return (ticks ?? []).map(([t]) => t).filter((t) => t > from && t < to);
}

function run(faults: TimedFault[], until = 1_000, quietAtMs = 10_000, seed = 1) {
  const w = buildWorld({ seed });
  const nemesis = w.arm(schedule({ faults, quietAtMs }));
  w.sim.scheduler.runUntil(until);
  return { w, nemesis, faultEvents: w.sim.trace.events.filter((e) => e.type.startsWith('fault.')) };
}

describe('Nemesis: each kind fires at its time with its effect', () => {
  test('crash: the process handles nothing while down (its timers die with it), then restarts as a new incarnation', () => {
    const { w, faultEvents } = run([{ at: 100, fault: { kind: 'crash', target: 'n1', restartAfterMs: 200 } }]);
    expect(faultEvents).toEqual([
      { time: 100, type: 'fault.crash', entry: 'faults[0]', target: 'n1', restartAfterMs: 200 },
      { time: 300, type: 'fault.crash.end', entry: 'faults[0]', target: 'n1' },
    ]);
    expect(ticksBetween(w.ticks.get('n1'), 100, 300)).toEqual([]);
    expect(ticksBetween(w.ticks.get('n1'), 300, 1_000).length).toBeGreaterThan(10);
    expect(ticksBetween(w.ticks.get('n2'), 100, 300).length).toBeGreaterThan(5);
    expect(eventsOf(w, 'node.ping').filter((e) => e.node === 'n1' && (e.time as number) > 100 && (e.time as number) < 300)).toEqual([]);
    expect(eventsOf(w, 'node.boot').map((e) => [e.time, e.node, e.incarnation])).toContainEqual([300, 'n1', 1]);
    expect(w.targets.calls).toEqual(['restart n1']);
  });

  test('crash: a process already down is not crashed again; restartAfterMs null leaves it down', () => {
    const { w, faultEvents } = run([
      { at: 100, fault: { kind: 'crash', target: 'n1', restartAfterMs: null } },
      { at: 200, fault: { kind: 'crash', target: 'n1', restartAfterMs: 10 } },
    ]);
    expect(faultEvents.map((e) => [e.time, e.type, e.reason])).toEqual([
      [100, 'fault.crash', undefined],
      [200, 'fault.skipped', 'already down'],
    ]);
    expect(w.sim.scheduler.info('n1').status).toBe('crashed');
    expect(w.sim.scheduler.info('n1').incarnation).toBe(1);
  });

  test('pause: nothing is handled while paused; the backlog runs late, at the resume', () => {
    const { w, faultEvents } = run([{ at: 100, fault: { kind: 'pause', target: 'n2', durationMs: 200 } }]);
    expect(faultEvents.map((e) => [e.time, e.type])).toEqual([
      [100, 'fault.pause'],
      [300, 'fault.pause.end'],
    ]);
    expect(ticksBetween(w.ticks.get('n2'), 100, 300)).toEqual([]);
    // The tick that fell due during the pause runs at 300, as do the pings that arrived meanwhile.
    expect(w.ticks.get('n2')?.some(([t]) => t === 300)).toBe(true);
    const pingsAt300 = eventsOf(w, 'node.ping').filter((e) => e.node === 'n2' && e.time === 300);
    expect(pingsAt300.length).toBeGreaterThan(3);
    expect(w.sim.scheduler.info('n2').incarnation).toBe(0); // paused, not killed
  });

  test('pause: overlapping pauses keep the process paused until the last ends; a dead process is not paused', () => {
    const { w, faultEvents } = run([
      { at: 100, fault: { kind: 'pause', target: 'n2', durationMs: 200 } },
      { at: 200, fault: { kind: 'pause', target: 'n2', durationMs: 300 } },
      { at: 100, fault: { kind: 'crash', target: 'n3', restartAfterMs: null } },
      { at: 150, fault: { kind: 'pause', target: 'n3', durationMs: 300 } },
    ]);
    expect(ticksBetween(w.ticks.get('n2'), 100, 500)).toEqual([]);
    expect(w.ticks.get('n2')?.some(([t]) => t === 500)).toBe(true);
    expect(faultEvents.filter((e) => e.type === 'fault.skipped')).toEqual([
      { time: 150, type: 'fault.skipped', entry: 'faults[3]', kind: 'pause', target: 'n3', reason: 'down' },
    ]);
  });

  test('partition: the groups cannot reach each other for its duration, then heal', () => {
    const w = buildWorld();
    w.arm(schedule({ faults: [{ at: 100, fault: { kind: 'partition', groups: [['n1'], ['n2', 'n3']], durationMs: 200 } }] }));
    w.sim.scheduler.runUntil(1_000);
    const across = eventsOf(w, 'node.ping').filter((e) => (e.from === 'n1') !== (e.node === 'n1'));
    const inside = eventsOf(w, 'node.ping').filter((e) => e.from !== 'n1' && e.node !== 'n1');
    expect(across.filter((e) => (e.time as number) > 100 && (e.time as number) < 300)).toEqual([]);
    expect(across.filter((e) => (e.time as number) > 300).length).toBeGreaterThan(5);
    expect(inside.filter((e) => (e.time as number) > 100 && (e.time as number) < 300).length).toBeGreaterThan(5);
    expect(eventsOf(w, 'fault.partition', 'fault.partition.end')).toEqual([
      { time: 100, type: 'fault.partition', entry: 'faults[0]', target: { groups: [['n1'], ['n2', 'n3']] }, durationMs: 200 },
      { time: 300, type: 'fault.partition.end', entry: 'faults[0]', target: { groups: [['n1'], ['n2', 'n3']] } },
    ]);
  });

  test('partition: overlapping partitions compose — each heals only what it cut', () => {
    const w = buildWorld();
    w.arm(
      schedule({
        faults: [
          { at: 100, fault: { kind: 'partition', groups: [['n1'], ['n2', 'n3']], durationMs: 300 } },
          { at: 200, fault: { kind: 'partition', groups: [['n1', 'n2'], ['n3']], durationMs: 100 } },
        ],
      }),
    );
    const reach: Record<number, string[]> = {};
    for (const t of [250, 350, 450]) {
      w.sim.scheduler.at(t, () => (reach[t] = w.sim.network.blockedPairs().map((p) => p.join('>'))));
    }
    w.sim.scheduler.runUntil(1_000);
    expect(reach[250]).toEqual(['n1>n2', 'n1>n3', 'n2>n1', 'n2>n3', 'n3>n1', 'n3>n2']);
    expect(reach[350]).toEqual(['n1>n2', 'n1>n3', 'n2>n1', 'n3>n1']);
    expect(reach[450]).toEqual([]);
  });

  test('partition-one-way: messages from one side are lost, the other way they arrive', () => {
    const w = buildWorld();
    w.arm(schedule({ faults: [{ at: 100, fault: { kind: 'partition-one-way', from: ['n1'], to: ['n2'], durationMs: 400 } }] }));
    w.sim.scheduler.runUntil(1_000);
    const during = (from: string, to: string) => eventsOf(w, 'node.ping').filter((e) => e.from === from && e.node === to && (e.time as number) > 100 && (e.time as number) < 500);
    expect(during('n1', 'n2')).toEqual([]);
    expect(during('n2', 'n1').length).toBeGreaterThan(3);
    expect(during('n1', 'n3').length).toBeGreaterThan(3);
  });

  test('clock-skew: visible through ctx.now(); a later skew replaces it; the quiet phase sets the clock right', () => {
    const { w, faultEvents } = run(
      [
        { at: 100, fault: { kind: 'clock-skew', target: 'n3', skewMs: 5_000 } },
        { at: 200, fault: { kind: 'clock-skew', target: 'n3', skewMs: -300 } },
      ],
      500,
      400,
    );
    const skewAt = (t: number) => w.ticks.get('n3')?.filter(([time]) => time > t && time < t + 100).map(([time, clock]) => clock - time);
    expect(new Set(skewAt(0))).toEqual(new Set([0]));
    expect(new Set(skewAt(100))).toEqual(new Set([5_000]));
    expect(new Set(skewAt(200))).toEqual(new Set([-300]));
    expect(new Set(skewAt(400))).toEqual(new Set([0]));
    expect(faultEvents.map((e) => [e.time, e.type, e.entry, e.by ?? e.quiet ?? null])).toEqual([
      [100, 'fault.clock-skew', 'faults[0]', null],
      [200, 'fault.clock-skew.end', 'faults[0]', 'faults[1]'],
      [200, 'fault.clock-skew', 'faults[1]', null],
      [400, 'fault.quiet', undefined, null],
      [400, 'fault.clock-skew.end', 'faults[1]', true],
    ]);
  });

  test('session-expiry and sync-failure go to the system through FaultTargets', () => {
    const w = buildWorld();
    w.targets.noSession.add('n3');
    w.arm(
      schedule({
        quietAtMs: 800,
        faults: [
          { at: 100, fault: { kind: 'session-expiry', target: 'n1' } },
          { at: 110, fault: { kind: 'sync-failure', target: 'n2', times: 3 } },
          { at: 120, fault: { kind: 'sync-failure', target: 'n1', times: 'until-roll' } },
          { at: 130, fault: { kind: 'session-expiry', target: 'n3' } },
          { at: 140, fault: { kind: 'crash', target: 'n2', restartAfterMs: 10 } },
          { at: 140, fault: { kind: 'session-expiry', target: 'n2' } },
        ],
      }),
    );
    w.sim.scheduler.runUntil(1_000);
    expect(w.targets.calls).toEqual(['expireSession n1', 'failSyncs n2 3', 'failSyncs n1 until-roll', 'expireSession n3', 'restart n2', 'clearSyncFailures']);
    expect(eventsOf(w, 'fault.session-expiry', 'fault.sync-failure', 'fault.skipped').map((e) => [e.type, e.target, e.times ?? e.reason ?? null])).toEqual([
      ['fault.session-expiry', 'n1', null],
      ['fault.sync-failure', 'n2', 3],
      ['fault.sync-failure', 'n1', 'until-roll'],
      ['fault.session-expiry', 'n3', null],
      ['fault.skipped', 'n3', 'no session'],
      ['fault.skipped', 'n2', 'down'],
    ]);
  });

  test('restart: brings a dead process back and ends the crash that held it down; a live one is left alone', () => {
    const { w, faultEvents } = run([
      { at: 100, fault: { kind: 'crash', target: 'n1', restartAfterMs: null } },
      { at: 200, fault: { kind: 'restart', target: 'n1' } },
      { at: 200, fault: { kind: 'restart', target: 'n2' } },
    ]);
    expect(faultEvents.map((e) => [e.time, e.type, e.entry, e.by ?? e.reason ?? null])).toEqual([
      [100, 'fault.crash', 'faults[0]', null],
      [200, 'fault.restart', 'faults[1]', null],
      [200, 'fault.crash.end', 'faults[0]', 'faults[1]'],
      [200, 'fault.skipped', 'faults[2]', 'not down'],
    ]);
    expect(w.sim.scheduler.info('n1')).toMatchObject({ status: 'running', incarnation: 1 });
    expect(w.sim.scheduler.info('n2')).toMatchObject({ status: 'running', incarnation: 0 });
  });

  test('a process that died of its own accord is brought back by a restart fault', () => {
    const w = buildWorld();
    w.arm(schedule({ faults: [{ at: 200, fault: { kind: 'restart', target: 'n2' } }] }));
    w.sim.scheduler.at(100, () => w.sim.scheduler.contextOf('n2')?.exit());
    w.sim.scheduler.runUntil(300);
    expect(w.sim.scheduler.info('n2')).toMatchObject({ status: 'running', incarnation: 1 });
  });
});

describe('Nemesis: roles', () => {
  test('a role is resolved when the fault fires, and recorded with it', () => {
    const { w, faultEvents } = run([
      { at: 100, fault: { kind: 'crash', target: 'role:leader', restartAfterMs: null } },
      { at: 200, fault: { kind: 'crash', target: 'role:leader', restartAfterMs: null } },
      { at: 300, fault: { kind: 'partition', groups: [['role:leader'], ['n1', 'n2', 'n3']], durationMs: 50 } },
    ]);
    expect(faultEvents.filter((e) => !e.type.endsWith('.end'))).toEqual([
      { time: 100, type: 'fault.crash', entry: 'faults[0]', target: 'n1', restartAfterMs: null, roles: { 'role:leader': 'n1' } },
      { time: 200, type: 'fault.crash', entry: 'faults[1]', target: 'n2', restartAfterMs: null, roles: { 'role:leader': 'n2' } },
      // The leader (n3 by now) stays in its own group, and is left out of the other.
      { time: 300, type: 'fault.partition', entry: 'faults[2]', target: { groups: [['n3'], ['n1', 'n2']] }, durationMs: 50, roles: { 'role:leader': 'n3' } },
    ]);
    expect(w.nemesis?.resolvedSchedule().faults.map((f) => [f.fault, f.roles])).toEqual([
      [{ kind: 'crash', target: 'n1', restartAfterMs: null }, { 'role:leader': 'n1' }],
      [{ kind: 'crash', target: 'n2', restartAfterMs: null }, { 'role:leader': 'n2' }],
      [{ kind: 'partition', groups: [['n3'], ['n1', 'n2']], durationMs: 50 }, { 'role:leader': 'n3' }],
    ]);
  });

  test('all:<role> stands for every holder; a process already in an earlier group stays there', () => {
    const { w, faultEvents } = run([
      { at: 100, fault: { kind: 'partition', groups: [['role:leader'], ['all:any']], durationMs: 50 } },
      { at: 200, fault: { kind: 'partition-one-way', from: ['all:any-reversed'], to: ['all:any'], durationMs: 50 } },
      { at: 300, fault: { kind: 'partition', groups: [['n1'], ['all:nobody']], durationMs: 50 } },
      { at: 400, fault: { kind: 'partition', groups: [['n1'], ['all:nobody', 'n2']], durationMs: 50 } },
    ]);
    expect(faultEvents.filter((e) => !e.type.endsWith('.end'))).toEqual([
      { time: 100, type: 'fault.partition', entry: 'faults[0]', target: { groups: [['n1'], ['n2', 'n3']] }, durationMs: 50, roles: { 'all:any': ['n1', 'n2', 'n3'], 'role:leader': 'n1' } },
      { time: 200, type: 'fault.skipped', entry: 'faults[1]', kind: 'partition-one-way', target: { from: ['all:any-reversed'], to: ['all:any'] }, reason: expect.stringContaining("'from' or 'to' is empty") },
      { time: 300, type: 'fault.skipped', entry: 'faults[2]', kind: 'partition', target: { groups: [['n1'], ['all:nobody']] }, reason: expect.stringContaining('a group is empty') },
      { time: 400, type: 'fault.partition', entry: 'faults[3]', target: { groups: [['n1'], ['n2']] }, durationMs: 50, roles: { 'all:nobody': [] } },
    ]);
    expect(w.nemesis?.resolvedSchedule().faults[0]).toEqual({
      at: 100,
      fault: { kind: 'partition', groups: [['n1'], ['n2', 'n3']], durationMs: 50 },
      roles: { 'all:any': ['n1', 'n2', 'n3'], 'role:leader': 'n1' },
    });
  });

  test('a role held by nobody skips the fault, which stays as written in the resolved schedule', () => {
    const { w, faultEvents } = run([{ at: 100, fault: { kind: 'partition', groups: [['role:leader'], ['role:nobody']], durationMs: 50 } }]);
    expect(faultEvents).toEqual([
      { time: 100, type: 'fault.skipped', entry: 'faults[0]', kind: 'partition', target: { groups: [['role:leader'], ['role:nobody']] }, reason: 'role:nobody resolved to no process' },
    ]);
    expect(w.sim.network.blockedPairs()).toEqual([]);
    expect(w.nemesis?.resolvedSchedule().faults[0]).toEqual({ at: 100, fault: { kind: 'partition', groups: [['role:leader'], ['role:nobody']], durationMs: 50 } });
  });

  test('a role held by several processes picks one from the seed, whatever order the system lists them in', () => {
    const pick = (seed: number, role: string) => {
      const { faultEvents } = run([{ at: 100, fault: { kind: 'pause', target: role, durationMs: 10 } }], 200, 10_000, seed);
      return faultEvents[0]?.target;
    };
    const picks = new Set<unknown>();
    for (let seed = 0; seed < 12; seed++) {
      const p = pick(seed, 'role:any');
      expect(pick(seed, 'role:any'), `seed ${seed}`).toBe(p);
      expect(pick(seed, 'role:any-reversed'), `seed ${seed}`).toBe(p);
      picks.add(p);
    }
    expect([...picks].sort()).toEqual(['n1', 'n2', 'n3']);
  });
});
