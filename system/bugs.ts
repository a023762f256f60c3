/**
 * Planted bugs: named, documented defects modelled on real HBase bugs, off by default. Each exists to prove
 * that a checker catches what it is for (DESIGN.md §2): a correct build passes every seed, and each planted
 * bug is caught within a bounded number of seeds.
 */
import type { AssignmentEra } from './cluster-spec.ts';

export interface PlantedBug {
  name: string;
  /** The real HBase issue it models. */
  jira: string;
  description: string;
  /** Which checker should catch it. */
  caughtBy: 'linearizability' | 'assignment';
  /** The focused scenario that exposes it best (runner/scenarios); `failover` must catch it too. */
  exposedBy: string;
  /** The assignment era whose code holds the bug; absent is `procedure` (HBase 2.x). A `zk` bug is run with
   * `cluster.assignment: "zk"` wherever it is exercised. */
  era?: AssignmentEra;
}

export const PLANTED_BUGS: readonly PlantedBug[] = [
  {
    name: 'put-retry-reapplies',
    jira: 'HBASE.md §7 (nonces cover Increment, Append and checkAndMutate, not Put)',
    description: 'HBase\'s own behaviour: a Put carries no nonce, so a put whose acknowledgement was lost is applied again by the client\'s retry — possibly after a later write, which it then overwrites. faultline\'s correct model de-duplicates a retried put by its nonce.',
    caughtBy: 'linearizability',
    exposedBy: 'lost-ack',
  },
  {
    name: 'zombie-reads',
    jira: 'HBASE.md §0 (HBase fences a zombie RegionServer\'s writes through HDFS, not its reads)',
    description: 'A RegionServer keeps serving reads from memory after its ZooKeeper session expired, until it learns it is dead: once its regions reopened elsewhere and took new writes, it answers stale reads.',
    caughtBy: 'linearizability',
    exposedBy: 'zombie',
  },
  {
    name: 'assign-before-log-split',
    jira: 'HBASE-5179 / HBASE-13895',
    description: 'The ServerCrashProcedure reassigns the dead server\'s regions before splitting its WALs: a region opens without its recovered edits, so acknowledged writes are lost (and may reappear later).',
    caughtBy: 'linearizability',
    exposedBy: 'rs-death',
  },
  {
    name: 'close-to-dead-server-completes',
    jira: 'HBASE-13895',
    description: 'A close sent to a RegionServer that died is taken as done: the region is marked closed and reopened elsewhere before the ServerCrashProcedure has split the dead server\'s WALs, so its acknowledged writes are lost.',
    caughtBy: 'linearizability',
    exposedBy: 'rs-death',
  },
  {
    name: 'split-without-lease-recovery',
    jira: 'HBASE-2312',
    description: 'WAL splitting reads the dead server\'s WALs without recovering their leases first: a zombie RegionServer (paused, not dead) can still sync and acknowledge writes that no split will ever see.',
    caughtBy: 'linearizability',
    exposedBy: 'zombie',
  },
  {
    name: 'dispatch-gives-up-on-timeout',
    jira: 'HBASE-6299',
    description: 'The master treats a timed-out openRegion call as failed and opens the region elsewhere, although the first server did receive it and opens the region too: the region is open on two servers.',
    caughtBy: 'assignment',
    exposedBy: 'partition',
  },
  {
    name: 'proc-persist-failure-continues',
    jira: 'HBASE-29251',
    description: 'A procedure-store write that cannot be made durable does not abort the master: the failed writes are dropped and execution goes on, so their procedures never continue and the regions they hold stay in transition, with no failover to resume them.',
    caughtBy: 'assignment',
    exposedBy: 'wal-sync-failure',
  },
  {
    name: 'old-master-accepts-reports',
    jira: 'HBASE-28690',
    description: 'A deposed master that does not know it yet (cut off from ZooKeeper, or aborting) still takes RegionServers\' transition reports for opens and closes the new master sent: it acknowledges them as stale, so the RegionServer counts them as accepted and the new master\'s procedure waits forever.',
    caughtBy: 'assignment',
    exposedBy: 'partition',
  },
  {
    name: 'rs-reexecutes-resent-open-close',
    jira: 'HBASE-22404',
    description: 'The RegionServer keeps no record of the open/close procedures it ran: an open whose region failed to open (and was reported FAILED_OPEN) and that the master re-sends because its acknowledgement was lost runs again, after the master already re-planned the region elsewhere — the region is open on two servers.',
    caughtBy: 'assignment',
    exposedBy: 'partition',
  },
  {
    name: 'report-updates-meta-directly',
    jira: 'HBASE-22074 / HBASE-22060',
    description: 'A RegionServer\'s open or close report is written to hbase:meta and acknowledged without being persisted in the procedure store: if the master dies before the procedure\'s next step is persisted, the new master resumes it as not yet dispatched, the RegionServer ignores the re-sent request as done, and the region hangs in transition.',
    caughtBy: 'assignment',
    exposedBy: 'master-crash',
  },
  {
    name: 'scp-interrupts-finishing-open',
    jira: 'HBASE-21440',
    description: 'A ServerCrashProcedure hands a crashed server\'s region to the open procedure still finishing there (its OPENED report taken, meta being written) instead of closing the region itself; the open finishes anyway and the region stays OPEN on the dead server, unavailable for good.',
    caughtBy: 'assignment',
    exposedBy: 'report-race',
  },
  {
    name: 'scp-assigns-region-moved-away',
    jira: 'HBASE-23594',
    description: 'The ServerCrashProcedure assigns every region it listed when it started, without checking that the region is still on the crashed server: a region that a move or an assignment had meanwhile opened on another server is opened a second time (or its new open is taken for crashed), so it is served by two servers.',
    caughtBy: 'assignment',
    exposedBy: 'scp-race',
  },
  {
    name: 'second-scp-for-same-server',
    jira: 'HBASE-21565',
    description: 'A restarted RegionServer clears its previous incarnation from the dead-server list while that incarnation\'s ServerCrashProcedure still runs, and the SCP does not hold the server\'s lock: when the old znode expires, a second ServerCrashProcedure for the same server runs beside the first. Both split its WALs at once, and a region reopens before the other split has written its recovered edits: acknowledged writes are lost — most visibly when the server held hbase:meta, whose lost edits take whole tables with them (the assignment checker sees created tables missing and served regions unknown to meta; user regions show it as lost writes).',
    caughtBy: 'assignment',
    exposedBy: 'scp-duplicate',
  },
  {
    name: 'scp-skips-assign-on-shutdown',
    jira: 'HBASE-24117',
    description: 'An aborting master stops its AssignmentManager before its procedure executor: a ServerCrashProcedure still running finds none of the dead server\'s regions where it expects them ("location mismatch"), skips assigning them and completes, so the next master never reassigns them.',
    caughtBy: 'assignment',
    exposedBy: 'zk-expiry',
  },
  {
    name: 'zombie-rolls-into-listed-wal-dir',
    jira: 'HBASE-2312',
    description: 'The master lists a dead server\'s WAL directory and splits the files it saw without first renaming the directory to -splitting, and the RegionServer creates WAL files with their parent directories: a zombie whose sync fails on a recovered lease rolls to a new WAL the split never reads, acknowledges writes there, and they are lost when the region reopens elsewhere.',
    caughtBy: 'linearizability',
    exposedBy: 'zombie',
  },
  {
    name: 'restore-opened-over-abnormally-closed',
    jira: 'none yet: HBase 2.6 as it is (RegionRemoteProcedureBase.stateLoaded), found by faultline (failover seed 101258692)',
    description: 'An open is reported and written to hbase:meta; as its procedure ends, the ServerCrashProcedure of its (dead) target takes the region lock and closes the region abnormally, and the master dies before its procedure store records that the open procedure ended. The next master loads the open still REPORT_SUCCEED over a region meta has ABNORMALLY_CLOSED, restoreSucceedState asserts, and initialization aborts — on every master after it too, so the region is never reassigned.',
    caughtBy: 'assignment',
    exposedBy: 'report-race',
  },
  {
    name: 'proc-cleanup-drops-waiting-parent',
    jira: 'HBASE-21354 / HBASE-21490',
    description: 'After a master failover, the procedure store\'s log cleanup counts a procedure that waits on its children (loaded, not yet touched again) as deleted and drops the only record of it: if the master fails over once more before that procedure is persisted again, the next master finds its children orphaned ("Corrupt"), never runs them, and their regions stay in transition.',
    caughtBy: 'assignment',
    exposedBy: 'master-crash',
  },
  {
    name: 'duplicate-scp-on-master-init',
    jira: 'HBASE-22263',
    description: 'A new master takes every server with a WAL directory for a failed server and schedules a ServerCrashProcedure for it, although one for that server was loaded from the procedure store; the two run side by side (an SCP takes its server\'s lock one step at a time, as in branch-1) and both split the WALs and assign the regions: a region reopens while the other split still writes recovered edits, so acknowledged writes are lost — or, when the server held hbase:meta, whole tables with them.',
    caughtBy: 'linearizability',
    exposedBy: 'scp-duplicate',
  },
  {
    name: 'meta-put-wall-clock',
    jira: 'none yet: HBase 2.x as it is (RegionStateStore takes EnvironmentEdgeManager.currentTime() as the Put timestamp), found by faultline (failover seed 41000145 with a 36 s fault phase)',
    description: 'The master stamps each hbase:meta Put with its wall clock. After its clock steps back (NTP, a VM migration), or on a new master whose clock is behind the old one\'s, its puts are older than the row\'s newest version and reads never see them: meta keeps a state the master has left (OPENING, CLOSED) while the region is open elsewhere, and the next master loads that.',
    caughtBy: 'assignment',
    exposedBy: 'gc-pause',
  },
  {
    name: 'deposed-master-writes-meta',
    jira: 'none yet: HBase 2.x as it is (TransitRegionStateProcedure.openRegion → AssignmentManager.regionOpening → RegionStateStore puts to meta unfenced), found by faultline (failover seed 52000389)',
    description: 'An active master paused past its ZooKeeper session wakes inside a procedure step and writes hbase:meta before the session-expiry event reaches it. Its successor has already moved the region on; the deposed master\'s late put (the newest cell) leaves meta saying OPENING or CLOSING for a region that is open, and the next master loads that.',
    caughtBy: 'assignment',
    exposedBy: 'gc-pause',
  },
  {
    name: 'zk-open-timeout-assigns-elsewhere',
    jira: 'HBASE-6299',
    description: 'ZooKeeper era (HBase 0.94 before the fix): the master takes a sendRegionOpen that timed out as failed and assigns the region to another server at once. The first server did get the open, and when only its answer was lost it has opened the region meanwhile: the region is open on two servers.',
    caughtBy: 'assignment',
    exposedBy: 'partition',
    era: 'zk',
  },
  {
    name: 'failover-assigns-before-log-split',
    jira: 'HBASE-5179',
    description: 'ZooKeeper era (HBase 0.90/0.92): a new master\'s failover assigns the regions of servers it finds dead in meta at once, while their ServerShutdownHandlers have yet to split the dead servers\' logs: a region opens without its edits, so acknowledged writes are lost (and may reappear once the split lands).',
    caughtBy: 'linearizability',
    exposedBy: 'failover',
    era: 'zk',
  },
  {
    name: 'ssh-skips-regions-opening-on-it',
    jira: 'HBASE-6060',
    description: 'ZooKeeper era (HBase 0.92/0.94): the ServerShutdownHandler of a dead RegionServer takes only the regions open or closing on it; a region the master had sent there to open (PENDING_OPEN, OPENING) is left in transition on the dead server. In 0.94 only the TimeoutMonitor reassigned it, 30 minutes later: the region is unavailable.',
    caughtBy: 'assignment',
    exposedBy: 'zk-assign',
    era: 'zk',
  },
  {
    name: 'opened-transition-failure-closes-region',
    jira: 'HBASE-9387',
    description: 'ZooKeeper era (HBase 0.94/0.95 before the fix): a RegionServer whose OPENING→OPENED transition seems to fail closes the region. When the write did land and only its reply was lost, the master has seen OPENED, marked the region open there and deleted the znode, so the retry finds no znode: the master counts the region as served by a server that closed it, and nobody reassigns it. The fix aborts the server when the znode disappeared, so its ServerShutdownHandler reassigns the region.',
    caughtBy: 'assignment',
    exposedBy: 'zk-assign',
    era: 'zk',
  },
];

export function isKnownBug(name: string): boolean {
  return PLANTED_BUGS.some((b) => b.name === name);
}
