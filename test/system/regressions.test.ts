/**
 * Every violation the correct build ever showed, replayed from a schedule.json of a run that reaches the situation
 * that exposed it (the exposing run's own, captured before the fix, or one found later). Each case checks that a
 * replay still reaches that situation — else a passing verdict would prove nothing — and that every replay is valid.
 * The cases live in regression-cases.ts.
 *
 * A timed fault strikes whatever the system is doing at that millisecond, so a later change of the model's timing
 * can make a fixture miss. A case may therefore list several fixtures and passes while at least one reaches the
 * situation; when none does, it is re-pinned: a run that reaches it in the current model (found by scanning seeds
 * of the scenario, or the old run with its decisive fault pinned to a failpoint as a trigger) replaces the old one.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import '../../runner/scenarios/index.ts';
import { runSeed } from '../../runner/run-seed.ts';
import { loadScheduleFile } from '../../runner/schedule-file.ts';
import type { ScenarioEntry } from '../../runner/scenarios/registry.ts';
import type { HBaseScenarioSpec } from '../../runner/scenarios/hbase.ts';
import { regressions } from './regression-cases.ts';

const folder = join(import.meta.dirname, 'regressions');

describe('regressions of the correct build, replayed from their schedule.json', () => {
  test('every captured schedule has a case', () => {
    expect(readdirSync(folder).filter((f) => f.endsWith('.schedule.json')).sort()).toEqual(regressions.flatMap((r) => r.schedules).sort());
  });

  test.each(regressions)('$name', ({ schedules, cause, reaches, revertedBy }) => {
    const replays = schedules.map((schedule) => {
      const { scenario, seed } = loadScheduleFile(join(folder, schedule));
      const outcome = runSeed(scenario, seed, { write: 'never' });
      const reached = reaches(outcome.run.trace);
      // HBase without the model's fix: the same schedule must fail, or the fixture proves nothing about the fix.
      const validUnfixed = revertedBy !== undefined && reached ? runSeed(withBug(scenario, revertedBy), seed, { write: 'never' }).verdict.valid : null;
      return { schedule, reached, valid: outcome.verdict.valid, validUnfixed };
    });
    expect(replays.some((r) => r.reached), `no replay reaches the exposing situation any more (${schedules.join(', ')}): ${cause}`).toBe(true);
    for (const r of replays) expect(r.valid, `${r.schedule}: ${cause}`).toBe(true);
    for (const r of replays) if (r.validUnfixed !== null) expect(r.validUnfixed, `${r.schedule} stays valid with ${revertedBy} on`).toBe(false);
  });
});

function withBug(scenario: ScenarioEntry, bug: string): ScenarioEntry {
  const spec = scenario.spec as HBaseScenarioSpec;
  return { ...scenario, spec: { ...spec, cluster: { ...spec.cluster, bugs: [...spec.cluster.bugs, bug] } } };
}
