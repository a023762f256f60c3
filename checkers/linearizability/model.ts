/**
 * What a model is: plain data and pure functions over one key's state, in the manner of Porcupine's models.
 * The search never looks inside a state; it only steps it, compares keys and describes it for evidence.
 */
import type { Operation } from '../history/operations.ts';

export type { Operation };

/**
 * How an operation matters to the model:
 * - `update` may change the state (a write, a cas that swapped, an indeterminate write);
 * - `observe` never changes it, only constrains it (a read, a cas that found another value);
 * - `ignore` neither changes nor constrains it (a failed write, a read whose answer was lost).
 */
export type Role = 'update' | 'observe' | 'ignore';

export interface Model<S> {
  readonly name: string;
  readonly description: string;
  /** The `f`s this model understands, for messages and for inferring the model from a history. */
  readonly functions: readonly string[];
  init(): S;
  /** Why `op` cannot be an operation of this model (wrong `f`, badly shaped value), or undefined if it can. */
  validate(op: Operation): string | undefined;
  role(op: Operation): Role;
  /**
   * The state after `op` takes effect in `state`, or undefined if it cannot have taken effect there and
   * returned what it returned. An `info` operation is stepped as if it took effect; whether it did at all
   * is the search's business.
   */
  step(state: S, op: Operation): S | undefined;
  /**
   * The one state in which observation `op` is legal, when there is one (a read saw its value). Optional:
   * it lets the search check an observation by comparing state ids instead of stepping.
   */
  seen?(op: Operation): S | undefined;
  /**
   * False only if no sequence of some of `updates` (each at most once, in any order) can turn `from` into `to`.
   * Optional, and may say true when unsure: it lets the search drop a configuration as soon as a read it still
   * has to explain has become impossible, instead of finding out only when it gets there.
   */
  reachable?(from: S, to: S, updates: readonly Operation[]): boolean;
  /**
   * Whether update `op` replaces the state whatever it was (a write, a put). Optional, and only for models whose
   * other updates are legal in every state (appends, not cas): it lets the search treat alike all states that no
   * read can see before the next overwrite, as nothing that follows depends on them.
   */
  overwrites?(op: Operation): boolean;
  /** Equal states must hash alike; cheap matters, as every new state is hashed once. */
  hash(state: S): number;
  equal(a: S, b: S): boolean;
  /** Roughly the bytes one state holds of its own, for the memory budget; small states can leave it out. */
  sizeOf?(state: S): number;
  /** JSON-serialisable, for evidence: the report draws it as it is. */
  describeState(state: S): unknown;
  /** One short line, e.g. `cas(1, 2) → mismatch`. */
  describeOperation(op: Operation): string;
}

/** A model of unknown state type: what registries and the CLI hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = Model<any>;

/** Values a register holds: JSON scalars, compared by identity (null is the empty register). */
export type Scalar = string | number | boolean | null;

export function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A 32-bit hash of a register value; strings by FNV-1a. */
export function hashScalar(value: Scalar): number {
  if (value === null) return 0x6e756c6c;
  if (typeof value === 'boolean') return value ? 0x74727565 : 0x66616c73;
  if (typeof value === 'string') return extendHash(0x811c9dc5, value);
  return Number.isInteger(value) ? Math.imul(value | 0, 0x9e3779b1) ^ ((value / 0x100000000) | 0) : extendHash(0x2545f491, String(value));
}

/** Continues a string hash over `more`: hashing `a + b` is extendHash(hash(a), b), so appends hash in O(|b|). */
export function extendHash(hash: number, more: string): number {
  let h = hash;
  for (let i = 0; i < more.length; i++) h = Math.imul(h ^ more.charCodeAt(i), 0x01000193);
  return h;
}

export function show(value: unknown): string {
  return value === undefined ? '?' : JSON.stringify(value);
}
