/**
 * Linearizability of a whole history: each key on its own (P-compositionality) unless told otherwise, within
 * one time and memory budget, combined into one verdict with per-key results and evidence.
 */
import type { HistoryOp } from '../../harness/history.ts';
import { HistoryInputError } from '../history/input-error.ts';
import { toOperations, type History, type Operation } from '../history/operations.ts';
import { Budget, DEFAULT_LIMITS, type Limits } from './budget.ts';
import { violationEvidence, type Evidence } from './evidence.ts';
import type { AnyModel } from './model.ts';
import { allKeys } from './models/all-keys.ts';
import { Search, type Outcome } from './search.ts';

export type Validity = true | false | 'unknown';

export interface KeyResult {
  key: string;
  valid: Validity;
  /** Operations that constrain the key (ignorable ones, like failed writes, are not counted). */
  operations: number;
  /** Configurations the search memoised. */
  explored: number;
  reason?: string;
  evidence?: Evidence;
  /** A legal order of the key's operations (ids as in `toOperations`), when asked for with `witness`. */
  linearization?: number[];
}

export interface LinearizabilityResult {
  valid: Validity;
  model: string;
  operations: number;
  keys: KeyResult[];
  /** Configurations explored over all keys, and the most bytes the searches held at once. */
  explored: number;
  peakSearchBytes: number;
  /** Why the verdict is unknown: the keys that could not be decided. */
  reason?: string;
}

export interface CheckOptions extends Partial<Limits> {
  /** Check each key on its own (the default), or all keys as one state. */
  partition?: boolean;
  /** Keep checking the other keys after one is found not linearizable (by default the check stops there). */
  allKeys?: boolean;
  /** Include a linearization for each linearizable key. */
  witness?: boolean;
}

/** Configurations each undecided key may explore in the first round; each round doubles it. */
const FIRST_QUOTA = 1024;

/** Throws HistoryInputError when the history is malformed or does not fit the model. */
export function checkLinearizability(history: History | readonly HistoryOp[], model: AnyModel, options: CheckOptions = {}): LinearizabilityResult {
  const operations = toOperations(isHistory(history) ? history : { ops: history });
  // One pass, validating and dropping the ignorable: each operation is read while it is still in the cache.
  const relevant: Operation[] = [];
  for (const op of operations) {
    const problem = model.validate(op);
    if (problem !== undefined) throw new HistoryInputError(problem, op.line);
    if (model.role(op) !== 'ignore') relevant.push(op);
  }
  const budget = new Budget({ ...DEFAULT_LIMITS, ...definedOnly(options) });
  const groups = options.partition === false ? allKeysGroup(relevant, model) : byKey(relevant, model);
  // Keys take turns with a doubling quota, like goroutines on one thread: an easy violation is found before a
  // hard key is finished, and the check is the same on every run (quotas count configurations, not time).
  // A key's search exists only while it is undecided, so memory holds the undecided keys only.
  const results: (KeyResult | undefined)[] = groups.map(() => undefined);
  const running = new Map<number, Search<unknown>>();
  let violated: string | undefined;
  for (let quota = FIRST_QUOTA, round = 0; round === 0 || running.size > 0; quota *= 2, round++) {
    for (let i = 0; i < groups.length; i++) {
      if (results[i] !== undefined) continue;
      const group = groups[i] as Group;
      let search = running.get(i);
      if (violated !== undefined && options.allKeys !== true) {
        const reason = `not checked further: key ${JSON.stringify(violated)} is already not linearizable (use allKeys to check every key)`;
        search?.abandon(reason);
        results[i] = { key: group.key, operations: group.ops.length, explored: search?.explored ?? 0, valid: 'unknown', reason };
        running.delete(i);
        continue;
      }
      if (search === undefined) running.set(i, (search = new Search(group.model, group.ops, budget)));
      const outcome = search.run(quota);
      if (outcome === undefined) continue;
      results[i] = keyResult(group, search, outcome, options);
      running.delete(i);
      if (outcome.valid === false) violated ??= group.key;
    }
  }
  const keys = results as KeyResult[];
  const valid: Validity = keys.some((k) => k.valid === false) ? false : keys.some((k) => k.valid === 'unknown') ? 'unknown' : true;
  const undecided = keys.filter((k) => k.valid === 'unknown');
  return {
    valid,
    model: model.name,
    operations: operations.length,
    keys,
    explored: keys.reduce((sum, k) => sum + k.explored, 0),
    peakSearchBytes: budget.peakBytes,
    ...(valid !== 'unknown' ? {} : { reason: undecided.map((k) => `key ${JSON.stringify(k.key)}: ${k.reason}`).join('; ') }),
  };
}

interface Group {
  key: string;
  model: AnyModel;
  ops: Operation[];
}

function byKey(ops: readonly Operation[], model: AnyModel): Group[] {
  const groups = new Map<string, Group>();
  for (const op of ops) {
    let group = groups.get(op.key);
    if (group === undefined) groups.set(op.key, (group = { key: op.key, model, ops: [] }));
    group.ops.push(op);
  }
  return [...groups.values()];
}

function allKeysGroup(ops: readonly Operation[], model: AnyModel): Group[] {
  const keys = [...new Set(ops.map((op) => op.key))];
  return [{ key: keys.length === 1 ? (keys[0] as string) : '*', model: allKeys(model, keys), ops: [...ops] }];
}

function keyResult(group: Group, search: Search<unknown>, outcome: Outcome, options: CheckOptions): KeyResult {
  const base = { key: group.key, operations: group.ops.length, explored: search.explored };
  if (outcome.valid === true) {
    // Nearly every key ends here: the result is written out (same fields, same order) rather than spread from
    // temporary objects, which showed in profiles of checks with many keys.
    const result: KeyResult = { key: base.key, operations: base.operations, explored: base.explored, valid: true };
    if (options.witness) result.linearization = search.linearization().map((s) => (group.ops[s.op] as Operation).id);
    return result;
  }
  if (outcome.valid === false) return { ...base, valid: false, evidence: violationEvidence(search.space, group.ops, outcome.longest, outcome.stuck) };
  return { ...base, valid: 'unknown', reason: outcome.reason };
}

function isHistory(value: History | readonly HistoryOp[]): value is History {
  return !Array.isArray(value);
}

function definedOnly(options: CheckOptions): Partial<Limits> {
  const limits: Partial<Limits> = {};
  if (options.timeLimitMs !== undefined) limits.timeLimitMs = options.timeLimitMs;
  if (options.memoryLimitBytes !== undefined) limits.memoryLimitBytes = options.memoryLimitBytes;
  return limits;
}
