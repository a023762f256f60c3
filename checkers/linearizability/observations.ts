/**
 * Pruning by what reads saw. An observation that pins the state (a read that returned one value) must be
 * linearized where the state is that value, and only updates invoked before it completed can come before it.
 * So a configuration is dead as soon as the earliest-completing pinned observation still ahead can no longer
 * see its value through those updates (the model's `reachable`): the search drops it at once instead of
 * exploring every continuation up to that read. This is what keeps Porcupine's kv histories cheap.
 *
 * And by what reads cannot see: a state that no read can see before the next overwrite is as good as any other
 * such state (`unseen`), which stops the search from trying every order of updates a put will erase anyway.
 */
import type { ChainPlan } from './chains.ts';
import type { Model, Operation } from './model.ts';
import { unseenBy } from './pruning.ts';
import type { StateSpace } from './states.ts';
import { int32Array, uint8Array } from './arena.ts';

/** Operations `unseen` looks at before it gives up (and answers false, which is always safe). */
const UNSEEN_SCAN_LIMIT = 32;

export class Observations<S> {
  /** For observations that pin the state: that state's id, else -1. */
  readonly seen: Int32Array;
  /** Per chain position: the position of the next pinned observation in the same chain, or -1. */
  readonly #nextSeen: Int32Array;
  /** Per chain position: the position of the next overwrite in the same chain, or -1 (if the model has them). */
  readonly #nextOverwrite: Int32Array | undefined;
  /** Per operation: 1 if it overwrites the state (if the model has overwrites). */
  readonly #overwrite: Uint8Array | undefined;
  readonly #watching = int32Array(UNSEEN_SCAN_LIMIT);
  readonly #updates: Operation[] = [];

  constructor(
    readonly space: StateSpace<S>,
    readonly plan: ChainPlan,
    readonly ops: readonly Operation[],
  ) {
    const model: Model<S> = space.model;
    this.seen = int32Array(ops.length).fill(-1);
    ops.forEach((op, i) => {
      const seen = plan.observe[i] && model.seen ? model.seen(op) : undefined;
      if (seen !== undefined) this.seen[i] = space.intern(seen);
    });
    this.#nextSeen = nextWhere(plan, (op) => (this.seen[op] as number) >= 0);
    const overwrites = model.overwrites;
    if (overwrites !== undefined && model.reachable !== undefined) {
      const overwrite = uint8Array(ops.length);
      ops.forEach((op, i) => (overwrite[i] = overwrites(op) ? 1 : 0));
      this.#overwrite = overwrite;
      this.#nextOverwrite = nextWhere(plan, (op) => !plan.optional[op] && overwrite[op] === 1);
    }
  }

  /**
   * Whether no observation can see `state` before the next overwrite: every observation that may come before
   * the first overwrite that must happen (the earliest-completing one ahead) pins a value the state cannot reach
   * through the other updates. All such states lead to the same futures, so they are one for memoisation.
   */
  unseen(counts: Int32Array, state: number): boolean {
    const next = this.#nextOverwrite;
    const reachable = this.space.model.reachable;
    const overwrite = this.#overwrite;
    if (next === undefined || reachable === undefined || overwrite === undefined) return false;
    const { chains, determinate, chainStart, chainLength, chainOps, call, ret, observe } = this.plan;
    let horizon = 0x7fffffff;
    for (let c = 0; c < determinate; c++) {
      if ((counts[c] as number) >= (chainLength[c] as number)) continue;
      const p = next[(chainStart[c] as number) + (counts[c] as number)] as number;
      if (p >= 0) horizon = Math.min(horizon, ret[chainOps[p] as number] as number);
    }
    if (horizon === 0x7fffffff) return false;
    // First the cheap part: does any observation that may come first see this very state (or see nothing in
    // particular)? Only then gather the other updates and ask the model about reaching each observed value.
    const watching = this.#watching;
    let watched = 0;
    let scanned = 0;
    for (let c = 0; c < chains; c++) {
      const end = (chainStart[c] as number) + (chainLength[c] as number);
      for (let p = (chainStart[c] as number) + (counts[c] as number); p < end; p++) {
        const op = chainOps[p] as number;
        if ((call[op] as number) > horizon) break;
        if (overwrite[op]) continue;
        // A far horizon makes the test cost more than it saves: then the state simply stays itself.
        if (++scanned > UNSEEN_SCAN_LIMIT) return false;
        if (!observe[op]) continue;
        const seen = this.seen[op] as number;
        if (seen < 0 || seen === state) return false;
        watching[watched++] = seen;
      }
    }
    const updates: Operation[] = [];
    for (let c = 0; c < chains; c++) {
      const end = (chainStart[c] as number) + (chainLength[c] as number);
      for (let p = (chainStart[c] as number) + (counts[c] as number); p < end; p++) {
        const op = chainOps[p] as number;
        if ((call[op] as number) > horizon) break;
        if (!overwrite[op] && !observe[op]) updates.push(this.ops[op] as Operation);
      }
    }
    return unseenBy(this.space, state, watching, watched, updates);
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
    let count = 0;
    for (let c = 0; c < chains; c++) {
      const end = (chainStart[c] as number) + (chainLength[c] as number);
      for (let p = (chainStart[c] as number) + (counts[c] as number); p < end; p++) {
        const op = chainOps[p] as number;
        if ((call[op] as number) > targetRet) break;
        if (!observe[op]) updates[count++] = this.ops[op] as Operation;
      }
    }
    // Cut to size only when it shrank: setting an array's length is a builtin call, which cost more than the scan.
    if (updates.length !== count) updates.length = count;
    const states = this.space.states;
    return reachable(states[state] as S, states[seen] as S, updates) ? -1 : target;
  }
}

/** Per chain position: the position of the next operation in the same chain that satisfies `test`, or -1. */
function nextWhere(plan: ChainPlan, test: (op: number) => boolean): Int32Array {
  const { chainStart, chainLength, chainOps } = plan;
  const next = int32Array(chainOps.length);
  for (let c = 0; c < plan.chains; c++) {
    let found = -1;
    for (let p = (chainStart[c] as number) + (chainLength[c] as number) - 1; p >= (chainStart[c] as number); p--) {
      if (test(chainOps[p] as number)) found = p;
      next[p] = found;
    }
  }
  return next;
}
