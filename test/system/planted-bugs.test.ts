import { describe, expect, test } from 'vitest';
import '../../runner/scenarios/index.ts';
import { findScenario } from '../../runner/scenarios/registry.ts';
import type { HBaseScenarioSpec } from '../../runner/scenarios/hbase.ts';
import { runSeed } from '../../runner/run-seed.ts';
import { PLANTED_BUGS } from '../../system/bugs.ts';

/** Each bug with the scenario that exposes it; the checker that must catch it comes from system/bugs.ts. */
const EXPOSED_BY: Record<string, string> = {
  'assign-before-log-split': 'rs-death',
  'zombie-reads': 'zombie',
  'split-without-lease-recovery': 'zombie',
  'dispatch-gives-up-on-timeout': 'partition',
  'close-to-dead-server-completes': 'rs-death',
  'put-retry-reapplies': 'lost-ack',
};
const MAX_SEEDS = 20;

describe('planted bugs are caught by the checker they exist for, within a bounded number of seeds', () => {
  test('every planted bug in the registry has a row here, and every row is a planted bug', () => {
    // A bug added to system/bugs.ts without a scenario exposing it would otherwise go untested.
    expect(Object.keys(EXPOSED_BY).sort()).toEqual(PLANTED_BUGS.map((b) => b.name).sort());
  });

  test.each(Object.entries(EXPOSED_BY))('%s, in scenario %s', (bug, scenarioName) => {
    const planted = PLANTED_BUGS.find((b) => b.name === bug)!;
    const base = findScenario(scenarioName)!;
    const spec = base.spec as HBaseScenarioSpec;
    const scenario = { ...base, spec: { ...spec, cluster: { ...spec.cluster, bugs: [bug] } } };
    let caughtAt: number | null = null;
    for (let seed = 1; seed <= MAX_SEEDS && caughtAt === null; seed++) {
      const { verdict } = runSeed(scenario, seed, { write: 'never' });
      if (verdict.checkers[planted.caughtBy]?.valid === false) caughtAt = seed;
    }
    expect(caughtAt, `${bug} not caught by ${planted.caughtBy} in seeds 1–${MAX_SEEDS}`).not.toBeNull();
    // The same seed without the bug is valid: the violation is the bug's doing.
    const { verdict } = runSeed(base, caughtAt!, { write: 'never' });
    expect(verdict.valid).toBe(true);
  });
});
