import { expect, test } from 'vitest';
import { NODES, buildWorld, eventsOf, schedule } from './world.ts';

test('the quiet phase ends every fault, restores every process, and nothing fires after it', () => {
  const w = buildWorld();
  w.arm(
    schedule({
      quietAtMs: 1_000,
      faults: [
        { at: 100, fault: { kind: 'crash', target: 'n1', restartAfterMs: 5_000 } },
        { at: 200, fault: { kind: 'pause', target: 'n2', durationMs: 5_000 } },
        { at: 300, fault: { kind: 'partition', groups: [['n2'], ['n3']], durationMs: 5_000 } },
        { at: 300, fault: { kind: 'partition-one-way', from: ['n3'], to: ['n1'], durationMs: 5_000 } },
        { at: 400, fault: { kind: 'clock-skew', target: 'n3', skewMs: -2_000 } },
        { at: 500, fault: { kind: 'sync-failure', target: 'n3', times: 'until-roll' } },
        { at: 999, fault: { kind: 'pause', target: 'n3', durationMs: 0 } },
      ],
      // Reached only after the quiet phase begins (about 100 ticks of n3 at 5–15 ms each).
      triggers: [{ on: 'node.tick', where: { node: 'n3', n: 150 }, occurrence: 1, fault: { kind: 'crash', target: 'role:self', restartAfterMs: null } }],
    }),
  );
  // A process that dies of its own accord, not by a fault, is brought back too.
  w.sim.scheduler.at(600, () => w.sim.scheduler.crash('n3'));
  w.sim.scheduler.runUntil(8_000);

  const faults = w.sim.trace.events.filter((e) => e.type.startsWith('fault.'));
  expect(faults.filter((e) => e.time >= 1_000).map((e) => [e.time, e.type, e.entry, e.quiet])).toEqual([
    [1_000, 'fault.quiet', undefined, undefined],
    [1_000, 'fault.pause.end', 'faults[1]', true],
    [1_000, 'fault.partition.end', 'faults[2]', true],
    [1_000, 'fault.partition-one-way.end', 'faults[3]', true],
    [1_000, 'fault.clock-skew.end', 'faults[4]', true],
    [1_000, 'fault.crash.end', 'faults[0]', true],
  ]);
  // The pause at 999 was of a dead process: skipped.
  expect(faults.find((e) => e.entry === 'faults[6]')).toMatchObject({ type: 'fault.skipped', reason: 'down' });
  expect(eventsOf(w, 'node.tick').filter((e) => e.node === 'n3' && e.n === 150)).toHaveLength(1);

  for (const id of NODES) expect(w.sim.scheduler.info(id), id).toMatchObject({ status: 'running', skewMs: 0 });
  expect(w.sim.network.blockedPairs()).toEqual([]);
  expect(w.targets.calls).toEqual(['failSyncs n3 until-roll', 'clearSyncFailures', 'restart n1', 'restart n3']);
  // Everyone is at work again after the quiet phase, with true clocks.
  for (const id of NODES) {
    const after = (w.ticks.get(id) ?? []).filter(([t]) => t > 1_100);
    expect(after.length, id).toBeGreaterThan(100);
    expect(after.every(([t, clock]) => t === clock), id).toBe(true);
  }
  const pingsAfter = eventsOf(w, 'node.ping').filter((e) => (e.time as number) > 1_100);
  for (const from of NODES) for (const to of NODES) if (from !== to) expect(pingsAfter.some((e) => e.from === from && e.node === to), `${from}→${to}`).toBe(true);
});

test('the quiet phase heals partitions and resumes pauses it did not make itself', () => {
  const w = buildWorld();
  w.arm(schedule({ quietAtMs: 500 }));
  w.sim.scheduler.at(100, () => {
    w.sim.network.partition([['n1'], ['n2']]);
    w.sim.scheduler.pause('n3');
    w.sim.scheduler.setSkew('n2', 40);
  });
  w.sim.scheduler.runUntil(600);
  expect(w.sim.network.blockedPairs()).toEqual([]);
  expect(w.sim.scheduler.info('n3').status).toBe('running');
  expect(w.sim.scheduler.info('n2').skewMs).toBe(0);
  expect(eventsOf(w, 'fault.quiet')).toEqual([{ time: 500, type: 'fault.quiet' }]);
});

test('a schedule cannot be armed twice, nor armed once its times are past', () => {
  const w = buildWorld();
  const s = schedule({ quietAtMs: 500, faults: [{ at: 100, fault: { kind: 'restart', target: 'n1' } }] });
  w.arm(s);
  expect(() => w.nemesis?.arm()).toThrow(/already armed/);
  const late = buildWorld();
  late.sim.scheduler.runUntil(200);
  expect(() => late.arm(s)).toThrow(/^faults\[0\]\.at: 100 is already past \(now 200\)/);
});
