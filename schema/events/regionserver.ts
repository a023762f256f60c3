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
  /** A WAL sync failed: `unacked` appends wait for the roll it requests (AsyncFSWAL.syncFailed). */
  | TraceEventOf<'rs.wal.syncFailed', { server: ServerName; path: string; error: string; unacked: number }>
  /** A WAL rolled to the file at `path`; `requeued` appends are written to it first. */
  | TraceEventOf<'rs.wal.rolled', { server: ServerName; path: string; reason: 'size' | 'period' | 'syncFailed'; requeued: number }>
  /** `seqNum` is the region's open sequence id (after replaying recovered edits). */
  /** The row range [startKey, endKey) ('' at either end: the table's edge); absent in traces written before it was recorded. */
  | TraceEventOf<'region.opened', { region: EncodedRegionName; table: string; startKey?: string; endKey?: string; server: ServerName; seqNum: number }>
  /** `reason: 'abort'` when the server drops its regions as it aborts, rather than closing one on request. */
  | TraceEventOf<'region.closed', { region: EncodedRegionName; table: string; server: ServerName; reason?: 'abort' }>;

export const REGION_SERVER_TRACE_TYPES: Readonly<Record<RegionServerTraceEvent['type'], true>> = {
  'rs.online': true,
  'rs.aborted': true,
  'rs.wal.syncFailed': true,
  'rs.wal.rolled': true,
  'region.opened': true,
  'region.closed': true,
};
