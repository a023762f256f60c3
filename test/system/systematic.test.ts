import { describe, expect, test } from 'vitest';
import '../../runner/scenarios/index.ts';
import { findScenario } from '../../runner/scenarios/registry.ts';
import { runSystematic, SYSTEMATIC_TARGETS } from '../../runner/systematic.ts';

describe('systematic crash testing: the master killed after every persisted step of one procedure, in turn', () => {
  const scenario = findScenario('systematic')!;
  test.each(Object.keys(SYSTEMATIC_TARGETS))('%s: every crash point recovers to the right end state', (name) => {
    const target = SYSTEMATIC_TARGETS[name]!;
    const result = runSystematic(scenario, 1, target, (k) => `store/test-systematic/${name}-${k}`);
    expect(result.persists).toBeGreaterThanOrEqual(4);
    const fired = result.points.filter((p) => p.fired);
    // Every persisted step of the procedure was a crash point.
    expect(fired.length).toBe(result.persists);
    for (const p of fired) {
      expect({ k: p.crashAfterPersist, valid: p.valid, failing: p.failing, finished: p.finished, wrong: p.wrongEndState }).toEqual({
        k: p.crashAfterPersist,
        valid: true,
        failing: [],
        finished: true,
        wrong: null,
      });
    }
  });
});
