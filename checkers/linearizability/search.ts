/**
 * The linearizability search for one sub-history (one key, or everything when not partitioned): Wing & Gong's
 * depth-first search for a legal order, with Lowe's memoisation of configurations, as Porcupine does, plus:
 *
 * - Chains. Operations are split into chains that real time orders (greedy interval partitioning), so a
 *   configuration is "how far along each chain" plus the model state: a few integers to memoise.
 * - Indeterminate operations (`info`) need never be linearized: the search succeeds once every determinate
 *   operation is. Identical indeterminate operations are interchangeable, so they are linearized in invocation
 *   order (a chain of their own), and one that would not change the state is never tried (linearizing it only
 *   removes a choice). Nor is one followed by an update that overwrites its effect: that update alone, from the
 *   configuration before, reaches the same state and leaves the indeterminate one still to choose.
 * - Observations first. An operation that never changes the state (a read) and is legal now is linearized at
 *   once, with no alternative tried: if any linearization exists, one exists with that read moved here.
 * - Reads ahead. A configuration from which a read still to come can no longer see its value is dropped at
 *   once, and states no read can see before they are overwritten are one state to the memo (observations.ts).
 *
 * A candidate is the head of a chain invoked before every unlinearized determinate operation's completion;
 * candidates are tried earliest completion first. The search runs in slices (`run(quota)`), so a check can
 * interleave its keys and stop at the first violation.
 */
import { BudgetExceeded, type Budget } from './budget.ts';
import { ConfigSet, mix32 } from './memo.ts';
import type { Model, Operation } from './model.ts';
import { Observations } from './observations.ts';
import { absorbs } from './pruning.ts';
import { StateSpace } from './states.ts';
import { planChains, type ChainPlan } from './chains.ts';
import { int32Array } from './arena.ts';

/** The memo's state for a configuration whose state no read can see before it is overwritten. */
const UNSEEN = 0x7ffffff0;

export interface Step {
  /** Index into the searched operations. */
  op: number;
  /** State id after the operation. */
  state: number;
}

/**
 * What could not follow the longest linearizable prefix: operations (indices into the searched ones) none of
 * which can take effect there, or (`unexplained`) one observation whose value no remaining update can produce.
 */
export interface Stuck {
  ops: number[];
  unexplained: boolean;
}

export type Outcome =
  /** The legal order found is `Search.linearization()`: made only when asked for, as it is an object per operation. */
  | { valid: true }
  /** `longest`: the longest linearizable prefix found. */
  | { valid: false; longest: Step[]; stuck: Stuck }
  | { valid: 'unknown'; reason: string };

export class Search<S> {
  readonly space: StateSpace<S>;
  explored = 0;
  #outcome: Outcome | undefined;
  readonly #plan: ChainPlan;
  readonly #budget: Budget;
  #memo: ConfigSet;
  readonly #counts: Int32Array;
  readonly #observations: Observations<S>;
  // The current path: the operation linearized at each depth and the state before it.
  readonly #pathOp: Int32Array;
  readonly #pathState: Int32Array;
  // Each depth's candidates sit on one stack, the deepest on top; a cursor says which to try next.
  readonly #candStart: Int32Array;
  readonly #cursor: Int32Array;
  #cands = int32Array(256);
  #candTop = 0;
  // The longest prefix so far, copied lazily: only the part that differs from the current path.
  readonly #bestOp: Int32Array;
  readonly #bestState: Int32Array;
  #bestDepth = 0;
  #agree = 0;
  // Where the search is, between slices.
  #depth = 0;
  #state = 0;
  #hash = 0;
  #left = 0;

  /** `ops`: the operations to linearize, in invocation order, none of them ignorable under the model. */
  constructor(model: Model<S>, ops: readonly Operation[], budget: Budget) {
    this.space = new StateSpace(model, ops);
    this.#plan = planChains(model, ops);
    this.#budget = budget;
    const n = ops.length;
    this.#counts = int32Array(this.#plan.chains);
    this.#observations = new Observations(this.space, this.#plan, ops);
    this.#pathOp = int32Array(n + 1);
    this.#pathState = int32Array(n + 1);
    this.#candStart = int32Array(n + 2);
    this.#cursor = int32Array(n + 2);
    this.#bestOp = int32Array(n + 1);
    this.#bestState = int32Array(n + 1);
    let longestChain = 0;
    for (const length of this.#plan.chainLength) longestChain = Math.max(longestChain, length);
    this.#memo = new ConfigSet(this.#plan.chains, longestChain, (bytes) => budget.hold(this, bytes + this.#otherBytes()));
    for (let i = 0; i < n; i++) if (!this.#plan.optional[i]) this.#left++;
    this.#guarded(() => {
      budget.hold(this, this.#bytes());
      this.#expand(0, 0);
      return undefined;
    });
  }

  /** Explores up to `quota` more configurations; the outcome once decided, undefined if not yet. */
  run(quota: number): Outcome | undefined {
    return this.#outcome ?? this.#guarded(() => this.#explore(this.explored + quota));
  }

  /** The legal order found, once the outcome is valid: the path the search stopped on. */
  linearization(): Step[] {
    if (this.#outcome?.valid !== true) throw new Error('no linearization: the search has not found one');
    return this.#steps(this.#pathOp, this.#pathState, this.#depth, this.#state);
  }

  /** Gives up without deciding, e.g. because another key already decided the check. */
  abandon(reason: string): void {
    if (this.#outcome === undefined) this.#guarded(() => ({ valid: 'unknown', reason }));
  }

  /** Runs a step of the search; a budget exceeded decides it as unknown. Once decided, its memory goes back. */
  #guarded(step: () => Outcome | undefined): Outcome | undefined {
    try {
      this.#outcome = step();
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      this.#outcome = { valid: 'unknown', reason: `${error.message} after exploring ${this.explored} configurations` };
    }
    if (this.#outcome !== undefined) {
      this.#budget.release(this);
      this.#memo = new ConfigSet(0, 0, () => undefined, 2);
    }
    return this.#outcome;
  }

  /** Everything but the memo: paths, candidates, states and transitions. */
  #otherBytes(): number {
    return this.#pathOp.length * 32 + this.#cands.byteLength + this.space.bytes;
  }

  #bytes(): number {
    return this.#memo.bytes + this.#otherBytes();
  }

  #explore(until: number): Outcome | undefined {
    const { chainOf, optional, zobrist } = this.#plan;
    const space = this.space;
    const counts = this.#counts;
    const memo = this.#memo;
    let depth = this.#depth;
    let state = this.#state;
    let hash = this.#hash;
    let left = this.#left;
    let ticks = 0;
    try {
      for (;;) {
        if (left === 0) return { valid: true };
        if ((++ticks & 1023) === 0) {
          this.#budget.checkTime();
          if (this.explored >= until) return undefined;
        }
        const c = this.#cursor[depth] as number;
        if (c < this.#candTop) {
          this.#cursor[depth] = c + 1;
          const op = this.#cands[c] as number;
          // An observation here is legal (the only kind #expand offers) and leaves the state as it is.
          const next = this.#plan.observe[op] ? state : space.next(op, state);
          if (next < 0 || (next === state && optional[op])) continue;
          const chain = chainOf[op] as number;
          counts[chain] = (counts[chain] as number) + 1;
          const nextHash = hash ^ (zobrist[op] as number);
          const key = this.#observations.unseen(counts, next) ? UNSEEN : next;
          if (!memo.add(mix32(nextHash ^ Math.imul(key + 1, 0x9e3779b1)), key, counts)) {
            counts[chain] = (counts[chain] as number) - 1;
            continue;
          }
          this.explored++;
          this.#pathOp[depth] = op;
          this.#pathState[depth] = state;
          depth++;
          state = next;
          hash = nextHash;
          if (!optional[op]) left--;
          if ((this.explored & 4095) === 0) this.#budget.hold(this, this.#bytes());
          this.#expand(depth, state);
          continue;
        }
        if (depth > this.#bestDepth) this.#recordBest(depth);
        if (depth === 0) return { valid: false, longest: this.#steps(this.#bestOp, this.#bestState, this.#bestDepth, -1), stuck: this.#stuck() };
        this.#candTop = this.#candStart[depth] as number;
        depth--;
        if (depth < this.#agree) this.#agree = depth;
        const op = this.#pathOp[depth] as number;
        state = this.#pathState[depth] as number;
        const chain = chainOf[op] as number;
        counts[chain] = (counts[chain] as number) - 1;
        hash ^= zobrist[op] as number;
        if (!optional[op]) left++;
      }
    } finally {
      this.#depth = depth;
      this.#state = state;
      this.#hash = hash;
      this.#left = left;
    }
  }

  /** Pushes the candidates of the configuration at `depth`, in the order to try them. */
  #expand(depth: number, state: number): void {
    const { chains, determinate, chainStart, chainLength, chainOps, chainOf, call, ret, observe, optional } = this.#plan;
    const counts = this.#counts;
    let deadline = 0x7fffffff;
    for (let c = 0; c < determinate; c++) {
      if ((counts[c] as number) < (chainLength[c] as number)) {
        const r = ret[chainOps[(chainStart[c] as number) + (counts[c] as number)] as number] as number;
        if (r < deadline) deadline = r;
      }
    }
    const start = this.#candTop;
    this.#candStart[depth] = start;
    this.#cursor[depth] = start;
    if (this.#observations.unexplained(counts, state) >= 0) return;
    if (this.#cands.length < start + chains) this.#growCands(start + chains);
    const cands = this.#cands;
    let top = start;
    // Just after an indeterminate operation: the state before it, to drop continuations that make it pointless.
    const last = depth > 0 ? (this.#pathOp[depth - 1] as number) : -1;
    const before = last >= 0 && optional[last] ? (this.#pathState[depth - 1] as number) : -1;
    for (let c = 0; c < chains; c++) {
      const done = counts[c] as number;
      if (done >= (chainLength[c] as number)) continue;
      const op = chainOps[(chainStart[c] as number) + done] as number;
      if ((call[op] as number) > deadline) continue;
      if (before >= 0 && !observe[op] && c !== chainOf[last] && absorbs(this.space, op, before, state)) continue;
      if (observe[op]) {
        // Legal now: taken at once, alone (see above). Illegal now: it waits for an update.
        const seen = this.#observations.seen[op] as number;
        if (seen >= 0 ? seen !== state : this.space.next(op, state) < 0) continue;
        cands[start] = op;
        top = start + 1;
        break;
      }
      // Insertion by completion: the operation that must be linearized soonest is tried first.
      let i = top++;
      while (i > start && (ret[cands[i - 1] as number] as number) > (ret[op] as number)) {
        cands[i] = cands[i - 1] as number;
        i--;
      }
      cands[i] = op;
    }
    this.#candTop = top;
  }

  #growCands(needed: number): void {
    let size = this.#cands.length * 2;
    while (size < needed) size *= 2;
    this.#budget.hold(this, this.#bytes() + size * 4);
    const grown = int32Array(size);
    grown.set(this.#cands);
    this.#cands = grown;
  }

  #recordBest(depth: number): void {
    this.#bestOp.set(this.#pathOp.subarray(this.#agree, depth), this.#agree);
    this.#bestState.set(this.#pathState.subarray(this.#agree, depth), this.#agree);
    this.#bestDepth = depth;
    this.#agree = depth;
  }

  /** Steps of a path, given the state before each; `last` is the state after the final step (-1: step it again). */
  #steps(ops: Int32Array, before: Int32Array, depth: number, last: number): Step[] {
    const steps: Step[] = [];
    for (let d = 0; d < depth; d++) {
      const after = d + 1 < depth ? (before[d + 1] as number) : last >= 0 ? last : this.space.next(ops[d] as number, before[d] as number);
      steps.push({ op: ops[d] as number, state: after });
    }
    return steps;
  }

  /**
   * Why nothing could follow the longest prefix: an observation that can no longer see its state, or else the
   * determinate candidates, each illegal there (a legal one would have made a longer prefix).
   */
  #stuck(): Stuck {
    const { chainOf, chainStart, chainLength, chainOps, determinate, call, ret } = this.#plan;
    const counts = this.#counts;
    counts.fill(0);
    for (let d = 0; d < this.#bestDepth; d++) {
      const chain = chainOf[this.#bestOp[d] as number] as number;
      counts[chain] = (counts[chain] as number) + 1;
    }
    const last = this.#bestDepth === 0 ? 0 : this.space.next(this.#bestOp[this.#bestDepth - 1] as number, this.#bestState[this.#bestDepth - 1] as number);
    const unexplained = this.#observations.unexplained(counts, last);
    if (unexplained >= 0) return { ops: [unexplained], unexplained: true };
    const heads: number[] = [];
    for (let c = 0; c < determinate; c++) {
      if ((counts[c] as number) < (chainLength[c] as number)) heads.push(chainOps[(chainStart[c] as number) + (counts[c] as number)] as number);
    }
    let deadline = 0x7fffffff;
    for (const op of heads) deadline = Math.min(deadline, ret[op] as number);
    return { ops: heads.filter((op) => (call[op] as number) < deadline).sort((a, b) => (ret[a] as number) - (ret[b] as number)), unexplained: false };
  }
}
