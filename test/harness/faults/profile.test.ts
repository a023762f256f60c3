import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { faultScheduleArbitrary } from '../../../harness/faults/arbitrary.ts';
import { generateSchedule } from '../../../harness/faults/generate.ts';
import { validateProfile, type FaultProfile } from '../../../harness/faults/profile.ts';
import { serializeSchedule } from '../../../harness/faults/serialize.ts';
import { parseSchedule } from '../../../harness/faults/validate.ts';
import { Seeds } from '../../../harness/random.ts';
import { KNOWN, NODES, TEST_PROFILE, buildWorld } from './world.ts';

const DURATION = 60_000;
const QUIET = 50_000;
const known = { ...KNOWN, durationMs: DURATION };
const draw = (profile: FaultProfile, seed: number) => generateSchedule(profile, new Seeds(seed).stream('fault-schedule'), DURATION, QUIET);

describe('generateSchedule', () => {
  test('the same (profile, seed) gives the same schedule; different seeds give different ones', () => {
    const texts = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const text = serializeSchedule(draw(TEST_PROFILE, seed));
      expect(serializeSchedule(draw(TEST_PROFILE, seed))).toBe(text);
      texts.add(text);
    }
    expect(texts.size).toBe(30);
  });

  test('every drawn schedule is valid, sorted by time, and uses every template kind across seeds', () => {
    const kinds = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const s = draw(TEST_PROFILE, seed);
      expect(() => parseSchedule(s, known)).not.toThrow();
      expect(s.faults.map((f) => f.at)).toEqual([...s.faults.map((f) => f.at)].sort((a, b) => a - b));
      expect(s.faults.every((f) => f.at < QUIET)).toBe(true);
      for (const f of s.faults) kinds.add(f.fault.kind);
    }
    expect([...kinds].sort()).toEqual(['clock-skew', 'crash', 'partition', 'partition-one-way', 'pause', 'restart', 'session-expiry', 'sync-failure']);
  });

  test('arrivals follow the rate; fields stay in their ranges', () => {
    const profile: FaultProfile = { name: 'p', timed: [{ kind: 'pause', targets: ['n1', 'n2'], ratePerMinute: 6, durationMs: [100, 200] }], triggers: [] };
    let total = 0;
    const seeds = 100;
    for (let seed = 0; seed < seeds; seed++) {
      const s = draw(profile, seed);
      total += s.faults.length;
      for (const f of s.faults) {
        if (f.fault.kind !== 'pause') throw new Error('expected pauses only');
        expect(f.fault.durationMs).toBeGreaterThanOrEqual(100);
        expect(f.fault.durationMs).toBeLessThanOrEqual(200);
      }
    }
    // 6 a minute over 50 s: 5 expected per schedule.
    expect(total / seeds).toBeGreaterThan(4.5);
    expect(total / seeds).toBeLessThan(5.5);
  });

  test('triggers are included with their probability, occurrences within range', () => {
    let included = 0;
    for (let seed = 0; seed < 200; seed++) {
      const triggers = draw(TEST_PROFILE, seed).triggers;
      expect(triggers.some((t) => t.on === 'node.never')).toBe(true); // probability 1
      expect(triggers.some((t) => t.fault.kind === 'restart' && t.fault.target === 'n1')).toBe(false); // probability 0
      const tick = triggers.find((t) => t.on === 'node.tick' && t.fault.kind === 'crash');
      if (tick !== undefined) {
        included++;
        expect(tick.occurrence).toBeGreaterThanOrEqual(1);
        expect(tick.occurrence).toBeLessThanOrEqual(40);
        expect(tick.where).toEqual({ node: 'n2' });
      }
    }
    expect(included / 200).toBeGreaterThan(0.6);
    expect(included / 200).toBeLessThan(0.8);
  });

  test('a malformed profile is named by path', () => {
    const bad = (timed: unknown, triggers: unknown = []) => () => validateProfile({ name: 'bad', timed, triggers } as FaultProfile);
    expect(bad([{ kind: 'pause', targets: ['n1'], ratePerMinute: 1 }])).toThrow(/^timed\[0\]\.durationMs: missing/);
    expect(bad([{ kind: 'pause', targets: ['n1'], ratePerMinute: -1, durationMs: [1, 2] }])).toThrow(/^timed\[0\]\.ratePerMinute: expected a rate ≥ 0/);
    expect(bad([{ kind: 'pause', targets: [], ratePerMinute: 1, durationMs: [1, 2] }])).toThrow(/^timed\[0\]\.targets: expected at least one target/);
    expect(bad([{ kind: 'pause', targets: ['n1'], ratePerMinute: 1, durationMs: [5, 2] }])).toThrow(/^timed\[0\]\.durationMs: expected \[min, max\]/);
    expect(bad([{ kind: 'boom', targets: ['n1'], ratePerMinute: 1 }])).toThrow(/^timed\[0\]\.kind: unknown fault kind "boom"/);
    expect(bad([{ kind: 'crash', targets: ['role:self'], ratePerMinute: 1 }])).toThrow(/^timed\[0\]\.targets\[0\]: 'role:self' is only meaningful in a trigger/);
    expect(bad([{ kind: 'crash', targets: ['all:any'], ratePerMinute: 1 }])).toThrow(/^timed\[0\]\.targets\[0\]: 'all:any' stands for every holder of a role; a crash takes one process/);
    expect(bad([{ kind: 'partition', targets: ['n1'], isolateFrom: ['n1'], ratePerMinute: 1, durationMs: [1, 2] }])).toThrow(/^timed\[0\]\.isolateFrom: names nothing but 'n1'/);
    expect(bad([{ kind: 'partition', partitions: [[['n1']]], ratePerMinute: 1, durationMs: [1, 2] }])).toThrow(/^timed\[0\]\.partitions\[0\]: a partition needs at least 2 groups/);
    expect(bad([], [{ on: 'x', probability: 2, fault: { kind: 'restart', targets: ['n1'] } }])).toThrow(/^triggers\[0\]\.probability/);
    expect(bad([], [{ on: 'x', probability: 1, occurrence: [0, 3], fault: { kind: 'restart', targets: ['n1'] } }])).toThrow(/^triggers\[0\]\.occurrence/);
    expect(bad([], [{ on: 'x', probability: 1, fault: { kind: 'sync-failure', targets: ['n1'] } }])).toThrow(/^triggers\[0\]\.fault\.times: missing/);
  });
});

describe('faultScheduleArbitrary', () => {
  test('yields only schedules that pass validation and survive a serialisation round trip', () => {
    fc.assert(
      fc.property(faultScheduleArbitrary(TEST_PROFILE, DURATION, QUIET), (s) => {
        const parsed = parseSchedule(JSON.parse(serializeSchedule(s)), known);
        expect(serializeSchedule(parsed)).toBe(serializeSchedule(s));
        expect(s.faults.map((f) => f.at)).toEqual([...s.faults.map((f) => f.at)].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  test('draws only from the vocabulary: templates with rate or probability 0 never appear', () => {
    const profile: FaultProfile = {
      name: 'p',
      timed: [
        { kind: 'pause', targets: ['n2'], ratePerMinute: 2, durationMs: [5, 9] },
        { kind: 'crash', targets: ['n1'], ratePerMinute: 0 },
      ],
      triggers: [{ on: 'x', probability: 0, fault: { kind: 'restart', targets: ['n3'] } }],
    };
    fc.assert(
      fc.property(faultScheduleArbitrary(profile, DURATION, QUIET), (s) => {
        expect(s.triggers).toEqual([]);
        for (const f of s.faults) expect(f.fault).toMatchObject({ kind: 'pause', target: 'n2' });
      }),
    );
  });

  test('a failing schedule shrinks toward fewer, later, shorter faults', () => {
    // "Fails" whenever some node is paused for 100 ms or more.
    const longPause = (s: ReturnType<typeof draw>) => s.faults.some((f) => f.fault.kind === 'pause' && f.fault.durationMs >= 100);
    const result = fc.check(
      fc.property(faultScheduleArbitrary(TEST_PROFILE, DURATION, QUIET), (s) => !longPause(s)),
      { seed: 42, numRuns: 500 },
    );
    expect(result.failed).toBe(true);
    expect(result.counterexample?.[0]).toEqual({
      version: 1,
      quietAtMs: QUIET,
      faults: [{ at: QUIET - 1, fault: { kind: 'pause', target: 'role:any-reversed', durationMs: 100 } }],
      triggers: [],
    });
  });

  test('a failing trigger shrinks to itself alone, at its first occurrence, with its shortest delay', () => {
    const result = fc.check(
      fc.property(faultScheduleArbitrary(TEST_PROFILE, DURATION, QUIET), (s) => !s.triggers.some((t) => t.fault.kind === 'crash')),
      { seed: 7, numRuns: 500 },
    );
    expect(result.failed).toBe(true);
    expect(result.counterexample?.[0]).toEqual({
      version: 1,
      quietAtMs: QUIET,
      faults: [],
      triggers: [{ on: 'node.tick', where: { node: 'n2' }, occurrence: 1, fault: { kind: 'crash', target: 'role:self', restartAfterMs: 10 } }],
    });
  });

  test('the Nemesis runs any schedule from the arbitrary, and the quiet phase always brings everyone back', () => {
    fc.assert(
      fc.property(faultScheduleArbitrary(TEST_PROFILE, 1_500, 1_000), fc.nat(1_000), (s, seed) => {
        const w = buildWorld({ seed });
        w.arm(s);
        w.sim.scheduler.runUntil(1_500);
        for (const id of NODES) expect(w.sim.scheduler.info(id)).toMatchObject({ status: 'running', skewMs: 0 });
        expect(w.sim.network.blockedPairs()).toEqual([]);
        expect(w.sim.trace.events.filter((e) => e.type === 'fault.quiet')).toHaveLength(1);
        expect(w.sim.trace.events.filter((e) => e.type.startsWith('fault.') && e.time > 1_000)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
