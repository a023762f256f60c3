/**
 * Linearizability as a run's checker (runner/verdict.ts's RunChecker shape): the model is the one the
 * history's operations imply, the limits the defaults.
 */
import type { HistoryOp } from '../../harness/history.ts';
import { checkLinearizability, type CheckOptions, type LinearizabilityResult } from './check.ts';
import { inferModel } from './models/index.ts';

export const linearizability = {
  name: 'linearizability',
  check(input: { history: readonly HistoryOp[] }, options: CheckOptions = {}): LinearizabilityResult | { valid: 'unknown'; reason: string } {
    if (input.history.length === 0) return { valid: 'unknown', reason: 'empty history: nothing to check' };
    const model = inferModel(new Set(input.history.map((op) => op.f)));
    if (typeof model === 'string') return { valid: 'unknown', reason: model };
    return checkLinearizability(input.history, model, options);
  },
};
