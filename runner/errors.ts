import { OutputError } from '../harness/io/atomic.ts';

/** Exit codes of the faultline CLI (DESIGN.md §7). */
export const EXIT = { valid: 0, violation: 1, usage: 2, unknown: 3 } as const;

/**
 * Bad input from the user: invalid options, unknown scenario, malformed file, unwritable directory.
 * The CLI prints its message as one line and exits 2 — never a stack trace.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Runs `fn`; an output that cannot be written (OutputError), or an error of one of `inputErrors` (the user's files
 * being wrong), becomes a UsageError with its message: one line, exit 2, never a stack trace.
 */
export function asUsageError<T>(fn: () => T, inputErrors: readonly ErrorClass[] = [], prefix = ''): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof OutputError || inputErrors.some((c) => error instanceof c)) throw new UsageError(`${prefix}${(error as Error).message}`);
    throw error;
  }
}
