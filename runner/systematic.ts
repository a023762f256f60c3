/**
 * Systematic crash testing, as HBase's ProcedureTestingUtility does it: find a procedure in a base run, then for
 * each k run again with the master crashed at the k-th crash point of that procedure (and restarted). Two modes,
 * as ProcedureExecutor.Testing has them:
 * - `after`: right after the k-th persist of its state (killAfterStoreUpdate, HBASE-20978): the next master
 *   resumes at the state just persisted, so in-memory state set after the store update must not matter;
 * - `before`: after the k-th step ran but before its outcome was persisted (killBeforeStoreUpdate): the step's
 *   side effects happened, the next master reloads the previous state and runs the step again — each step must
 *   be idempotent ("testRecoveryAndDoubleExecution").
 * Every run must end valid — linearizable, every region where it belongs, meta right — and in the procedure's
 * expected final state.
 */
import type { TriggeredFault } from '../harness/faults/types.ts';
import type { TraceEvent, TraceEventOfType } from '../schema/trace.ts';
import { SYSTEMATIC_TABLE } from './scenarios/systematic.ts';
import type { HBaseScenarioSpec } from './scenarios/hbase.ts';
import type { ScenarioEntry } from './scenarios/registry.ts';
import { runSeed, type SeedOutcome } from './run-seed.ts';

export interface SystematicTarget {
  /** Procedure type, as HBase names it (CreateTableProcedure, ServerCrashProcedure, …). */
  procedure: string;
  /** Only procedures submitted in this state (a move is a TransitRegionStateProcedure that starts at CLOSE). */
  firstState?: string;
  /** The end state the scripted scenario must reach, from the trace; null when it is right, else what is wrong. */
  expect: (trace: readonly TraceEvent[]) => string | null;
}

const adminOk = (op: string) => (trace: readonly TraceEvent[]) =>
  trace.some((e) => e.type === 'admin.complete' && e.op === op && e.outcome === 'ok') ? null : `the ${op} was not acknowledged`;
const finalTable = (state: string) => (trace: readonly TraceEvent[]) => {
  const tables: Record<string, string> = trace.findLast((e) => e.type === 'cluster.final')?.tables ?? {};
  return tables[SYSTEMATIC_TABLE] === state ? null : `${SYSTEMATIC_TABLE} ends ${tables[SYSTEMATIC_TABLE] ?? 'missing'}, expected ${state}`;
};
const both = (...checks: Array<(t: readonly TraceEvent[]) => string | null>) => (t: readonly TraceEvent[]) => checks.map((c) => c(t)).find((m) => m !== null) ?? null;

/** The scripted scenario creates systab, then disables it, so it ends DISABLED once both took effect. */
export const SYSTEMATIC_TARGETS: Record<string, SystematicTarget> = {
  'create-table': { procedure: 'CreateTableProcedure', expect: both(adminOk('createTable'), finalTable('DISABLED')) },
  'disable-table': { procedure: 'DisableTableProcedure', expect: both(adminOk('disableTable'), finalTable('DISABLED')) },
  move: { procedure: 'TransitRegionStateProcedure', firstState: 'REGION_STATE_TRANSITION_CLOSE', expect: adminOk('move') },
  'server-crash': { procedure: 'ServerCrashProcedure', expect: () => null },
};

/** Where the master dies: before a step's outcome is persisted, or right after a persist. */
export type CrashMode = 'before' | 'after';
export const CRASH_MODES: readonly CrashMode[] = ['before', 'after'];

/** The failpoint each mode crashes the master at (system/master/procedure/executor.ts). */
export const CRASH_FAILPOINT: Record<CrashMode, string> = {
  before: 'master.procedure.beforePersist',
  after: 'master.procedure.afterPersist',
};

export interface CrashPointResult {
  mode: CrashMode;
  /** The k-th pass of the procedure through the mode's failpoint, where the master was crashed. */
  crashPoint: number;
  /** Whether the crash really happened (the trigger fired). */
  fired: boolean;
  valid: true | false | 'unknown';
  failing: string[];
  /** The procedure reached SUCCESS (finished here, or loaded finished by the next master). */
  finished: boolean;
  /** What is wrong with the scenario's expected end state, if anything. */
  wrongEndState: string | null;
  files: Record<string, string>;
}

export interface SystematicResult {
  mode: CrashMode;
  procId: number;
  /** Crash points tried: every persist for `after`; for `before`, up to the first that was never reached. */
  persists: number;
  points: CrashPointResult[];
}

const RESTART_AFTER_MS = 1_500;

export function runSystematic(scenario: ScenarioEntry<unknown>, seed: number, target: SystematicTarget, mode: CrashMode, outDir: (k: number) => string, onPoint: (p: CrashPointResult) => void = () => {}): SystematicResult {
  const base = runSeed(scenario, seed, { write: 'never' });
  const submitted = base.run.trace.find((e): e is TraceEventOfType<'procedure.submitted'> => e.type === 'procedure.submitted' && e.procedure === target.procedure && (target.firstState === undefined || e.state === target.firstState));
  if (submitted === undefined) throw new Error(`the base run has no ${target.procedure}${target.firstState ? ` starting at ${target.firstState}` : ''}`);
  const procId = submitted.procId;
  const steps = base.run.trace.filter((e) => e.type === 'procedure.step' && e.procId === procId).length;
  const points: CrashPointResult[] = [];
  if (mode === 'after') {
    // Persisted steps: the insert, then one per step outcome (procedure.step events of this procedure), counted
    // in the base run; the crash runs then walk them all.
    const persists = 1 + steps;
    for (let k = 1; k <= persists; k++) points.push(crashAt(scenario, seed, procId, mode, k, target, outDir, onPoint));
    return { mode, procId, persists, points };
  }
  // Before a store update: one point per step whose outcome is persisted (not a suspend or a retry), so at
  // most one per procedure.step of the base run. The run is the base run up to the k-th point, so once a point
  // is never reached, no later one is: the walk stops at the first that did not fire.
  for (let k = 1; k <= steps; k++) {
    const point = crashAt(scenario, seed, procId, mode, k, target, outDir, onPoint);
    points.push(point);
    if (!point.fired) break;
  }
  return { mode, procId, persists: points.filter((p) => p.fired).length, points };
}

function crashAt(scenario: ScenarioEntry<unknown>, seed: number, procId: number, mode: CrashMode, k: number, target: SystematicTarget, outDir: (k: number) => string, onPoint: (p: CrashPointResult) => void): CrashPointResult {
  const outcome = runSeed(withTrigger(scenario, procId, mode, k), seed, { write: 'on-failure', outDir: outDir(k) });
  const point = summarise(outcome, procId, mode, k, target);
  onPoint(point);
  return point;
}

function withTrigger(scenario: ScenarioEntry<unknown>, procId: number, mode: CrashMode, k: number): ScenarioEntry<unknown> {
  const spec = scenario.spec as HBaseScenarioSpec;
  const base = spec.faults.schedule ?? { version: 1 as const, faults: [], triggers: [], quietAtMs: spec.durationMs };
  const trigger: TriggeredFault = {
    on: CRASH_FAILPOINT[mode],
    where: { procId },
    occurrence: k,
    fault: { kind: 'crash', target: 'role:self', restartAfterMs: RESTART_AFTER_MS },
  };
  return { ...scenario, spec: { ...spec, faults: { ...spec.faults, schedule: { ...base, triggers: [...base.triggers, trigger] } } } };
}

function summarise(outcome: SeedOutcome, procId: number, mode: CrashMode, k: number, target: SystematicTarget): CrashPointResult {
  const trace = outcome.run.trace;
  return {
    mode,
    crashPoint: k,
    fired: trace.some((e) => e.type === 'fault.crash' && e.trigger === CRASH_FAILPOINT[mode]),
    valid: outcome.verdict.valid,
    failing: Object.entries(outcome.verdict.checkers)
      .filter(([, r]) => r.valid !== true)
      .map(([name]) => name),
    finished: trace.some((e) => (e.type === 'procedure.finished' && e.procId === procId && e.result === 'SUCCESS') || (e.type === 'procedure.loaded' && e.procId === procId && e.status === 'SUCCESS')),
    wrongEndState: target.expect(trace),
    files: outcome.files,
  };
}

// ---- the ZooKeeper era (HBase 1.1) ------------------------------------------------------------------------------

/** The failpoint every step of the ZooKeeper era's master passes (system/master/zk-assignment/zk-step.ts). */
export const ZK_STEP_FAILPOINT = 'master.zk.step';
/** At most this many crash points per target: the walk stops earlier at the first that does not fire. */
const ZK_MAX_POINTS = 60;

/**
 * Which steps a target's crash points are, in the ZooKeeper era: there are no procedures, so a target is the
 * master's steps concerning a table (create-table and disable-table both walk every step concerning systab, the
 * create's first), a region (the moved one) or a server (the killed RegionServer's ServerShutdownHandler and the
 * assignments it makes are found by server). Undefined when the base run has none.
 */
function zkWhere(name: string, trace: readonly TraceEvent[]): Record<string, string> | undefined {
  if (name === 'create-table' || name === 'disable-table') return { table: SYSTEMATIC_TABLE };
  if (name === 'move') {
    const move = trace.find((e): e is TraceEventOfType<'admin.invoke'> => e.type === 'admin.invoke' && e.op === 'move');
    return move !== undefined && move.op === 'move' ? { region: move.region } : undefined;
  }
  if (name === 'server-crash') {
    const expired = trace.find((e): e is TraceEventOfType<'master.expireServer'> => e.type === 'master.expireServer');
    return expired === undefined ? undefined : { server: expired.server };
  }
  return undefined;
}

/**
 * `systematic --assignment zk`: crash the master at the k-th pass of `master.zk.step` concerning the target, for
 * k = 1, 2, … until a crash point is no longer reached (the run is the base run up to it); each must recover to a
 * valid end in the target's expected state.
 */
export function runSystematicZk(scenario: ScenarioEntry<unknown>, seed: number, name: string, target: SystematicTarget, outDir: (k: number) => string, onPoint: (p: CrashPointResult) => void = () => {}): CrashPointResult[] {
  const base = runSeed(scenario, seed, { write: 'never' });
  const where = zkWhere(name, base.run.trace);
  if (where === undefined) throw new Error(`the base run has nothing for ${name} in the ZooKeeper era`);
  const points: CrashPointResult[] = [];
  for (let k = 1; k <= ZK_MAX_POINTS; k++) {
    const outcome = runSeed(withZkTrigger(scenario, where, k), seed, { write: 'on-failure', outDir: outDir(k) });
    const trace = outcome.run.trace;
    const wrongEndState = target.expect(trace);
    const point: CrashPointResult = {
      mode: 'after',
      crashPoint: k,
      fired: trace.some((e) => e.type === 'fault.crash' && e.trigger === ZK_STEP_FAILPOINT),
      valid: outcome.verdict.valid,
      failing: Object.entries(outcome.verdict.checkers)
        .filter(([, r]) => r.valid !== true)
        .map(([n]) => n),
      finished: wrongEndState === null,
      wrongEndState,
      files: outcome.files,
    };
    if (!point.fired) break;
    onPoint(point);
    points.push(point);
  }
  return points;
}

function withZkTrigger(scenario: ScenarioEntry<unknown>, where: Record<string, string>, k: number): ScenarioEntry<unknown> {
  const spec = scenario.spec as HBaseScenarioSpec;
  const base = spec.faults.schedule ?? { version: 1 as const, faults: [], triggers: [], quietAtMs: spec.durationMs };
  const trigger: TriggeredFault = { on: ZK_STEP_FAILPOINT, where, occurrence: k, fault: { kind: 'crash', target: 'role:self', restartAfterMs: RESTART_AFTER_MS } };
  return { ...scenario, spec: { ...spec, faults: { ...spec.faults, schedule: { ...base, triggers: [...base.triggers, trigger] } } } };
}
