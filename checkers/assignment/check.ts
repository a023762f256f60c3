/**
 * The region-assignment checker (DESIGN.md §5), over a run's trace only: never two servers serving one region
 * at once; never a deposed master making durable progress; after the quiet phase, every region where it
 * belongs and meta agreeing; every acknowledged admin operation in effect. With figures for availability: time
 * without an active master, failovers, and per-region unavailability (as serving.ts derives it, which is also
 * what the report draws).
 */
import type { ClusterSnapshot } from '../../schema/snapshot.ts';
import type { TraceEvent } from '../../schema/trace.ts';
import { checkAdminOps, type AdminViolation } from './admin-ops.ts';
import { checkFinalState, type FinalStateViolation } from './final-state.ts';
import { MasterTracker, type SplitBrain } from './masters.ts';
import { deriveServing, type DoubleAssignment } from './serving.ts';

export type AssignmentViolation = DoubleAssignment | SplitBrain | FinalStateViolation | AdminViolation;

export interface AssignmentResult {
  valid: true | false | 'unknown';
  violations: AssignmentViolation[];
  /** Why the verdict is 'unknown' (no final snapshot: the run ended before its quiet phase). */
  reason?: string;
  figures: {
    noActiveMasterMs: number;
    masterFailovers: number;
    /** Regions that were unavailable at some time, and for how long in all. */
    regionUnavailableMs: Record<string, number>;
    maxRegionUnavailableMs: number;
  };
}

export function checkAssignment(trace: readonly TraceEvent[]): AssignmentResult {
  const masters = new MasterTracker();
  let final: { snapshot: ClusterSnapshot; time: number } | undefined;
  trace.forEach((event, index) => {
    masters.apply(event, index);
    if (event.type === 'cluster.final') final = { snapshot: event, time: event.time };
  });
  const serving = deriveServing(trace);
  masters.finish(serving.end);
  const finalViolations = final === undefined ? [] : checkFinalState(final.snapshot, final.time);
  const adminViolations = checkAdminOps(trace, final === undefined ? null : final.snapshot.tables);
  const violations: AssignmentViolation[] = [...serving.doubleAssignments, ...masters.violations, ...finalViolations, ...adminViolations].sort((a, b) => a.time - b.time);
  const unavailable = Object.fromEntries(
    serving.regions
      .filter((r) => r.unavailableMs > 0)
      .map((r) => [r.region, r.unavailableMs] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const figures = {
    noActiveMasterMs: masters.noMasterMs,
    masterFailovers: masters.failovers,
    regionUnavailableMs: unavailable,
    maxRegionUnavailableMs: Math.max(0, ...Object.values(unavailable)),
  };
  if (violations.length > 0) return { valid: false, violations, figures };
  if (final === undefined) return { valid: 'unknown', violations, reason: 'the trace has no cluster.final snapshot, so the end state cannot be judged', figures };
  return { valid: true, violations, figures };
}
