/** The checkers every run is judged by, adapted to the runner's common interface. */
import { checkAssignment } from '../checkers/assignment/check.ts';
import type { RunChecker } from './verdict.ts';

export const assignmentChecker: RunChecker = {
  name: 'assignment',
  check: ({ trace }) => {
    const { valid, ...evidence } = checkAssignment(trace);
    return { valid, ...evidence };
  },
};

export const runCheckers: RunChecker[] = [assignmentChecker];
