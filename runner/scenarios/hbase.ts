/**
 * HBase scenarios: a cluster (system/cluster-spec), the register workload, a duration, and a quiet phase
 * before the final reads. `execute` builds the cluster on the Simulation, runs it, and ends the trace with the
 * cluster's final snapshot (which servers serve which regions, what meta says).
 */
import type { Simulation } from '../../harness/simulation.ts';
import { Cluster } from '../../system/cluster.ts';
import { validateClusterSpec, type ClusterSpec } from '../../system/cluster-spec.ts';
import { RegisterWorkload, validateWorkload, type RegisterWorkloadSpec } from '../../workloads/register.ts';
import type { ScenarioEntry } from './registry.ts';

export interface HBaseScenarioSpec {
  cluster: ClusterSpec;
  workload: RegisterWorkloadSpec;
  /** Clients issue operations until this virtual time (ms). */
  durationMs: number;
  /** Then nothing new for this long (faults stop, partitions heal, dead processes restart) … */
  quietMs: number;
  /** … then every row is read once; the run ends this long after the final reads begin. */
  finalReadsMs: number;
}

export function validateHBaseScenario(spec: HBaseScenarioSpec): void {
  validateClusterSpec(spec.cluster, 'cluster');
  validateWorkload(spec.workload, spec.cluster, 'workload');
  for (const field of ['durationMs', 'quietMs', 'finalReadsMs'] as const) {
    if (!Number.isInteger(spec[field]) || spec[field] < 0) throw new Error(`${field} must be a non-negative integer, got ${spec[field]}`);
  }
}

export interface HBaseRun {
  cluster: Cluster;
  workload: RegisterWorkload;
}

/** Build and run one HBase scenario on `sim`; `arm` may add faults before the clock starts. */
export function runHBaseScenario(sim: Simulation, spec: HBaseScenarioSpec, arm: (run: HBaseRun) => void = () => {}): HBaseRun {
  const cluster = new Cluster(sim, spec.cluster);
  const finalReadsAt = spec.durationMs + spec.quietMs;
  const workload = new RegisterWorkload(sim, cluster, spec.workload, { stopAt: spec.durationMs, finalReadsAt });
  const run = { cluster, workload };
  arm(run);
  sim.scheduler.runUntil(finalReadsAt + spec.finalReadsMs);
  sim.trace.emit('cluster.final', { ...cluster.snapshot() });
  return run;
}

export function hbaseScenario(name: string, description: string, spec: HBaseScenarioSpec): ScenarioEntry<HBaseScenarioSpec> {
  return {
    name,
    description,
    spec,
    validate: validateHBaseScenario,
    execute: (sim, s) => {
      const { workload } = runHBaseScenario(sim, s);
      return { ready: workload.ready };
    },
  };
}
