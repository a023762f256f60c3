/** The checkers every run is judged by, adapted to the runner's common interface. */
import type { RunChecker } from './verdict.ts';

export const runCheckers: RunChecker[] = [];
