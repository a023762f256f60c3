/**
 * `--assignment zk|procedure` (run, sweep, systematic): which era of region assignment the cluster runs
 * (system/cluster-spec.ts AssignmentEra). It sets the scenario's `cluster.assignment`, exactly as a scenario
 * file's `{"cluster": {"assignment": "zk"}}` does — so a run's repro command names it the same way.
 */
import { ASSIGNMENT_ERAS, type AssignmentEra } from '../system/cluster-spec.ts';
import { UsageError } from './errors.ts';
import type { ScenarioEntry } from './scenarios/registry.ts';

export const ASSIGNMENT_OPTION = ['--assignment <era>', `assignment era: ${ASSIGNMENT_ERAS.join(' or ')} (default: the scenario's, procedure unless it says otherwise)`] as const;

export function parseAssignment(text: string): AssignmentEra {
  const era = ASSIGNMENT_ERAS.find((e) => e === text);
  if (era === undefined) throw new UsageError(`--assignment must be one of ${ASSIGNMENT_ERAS.join(', ')}, got '${text}'`);
  return era;
}

/** The scenario with its cluster's assignment era set; unchanged when the option is absent. */
export function withAssignment<S>(scenario: ScenarioEntry<S>, option: string | undefined): ScenarioEntry<S> {
  if (option === undefined) return scenario;
  const era = parseAssignment(option);
  const spec = scenario.spec as { cluster?: Record<string, unknown> } | null;
  if (spec === null || typeof spec !== 'object' || spec.cluster === undefined) throw new UsageError(`--assignment: scenario '${scenario.name}' has no cluster to set it on`);
  // The default era is left as the scenario states it, so `--assignment procedure` changes nothing in a run.
  if (era === (spec.cluster.assignment ?? 'procedure')) return scenario;
  return { ...scenario, spec: { ...spec, cluster: { ...spec.cluster, assignment: era } } as S };
}
