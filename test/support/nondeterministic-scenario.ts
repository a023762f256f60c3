/**
 * A scenario that breaks the one rule on purpose: every run differs from the one before (a counter outside the
 * simulation changes the number of clients), so tests can show that a sweep's determinism re-runs catch it.
 * Imported by sweep workers through SweepRequest.scenarioModules.
 */
import { registerScenario, type ScenarioEntry } from '../../runner/scenarios/registry.ts';
import { runToyRegister } from './toy-register.ts';

let runs = 0;

export const nondeterministic: ScenarioEntry<{ durationMs: number }> = {
  name: 'test-nondeterministic',
  description: 'a toy register whose runs of one seed differ (tests only)',
  spec: { durationMs: 1_000 },
  validate: () => {},
  execute: (sim, spec) => {
    runs++;
    runToyRegister({ seed: sim.seed, clients: 1 + (runs % 2), durationMs: spec.durationMs, nemesis: false }, sim);
    return { stats: {} };
  },
};

registerScenario(nondeterministic);
