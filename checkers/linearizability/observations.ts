/**
 * Pruning by what reads saw. An observation that pins the state (a read that returned one value) must be
 * linearized where the state is that value, and only updates invoked before it completed can come before it.
 * So a configuration is dead as soon as the earliest-completing pinned observation still ahead can no longer
 * see its value through those updates (the model's `reachable`): the search drops it at once instead of
 * exploring every continuation up to that read. This is what keeps Porcupine's kv histories cheap.
 */
import type { ChainPlan } from './chains.ts';
import type { Model, Operation } from './model.ts';
import type { StateSpace } from './states.ts';

export class Observations<S> {
  /** For observations that pin the state: that state's id, else -1. */
  readonly seen: Int32Array;
  /** Per chain position: the position of the next pinned observation in the same chain, or -1. */
  readonly #nextSeen: Int32Array;
  readonly #updates: Operation[] = [];

  constructor(
    readonly space: StateSpace<S>,
    readonly plan: ChainPlan,
    readonly ops: readonly Operation[],
  ) {
    const model: Model<S> = space.model;
    this.seen = new Int32Array(ops.length).fill(-1);
    ops.forEach((op, i) => {
      const seen = plan.observe[i] && model.seen ? model.seen(op) : undefined;
      if (seen !== undefined) this.seen[i] = space.intern(seen);
    });
    const { chainStart, chainLength, chainOps } = plan;
    this.#nextSeen = new Int32Array(ops.length);
    for (let c = 0; c < plan.chains; c++) {
      let next = -1;
      for (let p = (chainStart[c] as number) + (chainLength[c] as number) - 1; p >= (chainStart[c] as number); p--) {
        if ((this.seen[chainOps[p] as number] as number) >= 0) next = p;
        this.#nextSeen[p] = next;
      }
    }
  }

  /** The earliest-completing pinned observation ahead if it can no longer see its value from `state`, else -1. */
  unexplained(counts: Int32Array, state: number): number {
    const reachable = this.space.model.reachable;
    if (reachable === undefined) return -1;
    const { chains, determinate, chainStart, chainLength, chainOps, call, ret, observe } = this.plan;
    let target = -1;
    let targetRet = 0x7fffffff;
    for (let c = 0; c < determinate; c++) {
      if ((counts[c] as number) >= (chainLength[c] as number)) continue;
      const p = this.#nextSeen[(chainStart[c] as number) + (counts[c] as number)] as number;
      if (p < 0) continue;
      const op = chainOps[p] as number;
      if ((ret[op] as number) < targetRet) {
        target = op;
        targetRet = ret[op] as number;
      }
    }
    if (target < 0) return -1;
    const seen = this.seen[target] as number;
    if (seen === state) return -1;
    // Each chain's unlinearized operations invoked before the target completes: a run from the chain's head.
    const updates = this.#updates;
    updates.length = 0;
    for (let c = 0; c < chains; c++) {
      const end = (chainStart[c] as number) + (chainLength[c] as number);
      for (let p = (chainStart[c] as number) + (counts[c] as number); p < end; p++) {
        const op = chainOps[p] as number;
        if ((call[op] as number) > targetRet) break;
        if (!observe[op]) updates.push(this.ops[op] as Operation);
      }
    }
    const states = this.space.states;
    return reachable(states[state] as S, states[seen] as S, updates) ? -1 : target;
  }
}
