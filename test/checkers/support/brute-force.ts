/**
 * The definition of linearizability, executed literally: try every order in which the operations could take
 * effect (each after every operation that completed before it was invoked), where indeterminate ones may also
 * never take effect. No chains, no pruning; the one economy is remembering configurations already found to
 * lead nowhere — what remains possible depends only on which operations are placed and the state they left,
 * so that memo cannot change an answer, and it lets histories of 20 operations be decided in milliseconds.
 */
import type { HistoryOp } from '../../../harness/history.ts';
import { toOperations, type Operation } from '../../../checkers/history/operations.ts';
import type { AnyModel } from '../../../checkers/linearizability/model.ts';

/** Past this the set of placed operations no longer fits one 32-bit mask. */
const MAX_OPS = 30;

export function bruteForceLinearizable(history: readonly HistoryOp[], model: AnyModel): boolean {
  const ops = toOperations({ ops: history }).filter((op) => model.role(op) !== 'ignore');
  if (ops.length > MAX_OPS) throw new Error('brute force is for small histories');
  const keys = [...new Set(ops.map((op) => op.key))];
  // Configurations (placed operations, every key's state) from which no linearization completes. States are
  // told apart by their description, which is exact for the models tested (scalars, strings).
  const deadEnds = new Set<string>();
  // One model state per key: the model describes a single key.
  const explore = (placed: number, states: ReadonlyMap<string, unknown>): boolean => {
    const remaining = ops.filter((_, i) => (placed & (1 << i)) === 0);
    if (remaining.every((op) => op.outcome === 'info')) return true;
    const configuration = `${placed}:${JSON.stringify(keys.map((key) => (states.has(key) ? model.describeState(states.get(key)) : null)))}`;
    if (deadEnds.has(configuration)) return false;
    for (let i = 0; i < ops.length; i++) {
      if ((placed & (1 << i)) !== 0) continue;
      const op = ops[i] as Operation;
      if (remaining.some((other) => other.ret < op.call)) continue;
      const next = model.step(states.has(op.key) ? states.get(op.key) : model.init(), op);
      if (next === undefined) continue;
      if (explore(placed | (1 << i), new Map(states).set(op.key, next))) return true;
    }
    deadEnds.add(configuration);
    return false;
  };
  return explore(0, new Map());
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
