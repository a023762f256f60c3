/**
 * One seed of one scenario, in memory: build the runtime, let the scenario build and drive the system, and
 * collect what was recorded. Pure with respect to (scenario spec, seed): no files, no real time inside.
 */
import { sha256 } from '../harness/io/atomic.ts';
import { Simulation } from '../harness/simulation.ts';
import type { HistoryOp } from '../harness/history.ts';
import type { RunTraceEvent } from '../schema/events/run.ts';
import { recordedEvents, tracer, type TraceEvent } from '../schema/trace.ts';
import type { ScenarioEntry } from './scenarios/registry.ts';

export interface SimulatedRun {
  seed: number;
  scenario: string;
  spec: unknown;
  history: readonly HistoryOp[];
  trace: readonly TraceEvent[];
  historyJsonl: string;
  traceJsonl: string;
  /** The fault schedule as it was resolved, with the run's identity: enough to replay it (schedule.json). */
  schedule: Record<string, unknown>;
  /**
   * An invariant of the simulated system failed (an exception out of a handler, e.g. an UnexpectedStateException):
   * the run stopped there. It is a verdict of its own — the history and trace up to that point are kept.
   */
  failure: { message: string; time: number; stack: string } | null;
  /** SHA-256 of history.jsonl followed by trace.jsonl: equal digests ⇔ byte-identical runs. */
  digest: string;
  stats: Record<string, unknown>;
}

export function simulate(scenario: ScenarioEntry<unknown>, seed: number, spec: unknown = scenario.spec): SimulatedRun {
  scenario.validate(spec);
  const sim = new Simulation({ seed });
  let outcome: ReturnType<typeof scenario.execute> = { stats: {} };
  let failure: SimulatedRun['failure'] = null;
  try {
    outcome = scenario.execute(sim, spec);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    failure = { message: `${e.name}: ${e.message}`, time: sim.scheduler.now, stack: e.stack ?? '' };
    tracer<RunTraceEvent>(sim.trace).emit('run.failed', { error: failure.message });
  }
  // Serialising and hashing a run costs as much as checking it: done only when asked for (files, result.json).
  const lazy = <T>(compute: () => T): (() => T) => {
    let value: T | undefined;
    return () => (value ??= compute());
  };
  const historyJsonl = lazy(() => sim.history.toJsonl());
  const traceJsonl = lazy(() => sim.trace.toJsonl());
  const digest = lazy(() => sha256(historyJsonl(), traceJsonl()));
  return {
    seed,
    scenario: scenario.name,
    spec,
    history: sim.history.ops,
    trace: recordedEvents(sim.trace),
    get historyJsonl() {
      return historyJsonl();
    },
    get traceJsonl() {
      return traceJsonl();
    },
    failure,
    schedule: { scenario: scenario.name, seed, spec, ...((outcome.schedule as Record<string, unknown> | undefined) ?? { version: 1, faults: [], triggers: [] }) },
    get digest() {
      return digest();
    },
    stats: { simulatedMs: sim.scheduler.now, events: sim.scheduler.eventsHandled, ...historyCounts(sim.history.ops), ...outcome.stats },
  };
}

function historyCounts(ops: readonly HistoryOp[]): Record<string, number> {
  const counts = { operations: 0, ok: 0, fail: 0, info: 0 };
  // Named increments, not counts[op.type]++: a store under a computed key is a slow path, once per history entry.
  for (const op of ops) {
    const type = op.type;
    if (type === 'invoke') counts.operations++;
    else if (type === 'ok') counts.ok++;
    else if (type === 'fail') counts.fail++;
    else counts.info++;
  }
  return counts;
}
