/** Large and pathological histories for the limits tests and the bench. */
import type { HistoryOp } from '../../../harness/history.ts';
import { registerRun, type Choice } from './histories.ts';

/** `operations` operations by `clients` concurrent clients over `keys` registers, linearizable by construction. */
export function bigRegisterHistory(operations: number, keys: number, clients: number, seed = 1): HistoryOp[] {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    // xorshift32: the test needs a fixed, fast stream, not a good one.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % 1_000_003;
  };
  const keyNames = Array.from({ length: keys }, (_, i) => `row-${i}`);
  const choices: Choice[] = [];
  // Three decisions per operation on average (invoke, take effect, complete).
  for (let i = 0; i < operations * 3; i++) choices.push({ client: next(), op: next(), old: next(), lose: next() });
  return registerRun(choices, { clients, keys: keyNames });
}

/**
 * Very high concurrency, not linearizable: `writers` writes of distinct values overlap everything, while two
 * readers see those values in opposite orders. Proving no order exists means trying the writes' subsets.
 */
export function contradictoryReaders(writers: number): HistoryOp[] {
  const ops: HistoryOp[] = [];
  const record = (process: number, type: HistoryOp['type'], f: string, value: unknown): void => {
    ops.push({ index: ops.length, time: ops.length, process, type, f, key: 'r', value });
  };
  for (let i = 0; i < writers; i++) record(i, 'invoke', 'write', i);
  for (let i = 0; i < writers; i++) {
    record(writers, 'invoke', 'read', null);
    record(writers, 'ok', 'read', i);
    record(writers + 1, 'invoke', 'read', null);
    record(writers + 1, 'ok', 'read', writers - 1 - i);
  }
  for (let i = 0; i < writers; i++) record(i, 'ok', 'write', i);
  return ops;
}
