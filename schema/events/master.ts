/** The HMaster's events: its role (backup, active, initialised, aborted) and what it does to RegionServers. */
import type { ServerName } from '../ids.ts';
import type { TraceEventOf } from './event.ts';

/** The master's process and ServerName: a lane in the report, a tenure to the checker. */
type Role = { process: string; server: ServerName };

export type MasterTraceEvent =
  | TraceEventOf<'master.backup', Role>
  /** Won `/hbase/master`; `token` is the znode's czxid, the fencing token RegionServers check. */
  | TraceEventOf<'master.active', Role & { token: number }>
  | TraceEventOf<'master.initialized', Role>
  | TraceEventOf<'master.aborted', Role & { reason: string }>
  /** The procedure store is fenced (every log's lease recovered) and its procedures loaded: the old master is deposed. */
  | TraceEventOf<'master.procedures.loaded', { server: ServerName; procedures: number; log: number }>
  | TraceEventOf<'master.regionServersReady', { server: ServerName; count: number }>
  /** HMaster.balance ran (from its chore or an admin call) and made `plans` moves, spread over the balancer period. */
  | TraceEventOf<'master.balance', { server: ServerName; plans: number }>
  /** HMaster.balance refused to run: not initialised, regions in transition, or dead servers being processed. */
  | TraceEventOf<'master.balanceNotRun', { server: ServerName; reason: string }>
  | TraceEventOf<'master.serverOnline', { master: ServerName; server: ServerName }>
  /** RegionServerTracker.upgrade: a `-splitting` WAL directory with no ServerCrashProcedure — logged, nothing scheduled. */
  | TraceEventOf<'master.splittingWithoutProcedure', { master: ServerName; server: ServerName }>
  | TraceEventOf<'master.expireServer', { master: ServerName; server: ServerName; reason: string }>
  | TraceEventOf<'master.walDirRenamed', { master: ServerName; server: ServerName; to: string }>
  /** Every WAL of the dead `server` has had its lease recovered: from here on it cannot acknowledge a write. */
  | TraceEventOf<'master.serverFenced', { master: ServerName; server: ServerName; wals: number }>
  | TraceEventOf<'master.walSplit', { master: ServerName; server: ServerName; files: number }>
  /**
   * ZooKeeper era (HBase 1.1): AssignmentManager.joinCluster found `regionsInTransition` user znodes and the dead
   * servers meta names; `failover` false is a clean start (every znode deleted, every region assigned).
   */
  | TraceEventOf<'master.joinCluster', { server: ServerName; failover: boolean; regionsInTransition: number; deadServers: ServerName[] }>;

export const MASTER_TRACE_TYPES: Readonly<Record<MasterTraceEvent['type'], true>> = {
  'master.backup': true,
  'master.active': true,
  'master.initialized': true,
  'master.aborted': true,
  'master.procedures.loaded': true,
  'master.regionServersReady': true,
  'master.balance': true,
  'master.balanceNotRun': true,
  'master.serverOnline': true,
  'master.splittingWithoutProcedure': true,
  'master.expireServer': true,
  'master.walDirRenamed': true,
  'master.serverFenced': true,
  'master.walSplit': true,
  'master.joinCluster': true,
};
