/**
 * The region assignment chart's data is the assignment checker's own derivation of who served which region when
 * (checkers/assignment/serving.ts): the report imports that pure function instead of deriving holdings of its
 * own, so the chart never states a double assignment the checker did not find, nor misses one, and its
 * unavailability is the checker's figure. What it adds is presentation: rows in table and region order.
 */
import { deriveServing, type RegionServing } from '../checkers/assignment/serving.ts';
import type { TraceEvent } from '../schema/index.ts';
import { naturalCompare } from './escape.ts';

export type { Overlap, RegionServing as RegionRow, Tenure, TenureEnd, ViewSegment } from '../checkers/assignment/serving.ts';

export function buildRegions(trace: readonly TraceEvent[]): RegionServing[] {
  return [...deriveServing(trace).regions].sort((a, b) => naturalCompare(a.table, b.table) || naturalCompare(a.region, b.region));
}
