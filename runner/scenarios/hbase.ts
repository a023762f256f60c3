/**
 * HBase scenarios: a cluster (system/cluster-spec), the register workload, a fault profile or an explicit fault
 * schedule, a duration, and a quiet phase before the final reads. `runHBaseScenario` builds the cluster on the
 * Simulation, arms the nemesis, runs, and ends the trace with the cluster's final snapshot (which servers serve
 * which regions, what meta says).
 */
import { generateSchedule } from '../../harness/faults/generate.ts';
import { Nemesis } from '../../harness/faults/nemesis.ts';
import type { FaultSchedule } from '../../harness/faults/types.ts';
import type { Simulation } from '../../harness/simulation.ts';
import type { RunTraceEvent } from '../../schema/events/run.ts';
import { tracer } from '../../schema/trace.ts';
import { Cluster } from '../../system/cluster.ts';
import { validateClusterSpec, type ClusterSpec } from '../../system/cluster-spec.ts';
import { clusterFaultTargets } from '../../system/fault-targets.ts';
import { RegisterWorkload, validateWorkload, type RegisterWorkloadSpec } from '../../workloads/register.ts';
import { PROFILES } from './profiles.ts';
import type { ScenarioEntry } from './registry.ts';

export interface FaultsSpec {
  /** A profile of runner/scenarios/profiles.ts, drawn from the seed; null for none. */
  profile: string | null;
  /** Faults begin here (virtual ms), once the cluster is up and the tables exist — as Jepsen starts its nemesis
   *  after setup; failpoints count passes from here on. */
  startMs: number;
  /** An explicit schedule (a replay from schedule.json); overrides the profile. */
  schedule: FaultSchedule | null;
}

export interface HBaseScenarioSpec {
  cluster: ClusterSpec;
  workload: RegisterWorkloadSpec;
  faults: FaultsSpec;
  /** Clients issue operations until this virtual time (ms); faults stop here too (the quiet phase begins). */
  durationMs: number;
  /** Then nothing new for this long (partitions heal, pauses end, dead processes restart) … */
  quietMs: number;
  /** … then every row is read once; the run ends this long after the final reads begin. */
  finalReadsMs: number;
}

export const NO_FAULTS: FaultsSpec = { profile: null, startMs: 0, schedule: null };

export function validateHBaseScenario(spec: HBaseScenarioSpec): void {
  validateClusterSpec(spec.cluster, 'cluster');
  validateWorkload(spec.workload, spec.cluster, 'workload');
  for (const field of ['durationMs', 'quietMs', 'finalReadsMs'] as const) {
    if (!Number.isInteger(spec[field]) || spec[field] < 0) throw new Error(`${field} must be a non-negative integer, got ${spec[field]}`);
  }
  if (!Number.isInteger(spec.faults.startMs) || spec.faults.startMs < 0 || spec.faults.startMs > spec.durationMs) {
    throw new Error(`faults.startMs must be an integer from 0 to durationMs (${spec.durationMs}), got ${spec.faults.startMs}`);
  }
  if (spec.faults.profile !== null && PROFILES[spec.faults.profile] === undefined) {
    throw new Error(`faults.profile: unknown profile ${JSON.stringify(spec.faults.profile)} (known: ${Object.keys(PROFILES).join(', ')})`);
  }
}

export interface HBaseRun {
  cluster: Cluster;
  workload: RegisterWorkload;
  nemesis: Nemesis | null;
}

/** The schedule a run will follow: the explicit one, or one drawn from the profile with the seed. */
export function scheduleFor(sim: Simulation, spec: Pick<HBaseScenarioSpec, 'faults' | 'durationMs'>): FaultSchedule | null {
  if (spec.faults.schedule !== null) return spec.faults.schedule;
  if (spec.faults.profile === null) return null;
  const profile = PROFILES[spec.faults.profile];
  if (profile === undefined) throw new Error(`unknown fault profile ${spec.faults.profile}`);
  const { startMs } = spec.faults;
  const drawn = generateSchedule(profile, sim.scheduler.random('fault-schedule'), spec.durationMs - startMs, spec.durationMs - startMs, sim.scheduler.random('fault-swarm'));
  return { ...drawn, quietAtMs: spec.durationMs, faults: drawn.faults.map((f) => ({ ...f, at: f.at + startMs })) };
}

/** Build and run one HBase scenario on `sim`; `arm` may add faults of its own before the clock starts. */
export function runHBaseScenario(sim: Simulation, spec: HBaseScenarioSpec, arm: (run: HBaseRun) => void = () => {}): HBaseRun {
  const cluster = new Cluster(sim, spec.cluster);
  const finalReadsAt = spec.durationMs + spec.quietMs;
  const workload = new RegisterWorkload(sim, cluster, spec.workload, { stopAt: spec.durationMs, finalReadsAt });
  const schedule = scheduleFor(sim, spec);
  let nemesis: Nemesis | null = null;
  if (schedule !== null) {
    const armed = new Nemesis(sim, clusterFaultTargets(cluster, spec.workload.clients), schedule);
    sim.scheduler.at(spec.faults.startMs, () => (cluster.failpoint = (ctx, name, detail) => armed.failpoint(ctx, name, detail)));
    armed.arm();
    nemesis = armed;
  }
  superviseAfter(sim, cluster, spec.durationMs);
  const run = { cluster, workload, nemesis };
  arm(run);
  runUntilSettled(sim, [cluster], finalReadsAt + spec.finalReadsMs);
  tracer<RunTraceEvent>(sim.trace).emit('cluster.final', { ...cluster.snapshot() });
  return run;
}

/** How long the end of a run waits for regions in transition to finish, and how often it looks. */
export const SETTLE_MAX_MS = 10_000;
const SETTLE_STEP_MS = 250;

/** A region opening or closing, or not yet open again in an enabled table (the closed half of a move); a table enabling or disabling. */
function inTransition(cluster: Cluster): boolean {
  const { meta, tables } = cluster.snapshot();
  const moving = (r: { table: string; state: string }) => r.state === 'OPENING' || r.state === 'CLOSING' || (tables[r.table] === 'ENABLED' && r.state !== 'OPEN');
  return Object.values(meta).some(moving) || Object.values(tables).some((s) => s === 'ENABLING' || s === 'DISABLING');
}

/**
 * Run to `end`, then on while hbase:meta shows a region or table in transition, for at most SETTLE_MAX_MS
 * (HBaseTestingUtility.waitUntilNoRegionsInTransition before a test checks the cluster): a move the balancer chore
 * started just before the end is in flight, not stuck, and the final snapshot judges where it lands. A transition
 * still open after the wait is left for the assignment checker to call stuck.
 */
export function runUntilSettled(sim: Simulation, clusters: readonly Cluster[], end: number): void {
  sim.scheduler.runUntil(end);
  for (let t = end; t < end + SETTLE_MAX_MS && clusters.some(inTransition); ) {
    t += SETTLE_STEP_MS;
    sim.scheduler.runUntil(t);
  }
}

/** How long a supervisor waits before bringing a process back. */
const SUPERVISOR_RESTART_MS = 1_000;

/**
 * From the quiet phase on, a supervisor (systemd, Kubernetes) restarts any master or RegionServer that exits —
 * typically a zombie that learns of its expired session only once the partition around it healed — so the end
 * state can be judged. Before the quiet phase, what restarts is the fault schedule's business.
 */
export function superviseAfter(sim: Simulation, cluster: Cluster, quietAtMs: number): void {
  const supervised = new Set([...cluster.masterIds, ...cluster.regionServerIds]);
  sim.scheduler.onLifecycle((event) => {
    if ((event.kind !== 'exit' && event.kind !== 'crash') || !supervised.has(event.id) || event.time < quietAtMs) return;
    sim.scheduler.after(SUPERVISOR_RESTART_MS, () => {
      if (sim.scheduler.info(event.id).status === 'crashed') {
        tracer<RunTraceEvent>(sim.trace).emit('supervisor.restart', { process: event.id });
        sim.scheduler.restart(event.id);
      }
    });
  });
}

export function hbaseScenario(name: string, description: string, spec: HBaseScenarioSpec): ScenarioEntry<HBaseScenarioSpec> {
  return {
    name,
    description,
    spec,
    validate: validateHBaseScenario,
    execute: (sim, s) => {
      const { workload, nemesis } = runHBaseScenario(sim, s);
      return { stats: { workloadReady: workload.ready }, ...(nemesis ? { schedule: nemesis.resolvedSchedule() } : {}) };
    },
  };
}
