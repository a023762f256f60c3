import { describe, expect, test } from 'vitest';
import '../../runner/scenarios/index.ts';
import { findScenario } from '../../runner/scenarios/registry.ts';
import { plantedBugScenario } from '../../runner/scenarios/planted.ts';
import { runSeed } from '../../runner/run-seed.ts';
import { PLANTED_BUGS } from '../../system/bugs.ts';

const MAX_SEEDS = 20;

describe('planted bugs are caught by the checker they exist for, within a bounded number of seeds', () => {
  test('every planted bug names a registered scenario that exposes it', () => {
    // The cases below are generated from the registry, so a bug added to system/bugs.ts is tested at once;
    // this guards against a bug whose scenario does not exist.
    for (const bug of PLANTED_BUGS) expect(findScenario(bug.exposedBy), `${bug.name}: scenario ${bug.exposedBy}`).toBeDefined();
  });

  test.each(PLANTED_BUGS.map((b) => [b.name, b.exposedBy] as const))('%s, in scenario %s', (bug, scenarioName) => {
    const planted = PLANTED_BUGS.find((b) => b.name === bug)!;
    const scenario = plantedBugScenario(planted, { scenario: scenarioName });
    let caughtAt: number | null = null;
    for (let seed = 1; seed <= MAX_SEEDS && caughtAt === null; seed++) {
      const { verdict } = runSeed(scenario, seed, { write: 'never' });
      if (verdict.checkers[planted.caughtBy]?.valid === false) caughtAt = seed;
    }
    expect(caughtAt, `${bug} not caught by ${planted.caughtBy} in seeds 1–${MAX_SEEDS}`).not.toBeNull();
    // The same seed without the bug is valid: the violation is the bug's doing.
    const { verdict } = runSeed(plantedBugScenario(planted, { scenario: scenarioName, bugOn: false }), caughtAt!, { write: 'never' });
    expect(verdict.valid).toBe(true);
  });
});
