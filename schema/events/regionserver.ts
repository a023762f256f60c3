/**
 * The RegionServer's events: its role (online, aborted) and the regions it opens and closes. A server serves a
 * region from `region.opened` until `region.closed` — or until it aborts, dies, or is fenced (which the
 * assignment checker decides: checkers/assignment/serving.ts).
 */
import type { EncodedRegionName, ServerName } from '../ids.ts';
import type { TraceEventOf } from './event.ts';

type Role = { process: string; server: ServerName };

export type RegionServerTraceEvent =
  | TraceEventOf<'rs.online', Role>
  | TraceEventOf<'rs.aborted', Role & { reason: string }>
  /** `seqNum` is the region's open sequence id (after replaying recovered edits). */
  | TraceEventOf<'region.opened', { region: EncodedRegionName; table: string; server: ServerName; seqNum: number }>
  /** `reason: 'abort'` when the server drops its regions as it aborts, rather than closing one on request. */
  | TraceEventOf<'region.closed', { region: EncodedRegionName; table: string; server: ServerName; reason?: 'abort' }>;

export const REGION_SERVER_TRACE_TYPES: Readonly<Record<RegionServerTraceEvent['type'], true>> = {
  'rs.online': true,
  'rs.aborted': true,
  'region.opened': true,
  'region.closed': true,
};
