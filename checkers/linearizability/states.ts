/**
 * The states a search meets, each interned once under a small id (by the model's hash and equality), and each
 * operation's transitions cached by state id: the search works on integers and steps the model once per
 * distinct (operation, state).
 */
import type { Model, Operation } from './model.ts';
import { int32Array } from './arena.ts';

const ILLEGAL = -1;
const UNKNOWN = -2;
/** States with ids below this get a flat transition table; most registers never leave it. */
const DENSE = 8;

export class StateSpace<S> {
  readonly states: S[] = [];
  /** Open addressing over state ids (+1; 0 is empty), by each state's hash. */
  #table = int32Array(64);
  #hashes = int32Array(32);
  /**
   * Transitions from the first DENSE states, by op * DENSE + state, stored less UNKNOWN: a table just made (all
   * zeroes) reads UNKNOWN everywhere without being filled, and a search makes one per key.
   */
  readonly #dense: Int32Array;
  // Transitions from later states: one open-addressing table keyed by (operation, state); operations +1, as
  // 0 is empty (again: no fill).
  #sparseOp = int32Array(1024);
  #sparseState = int32Array(1024);
  #sparseNext = int32Array(1024);
  #sparseSize = 0;
  #bytes: number;
  readonly #sizeOf: ((state: S) => number) | undefined;

  constructor(
    readonly model: Model<S>,
    readonly ops: readonly Operation[],
  ) {
    this.#dense = int32Array(ops.length * DENSE);
    this.#bytes = this.#dense.byteLength;
    this.#sizeOf = model.sizeOf?.bind(model);
    this.intern(model.init());
  }

  /** Approximate bytes held by the tables (the states themselves are the model's). */
  get bytes(): number {
    return this.#bytes + this.#sparseOp.byteLength * 3 + this.#table.byteLength + this.#hashes.byteLength;
  }

  intern(state: S): number {
    const hash = this.model.hash(state) | 0;
    const mask = this.#table.length - 1;
    let slot = hash & mask;
    for (;;) {
      const id = (this.#table[slot] as number) - 1;
      if (id < 0) break;
      if (this.#hashes[id] === hash && this.model.equal(this.states[id] as S, state)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.states.length;
    this.states.push(state);
    if (id >= this.#hashes.length) {
      const hashes = int32Array(this.#hashes.length * 2);
      hashes.set(this.#hashes);
      this.#hashes = hashes;
    }
    this.#hashes[id] = hash;
    this.#table[slot] = id + 1;
    if (this.states.length * 2 > this.#table.length) this.#rehash();
    this.#bytes += this.#sizeOf === undefined ? 64 : this.#sizeOf(state);
    return id;
  }

  #rehash(): void {
    const table = int32Array(this.#table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.states.length; id++) {
      let slot = (this.#hashes[id] as number) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.#table = table;
  }

  /** The state id after operation `op` (an index into `ops`) in state `state`, or -1 if it is illegal there. */
  next(op: number, state: number): number {
    if (state < DENSE) {
      const slot = op * DENSE + state;
      const known = (this.#dense[slot] as number) + UNKNOWN;
      if (known !== UNKNOWN) return known;
      const next = this.#step(op, state);
      this.#dense[slot] = next - UNKNOWN;
      return next;
    }
    const mask = this.#sparseOp.length - 1;
    let slot = (Math.imul(op, 0x9e3779b1) ^ Math.imul(state, 0x85ebca6b)) & mask;
    for (;;) {
      const at = (this.#sparseOp[slot] as number) - 1;
      if (at === -1) break;
      if (at === op && this.#sparseState[slot] === state) return this.#sparseNext[slot] as number;
      slot = (slot + 1) & mask;
    }
    const next = this.#step(op, state);
    if ((this.#sparseSize + 1) * 2 > this.#sparseOp.length) this.#growSparse();
    this.#remember(op, state, next);
    return next;
  }

  #remember(op: number, state: number, next: number): void {
    const mask = this.#sparseOp.length - 1;
    let slot = (Math.imul(op, 0x9e3779b1) ^ Math.imul(state, 0x85ebca6b)) & mask;
    while (this.#sparseOp[slot] !== 0) slot = (slot + 1) & mask;
    this.#sparseOp[slot] = op + 1;
    this.#sparseState[slot] = state;
    this.#sparseNext[slot] = next;
    this.#sparseSize++;
  }

  #growSparse(): void {
    const [ops, states, nexts] = [this.#sparseOp, this.#sparseState, this.#sparseNext];
    this.#sparseOp = int32Array(ops.length * 2);
    this.#sparseState = int32Array(ops.length * 2);
    this.#sparseNext = int32Array(ops.length * 2);
    this.#sparseSize = 0;
    for (let i = 0; i < ops.length; i++) if (ops[i] !== 0) this.#remember((ops[i] as number) - 1, states[i] as number, nexts[i] as number);
  }

  #step(op: number, state: number): number {
    const after = this.model.step(this.states[state] as S, this.ops[op] as Operation);
    return after === undefined ? ILLEGAL : this.intern(after);
  }
}
