/**
 * Splits a sub-history's operations into chains, each totally ordered: in any linearizable prefix, the
 * linearized operations of a chain are a prefix of it, so the search's configuration is one count per chain.
 * - Determinate operations: real time orders them; greedy interval partitioning (each operation joins the
 *   chain whose last operation completed earliest, if that was before its invocation) uses the fewest chains.
 * - Indeterminate operations: identical ones (same key, f and value) are interchangeable, so each class is a
 *   chain taken in invocation order.
 */
import { mix32 } from './memo.ts';
import type { Model, Operation } from './model.ts';
import { int32Array, uint8Array } from './arena.ts';

/** Position beyond every record: the completion of an operation that may take effect at any time. */
export const NEVER = 0x7fffffff;

export interface ChainPlan {
  chains: number;
  /** Chains 0..determinate-1 hold determinate operations; the rest hold classes of identical `info`s. */
  determinate: number;
  chainStart: Int32Array;
  chainLength: Int32Array;
  chainOps: Int32Array;
  chainOf: Int32Array;
  call: Int32Array;
  ret: Int32Array;
  optional: Uint8Array;
  observe: Uint8Array;
  /** A random 32-bit value per operation: a configuration's hash is the XOR of its linearized operations'. */
  zobrist: Int32Array;
}

export function planChains<S>(model: Model<S>, ops: readonly Operation[]): ChainPlan {
  const n = ops.length;
  const call = int32Array(n);
  const ret = int32Array(n);
  const optional = uint8Array(n);
  const observe = uint8Array(n);
  const zobrist = int32Array(n);
  const chainOf = int32Array(n);
  let determinate = 0;
  const free = new MinHeap();
  /** Classes of identical indeterminate operations, numbered in order of first invocation. */
  const classes = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const op = ops[i] as Operation;
    call[i] = op.call;
    ret[i] = op.ret === Infinity ? NEVER : op.ret;
    optional[i] = op.outcome === 'info' ? 1 : 0;
    observe[i] = model.role(op) === 'observe' ? 1 : 0;
    zobrist[i] = mix32(Math.imul(i + 1, 0x9e3779b9) ^ 0x7f4a7c15);
    if (optional[i]) {
      const identity = `${op.key}\u0000${op.f}\u0000${JSON.stringify(op.input)}`;
      let index = classes.get(identity);
      if (index === undefined) classes.set(identity, (index = classes.size));
      // Its class for now: the classes' chains come after the determinate ones, not all made yet.
      chainOf[i] = index;
      continue;
    }
    const chain = free.size > 0 && free.minKey() < op.call ? free.pop() : determinate++;
    chainOf[i] = chain;
    free.push(chain, ret[i] as number);
  }
  const chains = determinate + classes.size;
  const chainLength = int32Array(chains);
  for (let i = 0; i < n; i++) {
    if (optional[i]) chainOf[i] = (chainOf[i] as number) + determinate;
    const chain = chainOf[i] as number;
    chainLength[chain] = (chainLength[chain] as number) + 1;
  }
  // The chains one after another, each in invocation order: a counting sort of the operations by chain (no
  // array per chain to build and then copy).
  const chainStart = int32Array(chains);
  for (let c = 0, at = 0; c < chains; c++) {
    chainStart[c] = at;
    at += chainLength[c] as number;
  }
  const placed = int32Array(chains);
  const chainOps = int32Array(n);
  for (let i = 0; i < n; i++) {
    const chain = chainOf[i] as number;
    chainOps[(chainStart[chain] as number) + (placed[chain] as number)] = i;
    placed[chain] = (placed[chain] as number) + 1;
  }
  return { chains, determinate, chainStart, chainLength, chainOps, chainOf, call, ret, optional, observe, zobrist };
}

/** A binary min-heap of chain ids keyed by their last operation's completion. */
class MinHeap {
  readonly #ids: number[] = [];
  readonly #keys: number[] = [];

  get size(): number {
    return this.#ids.length;
  }

  minKey(): number {
    return this.#keys[0] as number;
  }

  push(id: number, key: number): void {
    let i = this.#ids.length;
    this.#ids.push(id);
    this.#keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.#keys[parent] as number) <= key) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  pop(): number {
    const top = this.#ids[0] as number;
    const lastId = this.#ids.pop() as number;
    const lastKey = this.#keys.pop() as number;
    if (this.#ids.length > 0) {
      this.#ids[0] = lastId;
      this.#keys[0] = lastKey;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        let m = i;
        if (l < this.#keys.length && (this.#keys[l] as number) < (this.#keys[m] as number)) m = l;
        if (l + 1 < this.#keys.length && (this.#keys[l + 1] as number) < (this.#keys[m] as number)) m = l + 1;
        if (m === i) break;
        this.#swap(i, m);
        i = m;
      }
    }
    return top;
  }

  #swap(a: number, b: number): void {
    // Plain temporaries: a destructuring swap may allocate its array literal.
    const id = this.#ids[a] as number;
    this.#ids[a] = this.#ids[b] as number;
    this.#ids[b] = id;
    const key = this.#keys[a] as number;
    this.#keys[a] = this.#keys[b] as number;
    this.#keys[b] = key;
  }
}
