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
import type { HBaseConfig } from '../system/hbase/config.ts';
import { UsageError } from './errors.ts';
import type { HBaseScenarioSpec } from './scenarios/hbase.ts';
import type { SharedZooKeeperSpec } from './scenarios/shared-zookeeper.ts';
import { findScenario, scenarioNames, type ScenarioEntry } from './scenarios/registry.ts';

/**
 * Settings the model gained after a schedule was recorded, with the value under which that older schedule replays
 * the run it recorded (the setting's behaviour absent): a recorded config lacking the key takes it from here.
 */
const BEFORE_THE_SETTING_EXISTED: Partial<HBaseConfig> = {
  // The BalancerChore (before it, the balancer ran only when an admin asked).
  balancerPeriodMs: 0,
};

/** The schedule.json format this faultline reads (FaultSchedule['version']); another is refused before anything else is read. */
export const SCHEDULE_VERSION: FaultSchedule['version'] = 1;

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
  // Checked first: a schedule of another version may differ anywhere, so its other fields would mislead.
  if (schedule.version !== SCHEDULE_VERSION) throw new UsageError(`${path}: version: schedule version ${JSON.stringify(schedule.version) ?? 'missing'} is not supported (this faultline reads version ${SCHEDULE_VERSION})`);
  if (typeof name !== 'string') throw new UsageError(`${path}: scenario: expected the scenario's name`);
  const base = findScenario(name);
  if (base === undefined) throw new UsageError(`${path}: scenario: unknown scenario '${name}'; known scenarios: ${scenarioNames().join(', ')}`);
  if (typeof seed !== 'number' || !isValidSeed(seed)) throw new UsageError(`${path}: seed: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  if (typeof spec !== 'object' || spec === null) throw new UsageError(`${path}: spec: expected the scenario data the run used`);
  const saved = spec as HBaseScenarioSpec;
  // A setting added after the schedule was saved replays with the value that reproduces the recorded run: the
  // setting's behaviour absent where that differs (BEFORE_THE_SETTING_EXISTED), else the scenario's value.
  const hbaseSpec: HBaseScenarioSpec = saved.cluster?.config === undefined ? saved : { ...saved, cluster: { ...saved.cluster, config: { ...(base.spec as HBaseScenarioSpec).cluster.config, ...BEFORE_THE_SETTING_EXISTED, ...saved.cluster.config } } };
  try {
    base.validate(hbaseSpec);
  } catch (error) {
    throw new UsageError(`${path}: spec: ${error instanceof Error ? error.message : String(error)}`);
  }
  const faults = parseExplicitSchedule(schedule, hbaseSpec, path);
  return { scenario: { ...base, spec: { ...hbaseSpec, faults: { ...hbaseSpec.faults, schedule: faults } } }, seed };
}

/** A fault schedule given as data, checked against the processes and roles of the spec's cluster. */
export function parseExplicitSchedule(schedule: unknown, spec: HBaseScenarioSpec | SharedZooKeeperSpec, where: string): FaultSchedule {
  try {
    return parseSchedule(schedule, { ...knownTargets(spec), durationMs: spec.durationMs });
  } catch (error) {
    if (error instanceof ScheduleError) throw new UsageError(`${where}: ${error.message}`);
    throw error;
  }
}

/** The processes and roles of the spec's cluster, or of every cluster of a shared-zookeeper spec (`<name>-` prefixed). */
function knownTargets(spec: HBaseScenarioSpec | SharedZooKeeperSpec): { processes: string[]; roles: string[] } {
  if (!('clusters' in spec)) return knownFaultTargets(spec.cluster, spec.workload.clients);
  const parts = spec.clusters.map((c) => knownFaultTargets(c.cluster, c.workload.clients, `${c.name}-`));
  return { processes: [...new Set(parts.flatMap((p) => p.processes))], roles: [...new Set(parts.flatMap((p) => p.roles))] };
}
