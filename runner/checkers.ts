/** The checkers every run is judged by, adapted to the runner's common interface. */
import { checkAssignment } from '../checkers/assignment/check.ts';
import { checkLinearizability } from '../checkers/linearizability/check.ts';
import { casRegister } from '../checkers/linearizability/models/index.ts';
import type { RunChecker } from './verdict.ts';

/** Per run; a history the search cannot decide in time is 'unknown', never a guess. */
const LINEARIZABILITY_TIME_LIMIT_MS = 20_000;

export const linearizabilityChecker: RunChecker = {
  name: 'linearizability',
  check: ({ history }) => {
    if (history.length === 0) return { valid: 'unknown', reason: 'the history is empty' };
    const { valid, ...evidence } = checkLinearizability(history, casRegister, { timeLimitMs: LINEARIZABILITY_TIME_LIMIT_MS, allKeys: true });
    // Only keys that are not linearizable, or undecided, carry evidence worth a report's space.
    return { valid, ...evidence, keys: evidence.keys.filter((k) => k.valid !== true) };
  },
};

export const assignmentChecker: RunChecker = {
  name: 'assignment',
  check: ({ trace }) => {
    const { valid, ...evidence } = checkAssignment(trace);
    return { valid, ...evidence };
  },
};

export const runCheckers: RunChecker[] = [linearizabilityChecker, assignmentChecker];
