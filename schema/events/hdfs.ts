/** HDFS's events: files created, closed, renamed, deleted; leases recovered; creates and syncs that failed. */
import type { TraceEventOf } from './event.ts';

/** `holder` is the writing client's name (DFSClient's clientName). */
export type HdfsTraceEvent =
  | TraceEventOf<'hdfs.create', { path: string; fileId: number; holder: string; overwrote: boolean }>
  | TraceEventOf<'hdfs.create.failed', { path: string; holder: string; error: string }>
  | TraceEventOf<'hdfs.close', { path: string; fileId: number; holder: string; records: number }>
  /** `injected`: the sync-failure rule that failed it, and whether the records persisted anyway. */
  | TraceEventOf<'hdfs.sync.failed', { path: string | null; fileId: number; holder: string; error: string; injected?: number; persisted?: boolean }>
  | TraceEventOf<'hdfs.rename', { src: string; dst: string }>
  | TraceEventOf<'hdfs.delete', { path: string; recursive: boolean; files: number; openFiles: number[] }>
  | TraceEventOf<'hdfs.lease.recovery.started', { path: string; fileId: number; holder: string; by: string }>
  /** `by` is null when recovery resumed after a NameNode restart; `holder` is absent if the lease was gone. */
  | TraceEventOf<'hdfs.lease.recovered', { path: string; fileId: number; holder?: string; by: string | null; records: number }>;

export const HDFS_TRACE_TYPES: Readonly<Record<HdfsTraceEvent['type'], true>> = {
  'hdfs.create': true,
  'hdfs.create.failed': true,
  'hdfs.close': true,
  'hdfs.sync.failed': true,
  'hdfs.rename': true,
  'hdfs.delete': true,
  'hdfs.lease.recovery.started': true,
  'hdfs.lease.recovered': true,
};
