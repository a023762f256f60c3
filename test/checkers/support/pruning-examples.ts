/**
 * Small linearizable histories, each of which a broken pruning (checkers/linearizability/pruning.ts) wrongly
 * rejects: kept as regressions (properties.test.ts) and shown to be rejected by the broken variants
 * (broken-pruning.test.ts). The property tests found them; these are their shrunk counterexamples.
 */
import type { HistoryOp } from '../../../harness/history.ts';
import type { AnyModel } from '../../../checkers/linearizability/model.ts';
import { casRegister, kvAppend } from '../../../checkers/linearizability/models/index.ts';
import { recorder } from './histories.ts';

export interface PruningExample {
  name: string;
  model: AnyModel;
  history: HistoryOp[];
}

/**
 * An append races a put; then, one after another, an append, a get of "xxx" and a put. Only put·append·append
 * explains the get. Searching the race the other way (append·put) leaves "x" where the get's "xxx" is still
 * reachable through the append ahead; a merge that ignores that reach files "x" and put·append's "xx" under one
 * memo entry, so "xx" is never explored once "x" has failed.
 */
export function mergeExample(): PruningExample {
  const { ops, record } = recorder();
  record(0, 'invoke', 'append', 'k', 'x');
  record(1, 'invoke', 'put', 'k', 'x');
  record(0, 'ok', 'append', 'k', 'x');
  record(1, 'ok', 'put', 'k', 'x');
  record(0, 'invoke', 'append', 'k', 'x');
  record(0, 'ok', 'append', 'k', 'x');
  record(0, 'invoke', 'get', 'k', null);
  record(0, 'ok', 'get', 'k', 'xxx');
  record(0, 'invoke', 'put', 'k', 'x');
  record(0, 'ok', 'put', 'k', 'x');
  return { name: 'kv: append ∥ put, then append, get "xxx", put', model: kvAppend, history: ops };
}

/**
 * A put of "y" times out while an append of "x" succeeds; a later get sees "yx", so the put took effect first.
 * The append does not overwrite the put, so it does not dominate it; pruning it as if it did loses the only
 * linearization.
 */
export function appendAfterLostPut(): PruningExample {
  const { ops, record } = recorder();
  record(0, 'invoke', 'put', 'k', 'y');
  record(1, 'invoke', 'append', 'k', 'x');
  record(0, 'info', 'put', 'k', 'y', 'timeout');
  record(1, 'ok', 'append', 'k', 'x');
  record(2, 'invoke', 'get', 'k', null);
  record(2, 'ok', 'get', 'k', 'yx');
  return { name: 'kv: put "y" → info ∥ append "x", then get "yx"', model: kvAppend, history: ops };
}

/** A write of 1 never completes; a cas(1, 0) succeeds, so the write took effect first. The cas is legal only after it. */
export function casAfterLostWrite(): PruningExample {
  const { ops, record } = recorder();
  record(0, 'invoke', 'write', 'k', 1);
  record(1, 'invoke', 'cas', 'k', [1, 0]);
  record(1, 'ok', 'cas', 'k', [1, 0]);
  return { name: 'cas-register: write 1 never completes, then cas(1, 0) ok', model: casRegister, history: ops };
}
