/**
 * A run of a planted bug for report tests: the first seed in 1..maxSeeds whose verdict has the bug's checker
 * invalid (a bounded search, never a hand-picked seed), written with its report into a fresh temporary folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../runner/scenarios/index.ts';
import { runSeed } from '../../runner/run-seed.ts';
import type { HBaseScenarioSpec } from '../../runner/scenarios/hbase.ts';
import { findScenario } from '../../runner/scenarios/registry.ts';

export interface PlantedRun {
  seed: number;
  dir: string;
  report: string;
}

export function plantedRun(scenarioName: string, bug: string, checker: string, maxSeeds = 20): PlantedRun {
  const base = findScenario(scenarioName);
  if (base === undefined) throw new Error(`no scenario ${scenarioName}`);
  const spec = base.spec as HBaseScenarioSpec;
  const scenario = { ...base, spec: { ...spec, cluster: { ...spec.cluster, bugs: [bug] } } };
  for (let seed = 1; seed <= maxSeeds; seed++) {
    const { verdict } = runSeed(scenario, seed, { write: 'never' });
    if (verdict.checkers[checker]?.valid !== false) continue;
    const dir = mkdtempSync(join(tmpdir(), `faultline-${bug}-`));
    const { files } = runSeed(scenario, seed, { write: 'always', outDir: dir });
    return { seed, dir, report: files['report.html'] as string };
  }
  throw new Error(`${bug}: no seed in 1–${maxSeeds} fails ${checker}`);
}
