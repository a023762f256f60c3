import { describe, expect, test } from 'vitest';
import { generateSchedule } from '../../../harness/faults/generate.ts';
import { validateProfile, type FaultProfile } from '../../../harness/faults/profile.ts';
import { serializeSchedule } from '../../../harness/faults/serialize.ts';
import { swarmFeatures, swarmProfile } from '../../../harness/faults/swarm.ts';
import { parseSchedule } from '../../../harness/faults/validate.ts';
import { Seeds } from '../../../harness/random.ts';
import { KNOWN, TEST_PROFILE } from './world.ts';

const DURATION = 60_000;
const QUIET = 50_000;
const known = { ...KNOWN, durationMs: DURATION };
const SWARM: FaultProfile = { ...TEST_PROFILE, name: 'swarm', swarm: { keep: 0.3, concurrency: 2 } };
const draw = (profile: FaultProfile, seed: number) => {
  const seeds = new Seeds(seed);
  return generateSchedule(profile, seeds.stream('fault-schedule'), DURATION, QUIET, seeds.stream('fault-swarm'));
};

describe('swarm profiles', () => {
  test('features default to the kind (timed) and the failpoint (trigger); a label groups templates', () => {
    expect(swarmFeatures(TEST_PROFILE)).toEqual(['crash', 'pause', 'partition', 'partition-one-way', 'clock-skew', 'session-expiry', 'sync-failure', 'restart', 'node.tick', 'node.pinged', 'node.never']);
    const labelled: FaultProfile = { ...TEST_PROFILE, timed: TEST_PROFILE.timed.map((t, i) => ({ ...t, feature: i < 3 ? 'a' : 'b' })), triggers: [] };
    expect(swarmFeatures(labelled)).toEqual(['a', 'b']);
  });

  test('each schedule records the features it kept and holds faults and triggers of those only', () => {
    const features = swarmFeatures(SWARM);
    const keptCounts = new Map<number, number>();
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const s = draw(SWARM, seed);
      const kept = s.swarm ?? [];
      expect(kept.length).toBeGreaterThan(0);
      expect(kept).toEqual(features.filter((f) => kept.includes(f)));
      for (const f of s.faults) expect(kept).toContain(f.fault.kind);
      for (const t of s.triggers) expect(kept).toContain(t.on);
      keptCounts.set(kept.length, (keptCounts.get(kept.length) ?? 0) + 1);
      for (const f of kept) seen.add(f);
    }
    // Across seeds every feature shows up, and some seeds concentrate on a single one.
    expect([...seen].sort()).toEqual([...features].sort());
    expect(keptCounts.get(1)).toBeGreaterThan(0);
    expect(Math.max(...keptCounts.keys())).toBeGreaterThan(3);
  });

  test('kept timed rates are shared once more than `concurrency` features are kept; triggers keep their probability', () => {
    const few = swarmProfile(SWARM, SWARM.swarm!, ['crash', 'pause']);
    expect(few.timed.map((t) => t.ratePerMinute)).toEqual([30, 6, 30]);
    const many = swarmProfile(SWARM, SWARM.swarm!, ['crash', 'pause', 'restart', 'node.tick']);
    expect(many.timed.map((t) => t.ratePerMinute)).toEqual([15, 3, 15, 10, 0]);
    expect(many.triggers.map((t) => t.probability)).toEqual([0.7, 0.5, 0]);
    expect(many.swarm).toBeUndefined();
  });

  test('same seed, same schedule; the swarm survives schedule.json (serialise, parse, serialise)', () => {
    for (let seed = 0; seed < 20; seed++) {
      const text = serializeSchedule(draw(SWARM, seed));
      expect(serializeSchedule(draw(SWARM, seed))).toBe(text);
      expect(serializeSchedule(parseSchedule(JSON.parse(text), known))).toBe(text);
      expect(Object.keys(JSON.parse(text) as object)).toEqual(['version', 'quietAtMs', 'swarm', 'faults', 'triggers']);
    }
  });

  test('a profile without swarm draws nothing from the swarm stream and writes no swarm field', () => {
    const seeds = new Seeds(7);
    const swarmStream = seeds.stream('fault-swarm');
    const s = generateSchedule(TEST_PROFILE, seeds.stream('fault-schedule'), DURATION, QUIET, swarmStream);
    expect(swarmStream.draws).toBe(0);
    expect(s.swarm).toBeUndefined();
    expect(serializeSchedule(s)).toBe(serializeSchedule(generateSchedule(TEST_PROFILE, new Seeds(7).stream('fault-schedule'), DURATION, QUIET)));
  });

  test('bad swarm options and feature names are profile errors', () => {
    expect(() => validateProfile({ ...SWARM, swarm: { keep: 0, concurrency: 2 } })).toThrow(/swarm.keep/);
    expect(() => validateProfile({ ...SWARM, swarm: { keep: 0.5, concurrency: 0 } })).toThrow(/swarm.concurrency/);
    expect(() => validateProfile({ ...SWARM, triggers: [{ ...TEST_PROFILE.triggers[0]!, feature: '' }] })).toThrow(/triggers\[0\].feature/);
    expect(() => parseSchedule({ version: 1, quietAtMs: 10, swarm: [3], faults: [], triggers: [] }, known)).toThrow(/swarm\[0\]/);
  });
});
