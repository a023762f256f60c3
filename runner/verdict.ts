/**
 * Turns a simulated run into a verdict by running every checker over its history and trace. The overall
 * verdict is false if any checker found a violation, else 'unknown' if any could not decide, else true.
 */
import type { HistoryOp } from '../harness/history.ts';
import type { TraceEvent } from '../schema/trace.ts';

export type Validity = true | false | 'unknown';

export interface CheckerResult {
  valid: Validity;
  [evidence: string]: unknown;
}

export interface RunChecker {
  name: string;
  check(input: { history: readonly HistoryOp[]; trace: readonly TraceEvent[] }): CheckerResult;
}

export interface Verdict {
  valid: Validity;
  checkers: Record<string, CheckerResult>;
}

/** No checker at all decides nothing: that is 'unknown', never a silent pass. */
export function combine(results: readonly Validity[]): Validity {
  if (results.length === 0) return 'unknown';
  if (results.includes(false)) return false;
  if (results.includes('unknown')) return 'unknown';
  return true;
}

export function judge(run: { history: readonly HistoryOp[]; trace: readonly TraceEvent[] }, checkers: readonly RunChecker[]): Verdict {
  const results: Record<string, CheckerResult> = {};
  for (const checker of checkers) results[checker.name] = checker.check(run);
  return { valid: combine(Object.values(results).map((r) => r.valid)), checkers: results };
}
