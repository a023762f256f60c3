/**
 * The two conditions under which the search skips work that brute force would do, as pure functions in a
 * module of their own: the search's soundness rests on them, and test/checkers/broken-pruning.test.ts swaps
 * each for a deliberately unsound variant (vi.mock) to show that the brute-force comparison notices. The
 * production path pays nothing for that: these are plain imports.
 */
import type { Operation } from './model.ts';
import type { StateSpace } from './states.ts';

/**
 * Domination: whether update `op` leaves the same state whether or not the indeterminate operation just
 * linearized took effect (a write over it). Then linearizing that one was pointless here, as taking `op`
 * without it, from the configuration before, reaches the same state with more left to choose.
 */
export function absorbs<S>(space: StateSpace<S>, op: number, before: number, after: number): boolean {
  const withoutIt = space.next(op, before);
  return withoutIt >= 0 && withoutIt === space.next(op, after);
}

/**
 * Unseen states: whether none of the observations that may come before the next overwrite can see `state` —
 * each pins a state (`watching[0..watched)`, none of them `state` itself) that `state` cannot reach through
 * `updates`, the other updates that may come before that overwrite. If so, every such state has the same
 * futures and the memo keeps them as one.
 */
export function unseenBy<S>(space: StateSpace<S>, state: number, watching: Int32Array, watched: number, updates: readonly Operation[]): boolean {
  const reachable = space.model.reachable;
  if (reachable === undefined) return false;
  const states = space.states;
  for (let w = 0; w < watched; w++) if (reachable(states[state] as S, states[watching[w] as number] as S, updates)) return false;
  return true;
}
