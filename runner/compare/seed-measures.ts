/**
 * What `faultline compare` measures of one seed, read from its history and trace through the checkers' own
 * derivations — never from the system's objects: time without an active master (the assignment checker's
 * figure), each region outage (serving.ts's gaps, the intervals the report draws), and the client operations
 * that failed or ended indeterminate.
 */
import { deriveServing } from '../../checkers/assignment/serving.ts';
import type { HistoryOp } from '../../harness/history.ts';
import type { TraceEvent } from '../../schema/trace.ts';
import type { Validity, Verdict } from '../verdict.ts';

export interface SeedMeasures {
  /** Each checker's verdict (a seed's `failing` names the checkers not valid, not which way). */
  checkers: Record<string, Validity>;
  /** After the first active master, time with no master active and initialised (checkers/assignment/masters.ts). */
  noActiveMasterMs: number | null;
  /**
   * The length of every region outage, in trace order of regions: a maximal interval, from the region's first
   * opening to the end of the trace, during which no running server served it (none held it, or every holder was
   * paused), not counting time the master's own view had it CLOSED/OFFLINE (closed by request).
   */
  regionOutagesMs: number[];
  /** Client operations completed: all of them, `fail` (a cas mismatch is an answer, not counted) and `info`. */
  operations: number;
  failedOps: number;
  indeterminateOps: number;
}

export function measureSeed(run: { history: readonly HistoryOp[]; trace: readonly TraceEvent[] }, verdict: Verdict): SeedMeasures {
  const regionOutagesMs = deriveServing(run.trace).regions.flatMap((r) => r.gaps.map((g) => g.to - g.from).filter((d) => d > 0));
  let operations = 0;
  let failedOps = 0;
  let indeterminateOps = 0;
  for (const op of run.history) {
    if (op.type === 'invoke') continue;
    operations++;
    if (op.type === 'fail' && op.error !== 'mismatch') failedOps++;
    if (op.type === 'info') indeterminateOps++;
  }
  const checkers = Object.fromEntries(Object.entries(verdict.checkers).map(([name, r]) => [name, r.valid]));
  return { checkers, noActiveMasterMs: noActiveMasterMs(verdict), regionOutagesMs, operations, failedOps, indeterminateOps };
}

/** The assignment checker measured it; a run judged without that checker has no figure (null, left out of sums). */
function noActiveMasterMs(verdict: Verdict): number | null {
  const figures = verdict.checkers.assignment?.figures as { noActiveMasterMs?: unknown } | undefined;
  return typeof figures?.noActiveMasterMs === 'number' ? figures.noActiveMasterMs : null;
}
