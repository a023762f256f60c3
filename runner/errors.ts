/** Exit codes of the faultline CLI (DESIGN.md §7). */
export const EXIT = { valid: 0, violation: 1, usage: 2, unknown: 3 } as const;

/**
 * Bad input from the user: invalid options, unknown scenario, malformed file, unwritable directory.
 * The CLI prints its message as one line and exits 2 — never a stack trace.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
