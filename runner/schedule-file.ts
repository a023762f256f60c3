/**
 * `run --schedule FILE`: a run replayed from its schedule.json alone — the scenario, seed and spec it records,
 * with the resolved fault schedule in place of the profile. Every problem is one line naming the file and the
 * JSON path of the offending entry.
 */
import { readFileSync } from 'node:fs';
import type { FaultSchedule } from '../harness/faults/types.ts';
import { parseSchedule, ScheduleError } from '../harness/faults/validate.ts';
import { isValidSeed } from '../harness/random.ts';
import { knownFaultTargets } from '../system/fault-targets.ts';
import { SCENARIO_CONFIG } from '../system/hbase/config.ts';
import { UsageError } from './errors.ts';
import type { HBaseScenarioSpec } from './scenarios/hbase.ts';
import { findScenario, scenarioNames, type ScenarioEntry } from './scenarios/registry.ts';

export interface ScheduleReplay {
  scenario: ScenarioEntry<unknown>;
  seed: number;
}

export function loadScheduleFile(path: string): ScheduleReplay {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    throw new UsageError(`${path}: ${code === 'ENOENT' ? 'not found' : code ? `cannot read (${code})` : `not valid JSON (${error instanceof Error ? error.message : String(error)})`}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`${path}: a schedule file is a JSON object (a run's schedule.json)`);
  const { scenario: name, seed, spec, ...schedule } = data as Record<string, unknown>;
  if (typeof name !== 'string') throw new UsageError(`${path}: scenario: expected the scenario's name`);
  const base = findScenario(name);
  if (base === undefined) throw new UsageError(`${path}: scenario: unknown scenario '${name}'; known scenarios: ${scenarioNames().join(', ')}`);
  if (typeof seed !== 'number' || !isValidSeed(seed)) throw new UsageError(`${path}: seed: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  if (typeof spec !== 'object' || spec === null) throw new UsageError(`${path}: spec: expected the scenario data the run used`);
  const recorded = spec as HBaseScenarioSpec;
  // A file recorded before a setting existed runs with the scenarios' value of it (SCENARIO_CONFIG).
  const hbaseSpec: HBaseScenarioSpec =
    typeof recorded.cluster === 'object' && recorded.cluster !== null && typeof recorded.cluster.config === 'object'
      ? { ...recorded, cluster: { ...recorded.cluster, config: { ...SCENARIO_CONFIG, ...recorded.cluster.config } } }
      : recorded;
  try {
    base.validate(hbaseSpec);
  } catch (error) {
    throw new UsageError(`${path}: spec: ${error instanceof Error ? error.message : String(error)}`);
  }
  const faults = parseExplicitSchedule(schedule, hbaseSpec, path);
  return { scenario: { ...base, spec: { ...hbaseSpec, faults: { ...hbaseSpec.faults, schedule: faults } } }, seed };
}

/** A fault schedule given as data, checked against the processes and roles of the spec's cluster. */
export function parseExplicitSchedule(schedule: unknown, spec: HBaseScenarioSpec, where: string): FaultSchedule {
  try {
    return parseSchedule(schedule, { ...knownFaultTargets(spec.cluster, spec.workload.clients), durationMs: spec.durationMs });
  } catch (error) {
    if (error instanceof ScheduleError) throw new UsageError(`${where}: ${error.message}`);
    throw error;
  }
}
