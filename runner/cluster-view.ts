/**
 * One cluster's share of a run in which several HBase clusters share one ZooKeeper ensemble and one HDFS
 * (runner/scenarios/shared-zookeeper.ts): its history (the keys under `<cluster>:`) and its trace (the events
 * it tagged with `cluster`, and the untagged ones — shared services, the harness — unless they name another
 * cluster's process). Each checker then judges each cluster on its own, as if it ran alone on those services.
 */
import type { HistoryOp } from '../harness/history.ts';
import type { TraceEvent } from '../schema/trace.ts';
import type { RunChecker } from './verdict.ts';

export interface RunView {
  history: readonly HistoryOp[];
  trace: readonly TraceEvent[];
}

export function clusterView(run: RunView, name: string, others: readonly string[]): RunView {
  const keyPrefix = `${name}:`;
  const foreign = others.map((o) => `${o}-`);
  const namesForeignProcess = (value: unknown) => typeof value === 'string' && foreign.some((p) => value.startsWith(p));
  const mine = (e: TraceEvent): boolean => {
    const fields = e as unknown as Record<string, unknown>;
    if (fields['cluster'] !== undefined) return fields['cluster'] === name;
    return !namesForeignProcess(fields['process']) && !namesForeignProcess(fields['target']);
  };
  return { history: run.history.filter((op) => op.key.startsWith(keyPrefix)), trace: run.trace.filter(mine) };
}

/** Each checker once per cluster, named `<cluster>/<checker>`, over that cluster's view of the run. */
export function perClusterCheckers(checkers: readonly RunChecker[], names: readonly string[]): RunChecker[] {
  return names.flatMap((name) =>
    checkers.map((checker) => ({
      name: `${name}/${checker.name}`,
      check: (run: RunView) => checker.check(clusterView(run, name, names.filter((n) => n !== name))),
    })),
  );
}
