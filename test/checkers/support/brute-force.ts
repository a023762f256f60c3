/**
 * The definition of linearizability, executed literally for small histories: try every order in which the
 * operations could take effect (each after every operation that completed before it was invoked), where
 * indeterminate ones may also never take effect. No memo, no chains, no pruning.
 */
import type { HistoryOp } from '../../../harness/history.ts';
import { toOperations, type Operation } from '../../../checkers/history/operations.ts';
import type { AnyModel } from '../../../checkers/linearizability/model.ts';

export function bruteForceLinearizable(history: readonly HistoryOp[], model: AnyModel): boolean {
  const ops = toOperations({ ops: history }).filter((op) => model.role(op) !== 'ignore');
  if (ops.length > 12) throw new Error('brute force is for small histories');
  const done = new Array<boolean>(ops.length).fill(false);
  // One model state per key: the model describes a single key.
  const explore = (states: ReadonlyMap<string, unknown>): boolean => {
    const remaining = ops.filter((_, i) => !done[i]);
    if (remaining.every((op) => op.outcome === 'info')) return true;
    for (let i = 0; i < ops.length; i++) {
      if (done[i]) continue;
      const op = ops[i] as Operation;
      if (remaining.some((other) => other.ret < op.call)) continue;
      const next = model.step(states.has(op.key) ? states.get(op.key) : model.init(), op);
      if (next === undefined) continue;
      done[i] = true;
      const found = explore(new Map(states).set(op.key, next));
      done[i] = false;
      if (found) return true;
    }
    return false;
  };
  return explore(new Map());
}

/**
 * Whether `order` (operation ids, numbered over the whole history) linearizes the operations on `key`: real-time
 * order respected, every step legal, every determinate operation in it.
 */
export function isLinearization(history: readonly HistoryOp[], model: AnyModel, key: string, order: readonly number[]): boolean {
  const ops = toOperations({ ops: history }).filter((op) => op.key === key);
  const byId = new Map(ops.map((op) => [op.id, op]));
  const placed = new Set(order);
  for (const op of ops) if (model.role(op) !== 'ignore' && op.outcome !== 'info' && !placed.has(op.id)) return false;
  let state = model.init();
  const seen = new Set<number>();
  for (const id of order) {
    const op = byId.get(id);
    if (op === undefined || seen.has(id)) return false;
    // Nothing placed later may have completed before this one was invoked.
    if (order.some((other) => !seen.has(other) && other !== id && (byId.get(other) as Operation).ret < op.call)) return false;
    const next = model.step(state, op);
    if (next === undefined) return false;
    state = next;
    seen.add(id);
  }
  return true;
}
