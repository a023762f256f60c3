/**
 * The HBase settings the simulation honours, each with its HBase key and default (HBASE.md §8). Scenarios scale
 * the timeouts down so that a failover fits in seconds of virtual time; HBASE_DEFAULTS keeps HBase's own values
 * for reference and for anyone who wants a faithful-timing run.
 */
export interface HBaseConfig {
  /** zookeeper.znode.parent — the root of this cluster's znodes; clusters sharing an ensemble differ here.
   *  Absent means HBase's default, `/hbase` (so scenario data written before the key existed still loads). */
  zookeeperZnodeParent?: string;
  /** hbase.rootdir — the root of this cluster's files on HDFS (a path; the filesystem is the simulated one).
   *  Absent means `/hbase`. */
  rootDir?: string;
  /** zookeeper.session.timeout */
  zkSessionTimeoutMs: number;
  /** hbase.regionserver.msginterval — RS report period (not used for liveness). */
  rsReportIntervalMs: number;
  /** hbase.master.wait.on.regionservers.timeout */
  waitOnRegionServersTimeoutMs: number;
  /** hbase.master.wait.on.regionservers.interval */
  waitOnRegionServersIntervalMs: number;
  /** hbase.master.wait.on.regionservers.mintostart (effective minimum 1) */
  waitOnRegionServersMinToStart: number;
  /** hbase.client.pause */
  clientPauseMs: number;
  /** hbase.client.retries.number */
  clientRetries: number;
  /** hbase.rpc.timeout */
  rpcTimeoutMs: number;
  /** hbase.client.operation.timeout */
  clientOperationTimeoutMs: number;
  /** hbase.procedure.retry.sleep.interval.ms — first backoff of a procedure step that failed. */
  procedureRetrySleepMs: number;
  /** hbase.procedure.retry.max.sleep.time.ms */
  procedureRetryMaxSleepMs: number;
  /** hbase.regionserver.rpc.retry.interval — dispatcher retry while the RS is not running yet. */
  dispatchRetryIntervalMs: number;
  /** hbase.regionserver.rpc.startup.waittime — how long the dispatcher retries a ServerNotRunningYetException. */
  rsStartupWaitTimeMs: number;
  /** hbase.master.rs.remote.proc.fail.fast.limit — fail-fast errors before the dispatcher expires the server. */
  remoteProcFailFastLimit: number;
  /** hbase.procedure.store.wal.max.retries.before.roll */
  procWalMaxRetriesBeforeRoll: number;
  /** hbase.procedure.store.wal.sync.failure.roll.max */
  procWalSyncFailureRollMax: number;
  /** hbase.procedure.store.wal.periodic.roll.msec */
  procWalPeriodicRollMs: number;
  /** hbase.procedure.store.wal.roll.threshold, counted in records rather than bytes */
  procWalRollThresholdRecords: number;
  /** RS reportForDuty backoff start (the sleeper period is msginterval) */
  reportForDutyBackoffMs: number;
  /** TIMEOUT_REGION_MOVED — how long a RegionServer answers RegionMovedException for a region it closed. */
  regionMovedTimeoutMs: number;
  /** hbase.balancer.period — the BalancerChore's period; also hbase.balancer.max.balancing, its default. */
  balancerPeriodMs: number;
  /** hbase.regionserver.logroll.period — LogRoller rolls every WAL this often, written or not. */
  walRollPeriodMs: number;
  /**
   * hbase.regionserver.logroll.multiplier × hbase.regionserver.hlog.blocksize (0.5 × 2 × dfs block size = 128 MB),
   * counted in records: a WAL that grew past it asks for a roll.
   */
  walRollSizeRecords: number;
  /** hbase.lease.recovery.timeout — RecoverLeaseFSUtils gives up waiting and splits anyway ("may be DATALOSS"). */
  leaseRecoveryTimeoutMs: number;
  /** hbase.lease.recovery.first.pause — the wait after the first recoverLease call. */
  leaseRecoveryFirstPauseMs: number;
  /** hbase.lease.recovery.dfs.timeout — the base of the linear backoff between recoverLease calls. */
  leaseRecoveryDfsTimeoutMs: number;
  /** hbase.lease.recovery.pause — how often isFileClosed is polled between recoverLease calls. */
  leaseRecoveryPauseMs: number;
  /** hbase.splitlog.manager.timeout (1.x) — an OWNED split task without a heartbeat this long is resubmitted.
   *  Absent (data written before the key existed): HBase's default. */
  splitLogManagerTimeoutMs?: number;
  /** hbase.splitlog.max.resubmit — resubmissions of a task for errors or timeouts before it fails. */
  splitLogMaxResubmit?: number;
  /** hbase.regionserver.wal.max.splitters — split tasks a RegionServer works on at once. */
  walMaxSplitters?: number;
}

export const HBASE_DEFAULTS: HBaseConfig = {
  zookeeperZnodeParent: '/hbase',
  rootDir: '/hbase',
  zkSessionTimeoutMs: 90_000,
  rsReportIntervalMs: 3_000,
  waitOnRegionServersTimeoutMs: 4_500,
  waitOnRegionServersIntervalMs: 1_500,
  waitOnRegionServersMinToStart: 1,
  clientPauseMs: 100,
  clientRetries: 15,
  rpcTimeoutMs: 60_000,
  clientOperationTimeoutMs: 1_200_000,
  procedureRetrySleepMs: 1_000,
  procedureRetryMaxSleepMs: 600_000,
  dispatchRetryIntervalMs: 100,
  rsStartupWaitTimeMs: 60_000,
  remoteProcFailFastLimit: 10,
  procWalMaxRetriesBeforeRoll: 3,
  procWalSyncFailureRollMax: 3,
  procWalPeriodicRollMs: 3_600_000,
  procWalRollThresholdRecords: 100_000,
  reportForDutyBackoffMs: 3_000,
  regionMovedTimeoutMs: 120_000,
  balancerPeriodMs: 300_000,
  walRollPeriodMs: 3_600_000,
  walRollSizeRecords: 1_000_000,
  leaseRecoveryTimeoutMs: 900_000,
  leaseRecoveryFirstPauseMs: 4_000,
  leaseRecoveryDfsTimeoutMs: 64_000,
  leaseRecoveryPauseMs: 1_000,
  splitLogManagerTimeoutMs: 120_000,
  splitLogMaxResubmit: 3,
  walMaxSplitters: 2,
};

/** The distributed log splitting settings, HBase's defaults where a config predates them. */
export function splitLogSettings(config: HBaseConfig): { managerTimeoutMs: number; maxResubmit: number; maxSplitters: number } {
  return {
    managerTimeoutMs: config.splitLogManagerTimeoutMs ?? (HBASE_DEFAULTS.splitLogManagerTimeoutMs as number),
    maxResubmit: config.splitLogMaxResubmit ?? (HBASE_DEFAULTS.splitLogMaxResubmit as number),
    maxSplitters: config.walMaxSplitters ?? (HBASE_DEFAULTS.walMaxSplitters as number),
  };
}

/**
 * Scenario timing: HBase's defaults scaled down (session 90 s → 6 s, reports 3 s → 1 s, RS startup wait 60 s → 4 s,
 * client operation timeout 20 min → 8 s, rpc 60 s → 1.5 s, balancer period 5 min → 5 s so the BalancerChore runs a
 * few times per scenario) so a failover takes seconds of virtual time. Ratios that matter
 * for correctness are kept: the client pings ZooKeeper every third of the session timeout, an RPC timeout is
 * far shorter than the operation timeout, the WAL retry and roll counts are HBase's.
 */
export const SCENARIO_CONFIG: HBaseConfig = {
  ...HBASE_DEFAULTS,
  zkSessionTimeoutMs: 6_000,
  rsReportIntervalMs: 1_000,
  waitOnRegionServersTimeoutMs: 1_500,
  waitOnRegionServersIntervalMs: 500,
  clientPauseMs: 50,
  rpcTimeoutMs: 1_500,
  clientOperationTimeoutMs: 8_000,
  procedureRetrySleepMs: 200,
  procedureRetryMaxSleepMs: 5_000,
  rsStartupWaitTimeMs: 4_000,
  procWalPeriodicRollMs: 60_000,
  procWalRollThresholdRecords: 2_000,
  reportForDutyBackoffMs: 500,
  regionMovedTimeoutMs: 10_000,
  balancerPeriodMs: 5_000,
  // Like the procedure WAL's: a roll every minute, or every 2000 edits.
  walRollPeriodMs: 60_000,
  walRollSizeRecords: 2_000,
  // Lease recovery 15× faster, as the session timeout: 4 s → 270 ms first pause, 64 s → 4.3 s backoff base,
  // 1 s → 70 ms polls, 15 min → 60 s before splitting anyway.
  leaseRecoveryTimeoutMs: 60_000,
  leaseRecoveryFirstPauseMs: 270,
  leaseRecoveryDfsTimeoutMs: 4_300,
  leaseRecoveryPauseMs: 70,
  // The split task timeout scaled like the session timeout (120 s → 8 s): still longer than a session.
  splitLogManagerTimeoutMs: 8_000,
};

/** The client's retry backoff multipliers (HConstants.RETRY_BACKOFF). */
export const RETRY_BACKOFF = [1, 2, 3, 5, 10, 20, 40, 100, 100, 100, 100, 200, 200] as const;

export function validateConfig(config: HBaseConfig, path = 'config'): void {
  for (const key of ['zookeeperZnodeParent', 'rootDir'] as const) {
    const value = config[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !value.startsWith('/') || (value.length > 1 && value.endsWith('/'))) throw new Error(`${path}.${key} must be an absolute path without a trailing slash, got ${JSON.stringify(value)}`);
  }
  for (const [key, value] of Object.entries(config)) {
    if (key === 'zookeeperZnodeParent' || key === 'rootDir') continue;
    if (!Number.isInteger(value) || value < 0) throw new Error(`${path}.${key} must be a non-negative integer, got ${value}`);
  }
  if (config.zkSessionTimeoutMs < 3) throw new Error(`${path}.zkSessionTimeoutMs must be at least 3 ms`);
  if (config.rpcTimeoutMs === 0) throw new Error(`${path}.rpcTimeoutMs must be positive`);
}
