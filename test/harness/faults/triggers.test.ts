import { describe, expect, test } from 'vitest';
import type { ProcessContext } from '../../../harness/scheduler.ts';
import type { TriggeredFault } from '../../../harness/faults/types.ts';
import { buildWorld, eventsOf, schedule } from './world.ts';

function run(triggers: TriggeredFault[], until = 1_000, seed = 1) {
  const w = buildWorld({ seed });
  w.arm(schedule({ triggers }));
  w.sim.scheduler.runUntil(until);
  return w;
}

describe('triggered faults', () => {
  test('fire on the n-th matching pass, synchronously: the crash lands before the code after the failpoint', () => {
    const w = run([{ on: 'node.tick', where: { node: 'n2' }, occurrence: 3, fault: { kind: 'crash', target: 'role:self', restartAfterMs: null } }]);
    const n2Ticks = eventsOf(w, 'node.tick').filter((e) => e.node === 'n2');
    expect(n2Ticks.map((e) => e.n)).toEqual([1, 2, 3]);
    const crash = eventsOf(w, 'fault.crash');
    expect(crash).toEqual([{ time: n2Ticks[2]?.time, type: 'fault.crash', entry: 'triggers[0]', target: 'n2', restartAfterMs: null, roles: { 'role:self': 'n2' }, trigger: 'node.tick' }]);
    // The trace shows the fault right after the tick that reached the failpoint.
    const events = w.sim.trace.events;
    const at = events.findIndex((e) => e.type === 'fault.crash');
    expect(events[at - 1]).toMatchObject({ type: 'node.tick', node: 'n2', n: 3 });
    // The ping sent after the failpoint in that handler never arrives; those of ticks 1 and 2 did.
    const n2Pings = eventsOf(w, 'node.ping').filter((e) => e.from === 'n2' && e.n !== null);
    expect(n2Pings.map((e) => e.n)).toEqual([1, 2]);
  });

  test('a crash in a request handler stops the reply that follows the failpoint', () => {
    const w = run([{ on: 'node.pinged', where: { node: 'n1' }, occurrence: 2, fault: { kind: 'crash', target: 'role:self', restartAfterMs: null } }]);
    const handled = eventsOf(w, 'node.ping').filter((e) => e.node === 'n1');
    expect(handled).toHaveLength(2);
    // Pongs are sent to whoever pinged: exactly one left n1 (for the first ping).
    expect(eventsOf(w, 'node.pong').filter((e) => e.from === 'n1')).toHaveLength(1);
  });

  test('where must match every field; passes that do not match are not counted', () => {
    const w = run([{ on: 'node.tick', where: { node: 'n3', n: 5 }, occurrence: 1, fault: { kind: 'pause', target: 'role:self', durationMs: 50 } }]);
    const tick5 = eventsOf(w, 'node.tick').find((e) => e.node === 'n3' && e.n === 5);
    expect(eventsOf(w, 'fault.pause')).toEqual([{ time: tick5?.time, type: 'fault.pause', entry: 'triggers[0]', target: 'n3', durationMs: 50, roles: { 'role:self': 'n3' }, trigger: 'node.tick' }]);
  });

  test('a trigger fires once; several triggers on one failpoint count on their own and fire in schedule order', () => {
    const w = run([
      { on: 'node.tick', occurrence: 4, fault: { kind: 'clock-skew', target: 'role:self', skewMs: 10 } },
      { on: 'node.tick', occurrence: 2, fault: { kind: 'sync-failure', target: 'role:self', times: 1 } },
      { on: 'node.tick', occurrence: 4, fault: { kind: 'session-expiry', target: 'n3' } },
    ]);
    const ticks = eventsOf(w, 'node.tick');
    const faults = eventsOf(w, 'fault.clock-skew', 'fault.sync-failure', 'fault.session-expiry');
    expect(faults.map((e) => [e.type, e.entry, e.time])).toEqual([
      ['fault.sync-failure', 'triggers[1]', ticks[1]?.time],
      ['fault.clock-skew', 'triggers[0]', ticks[3]?.time],
      ['fault.session-expiry', 'triggers[2]', ticks[3]?.time],
    ]);
    expect(w.targets.calls).toEqual([`failSyncs ${ticks[1]?.node} 1`, 'expireSession n3']);
  });

  test('a trigger may target a role other than self', () => {
    const w = run([{ on: 'node.tick', where: { node: 'n3' }, occurrence: 1, fault: { kind: 'crash', target: 'role:leader', restartAfterMs: 100 } }]);
    expect(eventsOf(w, 'fault.crash')[0]).toMatchObject({ target: 'n1', roles: { 'role:leader': 'n1' }, trigger: 'node.tick' });
  });

  test('a failpoint nobody waits on does nothing at all (its detail is not even read)', () => {
    const w = buildWorld();
    const nemesis = w.arm(schedule({ triggers: [{ on: 'watched', occurrence: 1, fault: { kind: 'pause', target: 'n1', durationMs: 1 } }] }));
    const untouchable = new Proxy({}, { get: () => { throw new Error('read'); }, ownKeys: () => { throw new Error('listed'); } });
    const ctx = w.sim.scheduler.contextOf('n1') as ProcessContext;
    for (let i = 0; i < 1_000; i++) nemesis.failpoint(ctx, 'unwatched', untouchable);
    expect(w.sim.trace.events.filter((e) => e.type.startsWith('fault.'))).toEqual([]);
  });

  test('a process killed earlier in its handler passes no failpoints', () => {
    const w = buildWorld();
    const nemesis = w.arm(schedule({ triggers: [{ on: 'x', occurrence: 1, fault: { kind: 'crash', target: 'role:self', restartAfterMs: null } }] }));
    const stale = w.sim.scheduler.contextOf('n1') as ProcessContext;
    w.sim.scheduler.crash('n1');
    nemesis.failpoint(stale, 'x', {});
    expect(eventsOf(w, 'fault.crash')).toEqual([]);
    w.sim.scheduler.restart('n1');
    nemesis.failpoint(w.sim.scheduler.contextOf('n1') as ProcessContext, 'x', {});
    expect(eventsOf(w, 'fault.crash')).toHaveLength(1);
  });

  test('a fired trigger keeps its place in the resolved schedule, with its target resolved; one that never fired stays as written', () => {
    const w = run([
      { on: 'node.tick', where: { node: 'n2' }, occurrence: 2, fault: { kind: 'crash', target: 'role:self', restartAfterMs: 30 } },
      { on: 'never.reached', occurrence: 1, fault: { kind: 'crash', target: 'role:self', restartAfterMs: 30 } },
    ]);
    expect(w.nemesis?.resolvedSchedule().triggers).toEqual([
      { on: 'node.tick', where: { node: 'n2' }, occurrence: 2, fault: { kind: 'crash', target: 'n2', restartAfterMs: 30 }, roles: { 'role:self': 'n2' } },
      { on: 'never.reached', occurrence: 1, fault: { kind: 'crash', target: 'role:self', restartAfterMs: 30 } },
    ]);
  });
});
