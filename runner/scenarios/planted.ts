/**
 * The scenario a planted bug is exercised in: its exposedBy scenario (or another, such as `failover`) in the bug's
 * assignment era, with the bug switched on or off. One definition for the planted-bug tests, the shrink of a
 * planted bug, the bugs bench and `faultline bugs`, so a ZooKeeper-era bug is never run in the procedure era.
 */
import { assignmentEra } from '../../system/cluster-spec.ts';
import type { PlantedBug } from '../../system/bugs.ts';
import type { HBaseScenarioSpec } from './hbase.ts';
import { findScenario, type ScenarioEntry } from './registry.ts';

export function plantedBugScenario(bug: PlantedBug, options: { scenario?: string; bugOn?: boolean } = {}): ScenarioEntry<HBaseScenarioSpec> {
  const name = options.scenario ?? bug.exposedBy;
  const base = findScenario(name);
  if (base === undefined) throw new Error(`${bug.name}: no scenario ${name}`);
  const spec = base.spec as HBaseScenarioSpec;
  const cluster = { ...spec.cluster, ...(assignmentEra({ assignment: bug.era }) === 'procedure' ? {} : { assignment: bug.era }), ...(options.bugOn === false ? {} : { bugs: [bug.name] }) };
  return { ...base, spec: { ...spec, cluster } } as ScenarioEntry<HBaseScenarioSpec>;
}

/** What a scenario file says to run the bug: its base scenario, era and the bug. */
export function plantedBugScenarioFile(bug: PlantedBug, scenario = bug.exposedBy): { base: string; cluster: Record<string, unknown> } {
  return { base: scenario, cluster: { ...(assignmentEra({ assignment: bug.era }) === 'procedure' ? {} : { assignment: bug.era }), bugs: [bug.name] } };
}
