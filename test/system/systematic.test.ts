import { describe, expect, test } from 'vitest';
import '../../runner/scenarios/index.ts';
import { findScenario } from '../../runner/scenarios/registry.ts';
import { CRASH_MODES, runSystematic, runSystematicZk, SYSTEMATIC_TARGETS } from '../../runner/systematic.ts';

const cases = Object.keys(SYSTEMATIC_TARGETS).flatMap((name) => CRASH_MODES.map((mode) => [name, mode] as const));

describe('systematic crash testing: the master killed at every step of one procedure, in turn, before or after its store update', () => {
  const scenario = findScenario('systematic')!;
  test.each(cases)('%s, kill %s the store update: every crash point recovers to the right end state', (name, mode) => {
    const target = SYSTEMATIC_TARGETS[name]!;
    const result = runSystematic(scenario, 1, target, mode, (k) => `store/test-systematic/${name}-${mode}-${k}`);
    expect(result.persists).toBeGreaterThanOrEqual(mode === 'after' ? 4 : 3);
    const fired = result.points.filter((p) => p.fired);
    if (mode === 'after') {
      // Every persisted step of the procedure was a crash point.
      expect(fired.length).toBe(result.persists);
    } else {
      // The crash points reached form a prefix: the walk went on until one was never reached (or every step was one).
      expect(fired.map((p) => p.crashPoint)).toEqual(Array.from({ length: fired.length }, (_, i) => i + 1));
      expect(result.points.length - fired.length).toBeLessThanOrEqual(1);
    }
    for (const p of fired) {
      expect({ k: p.crashPoint, valid: p.valid, failing: p.failing, finished: p.finished, wrong: p.wrongEndState }).toEqual({
        k: p.crashPoint,
        valid: true,
        failing: [],
        finished: true,
        wrong: null,
      });
    }
  });
});

describe('systematic crash testing in the ZooKeeper era (HBase 1.1): the master killed at every step concerning the target', () => {
  const registered = findScenario('systematic')!;
  const scenario = { ...registered, spec: { ...(registered.spec as { cluster: object }), cluster: { ...(registered.spec as { cluster: object }).cluster, assignment: 'zk' } } };
  test.each(['move', 'server-crash'])('%s: every crash point recovers to the right end state', (name) => {
    const points = runSystematicZk(scenario, 1, name, SYSTEMATIC_TARGETS[name]!, (k) => `store/test-systematic/zk-${name}-${k}`);
    expect(points.length).toBeGreaterThanOrEqual(3);
    expect(points.every((p) => p.fired)).toBe(true);
    expect(points.map((p) => p.crashPoint)).toEqual(Array.from({ length: points.length }, (_, i) => i + 1));
    for (const p of points) {
      expect(p.wrongEndState, `crash point ${p.crashPoint}`).toBeNull();
      expect(p.valid, `crash point ${p.crashPoint}: ${p.failing.join(', ')}`).toBe(true);
    }
  });
});
