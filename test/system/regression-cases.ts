/**
 * The regression cases replayed by regressions.test.ts: each names its fixture(s) under regressions/, the root cause,
 * and the predicate that says a replay reaches the situation that exposed the bug. Kept apart from the test so a
 * throwaway scan script can import the predicates when a model change makes a fixture miss and it must be re-pinned.
 */
import { processOfServer } from '../../schema/ids.ts';
import type { TraceEvent } from '../../schema/trace.ts';
import { SCRATCH_TABLE } from '../../workloads/register.ts';

export interface Regression {
  /** The run that exposed the bug (scenario-seed), as the fix's commit names it. */
  name: string;
  /**
   * Files under test/system/regressions/, runs that reach the exposing situation. Each must be valid; at least one
   * must still reach the situation (a model change that shifts timing may make some miss: re-pin before all do).
   */
  schedules: string[];
  /** The root cause, and the HBase (or Hadoop) method that decided the fix. */
  cause: string;
  /** True when the replay reaches the situation that exposed the bug. */
  reaches(trace: readonly TraceEvent[]): boolean;
  /**
   * The planted bug that is HBase without the fix, where the fix is one the model makes and HBase has not: with it
   * switched on, every replay that reaches the situation must fail — so the fixture is shown to catch the bug.
   */
  revertedBy?: string;
}

const isRecoveredEditsTemp = (path: string | null) => path !== null && path.includes('/recovered.edits/') && path.endsWith('.temp');

export const regressions: Regression[] = [
  {
    name: 'failover-10395',
    // Re-pinned after the fidelity merges (WAL rolls, lease-recovery latency, silent handlers, dispatcher give-ups,
    // balancer chore) made the original replay miss: failover seeds 34 and 79 (runSeed scan of the failover scenario).
    // Seed 34 fails with a9b0904's namesystem change reverted (meta's SCP never leaves its log split); 79 only reaches.
    schedules: ['failover-34.schedule.json', 'failover-79.schedule.json'],
    cause:
      'A sync failure on a recovered-edits temporary file during SERVER_CRASH_SPLIT_LOGS: every retried create of that file failed ' +
      'AlreadyBeingCreatedException (the master\'s own abandoned stream held its lease) and the ServerCrashProcedure never left ' +
      'SPLIT_LOGS. HDFS\'s create with OVERWRITE deletes a file still under construction (FSDirWriteFileOp.startFile), which is ' +
      'what WALSplitter relies on when it writes recovered edits again after a failed attempt.',
    reaches: (trace) => trace.some((e) => e.type === 'hdfs.sync.failed' && isRecoveredEditsTemp(e.path)),
  },
  {
    name: 'failover-7000157',
    // Re-pinned (second time): failover seeds 67 and 261 matched only a loose predicate (a disable and a move both loaded
    // by a new master) and stayed valid with 68ecd72's model change reverted. The predicate now asks for the deadlock's
    // own situation. No failover seed of 1-400 reaches it with or without the fix (the balancer must plan a scratch
    // region during the disable's few-ms SET_DISABLING meta write), so the fixture is failover seed 226's schedule with
    // a pause of the meta RegionServer (5 s, covering one balancer tick) pinned to the disable's first
    // DISABLE_TABLE_SET_DISABLING_TABLE_STATE (found by scanning failover 1-150 with that trigger added). With
    // 68ecd72's model change reverted it fails (table scratch is stuck DISABLING); with it, it is valid.
    schedules: ['failover-7000157-repin-failover-226-pause-at-disabling.schedule.json'],
    cause:
      'The BalancerChore planned a move of a scratch region while a DisableTableProcedure was setting the table DISABLING; the ' +
      'master died, and on the new master the move waited for the table lock the disable held, while the disable waited for the ' +
      'region the move held: the table stayed DISABLING. HBase\'s DisableTableProcedure takes the region from such a TRSP ' +
      '(AssignmentManager.forceCreateUnssignProcedure: it has not run, since it holds the table lock for its whole life), and ' +
      'the TRSP quits when it runs; the balancer and moves also refuse regions of tables not enabled (preTransitCheck, ' +
      'getAssignmentsForBalancer).',
    reaches: moveWaitingBehindDisable,
  },
  {
    name: 'failover-20379',
    schedules: ['failover-20379.schedule.json'],
    cause:
      'A move\'s OpenRegionProcedure had its OPENED report persisted (REPORT_SUCCEED) when the master died; the new master ran it ' +
      'after the target had died too, skipped the report ("target is dead"), and the TRSP reopened the region elsewhere before the ' +
      'ServerCrashProcedure split the target\'s WAL: 7 s of acknowledged writes lost (a read saw a value overwritten long before). ' +
      'HBase\'s RegionRemoteProcedureBase applies a report in memory at once (updateTransitionWithoutPersistingToMeta, and ' +
      'restoreSucceedState on load), persists it to meta whatever became of the target, and serverCrashed turns REPORT_SUCCEED into ' +
      'SERVER_CRASH, so the region is reopened only by the SCP, after the split. Pinned: the master crashes at the second ' +
      'REPORT_SUCCEED step and the target\'s session expires once the new master has loaded its procedures (checked against ' +
      'the code before the fix, where this replay loses writes).',
    reaches: (trace) => trace.some((e) => e.type === 'procedure.loaded' && e.procedure === 'OpenRegionProcedure' && e.state === 'REGION_REMOTE_PROCEDURE_REPORT_SUCCEED' && e.status !== 'SUCCESS'),
  },
  {
    name: 'failover-20416',
    schedules: ['failover-20416.schedule.json'],
    cause:
      'A RegionServer paused past its session expiry read, after the pause, a ZooKeeper reply that had arrived during it, counted ' +
      'that as hearing from ZooKeeper now, and served stale reads from its backlog although its regions were open elsewhere. The ' +
      'read guard (faultline\'s own, HBase has none: planted bug zombie-reads) is a lease, so it now starts at the send time of ' +
      'the newest request ZooKeeper answered.',
    reaches: (trace) => duringPause(trace, (e) => (e.type === 'zk.session.expired' ? e.client : undefined)),
  },
  {
    name: 'failover-300758',
    schedules: ['failover-300758.schedule.json'],
    cause:
      'A RegionServer died between opening a region and its OPENED report being acknowledged, while meta was down: the ' +
      'OpenRegionProcedure\'s REPORT_SUCCEED step waited for its meta write under the region\'s lock, the ServerCrashProcedure ' +
      'of that server queued for the lock, and when the lock passed to it the procedure still looked attached, so the crash went ' +
      'to a procedure that then finished — the region stayed OPEN on the dead server. HBase unattaches the remote procedure from ' +
      'its TRSP inside the locked step (RegionRemoteProcedureBase.execute → unattach), so the SCP then closes the region itself.',
    reaches: (trace) => {
      const reported = new Map<unknown, number>();
      const assigns: number[] = [];
      for (const e of trace) {
        if (e.type === 'procedure.step' && e.state === 'REGION_REMOTE_PROCEDURE_REPORT_SUCCEED') reported.set(e.procId, e.time);
        else if (e.type === 'procedure.step' && e.state === 'SERVER_CRASH_ASSIGN') assigns.push(e.time);
        else if (e.type === 'procedure.finished' && reported.has(e.procId)) {
          const from = reported.get(e.procId) as number;
          if (assigns.some((t) => t > from && t <= e.time)) return true;
        }
      }
      return false;
    },
  },
  {
    name: 'failover-400440',
    // Re-pinned (second time): failover seeds 2 and 3 matched only a loose predicate (any loaded REPORT_SUCCEED) and
    // stayed valid with 3c571df's handler serialisation undone. The predicate now asks for the bug's situation: a close
    // sent for a region the master counts open before its server has taken it online. No failover seed of 1-400 reaches
    // it with the serialisation undone, so the fixture is failover seed 82's schedule with a one-way cut of the masters
    // from the RegionServer (9 s) pinned to its first rs.region.openedBeforeReport of a scratch region: the OPENED report
    // gets through, its acknowledgement does not, and the disable's close arrives first once the cut heals (found by
    // scanning failover 1-150 with that trigger added). With 3c571df's system/ change undone (UnassignRegionHandler and
    // AssignRegionHandler no longer wait for each other, a handler clears any entry) it fails: today's handler drops a
    // close for a region not online, so table scratch is stuck DISABLING; with it, it is valid.
    schedules: ['failover-400440-repin-failover-82-cut-acks-at-open.schedule.json'],
    cause:
      'A master died between persisting a RegionServer\'s OPENED report and acknowledging it; the new master took the region as ' +
      'OPEN there (restoreSucceedState) and a DisableTable sent a close while the RegionServer, still waiting for its ' +
      'acknowledgement, had the region opening. The RegionServer answered CLOSED at once; its open then completed and it served ' +
      'a region of a disabled table. HBase\'s UnassignRegionHandler re-submits a close for a region still opening ' +
      '(regionsInTransitionInRS holds TRUE) until the open is done, and AssignRegionHandler does the same for an open of a ' +
      'region still closing.',
    reaches: closeSentWhileStillOpening,
  },
  {
    name: 'failover-400961',
    schedules: ['failover-400961.schedule.json'],
    cause:
      'A move back to the same server: the master died between persisting the CLOSED report and acknowledging it, so the ' +
      'RegionServer still had the region closing when the new master sent the open; the open replaced the close in transition, ' +
      'the close\'s late acknowledgement then cleared the open\'s entry, and the region was OPEN in meta but served nowhere. ' +
      'HBase\'s AssignRegionHandler waits while the region is closing, and a handler only clears its own entry ' +
      '(regionsInTransitionInRS.remove(name, FALSE)).',
    reaches: loadedReportedRemoteProcedure,
  },
  {
    name: 'failover-502452',
    schedules: ['failover-502452.schedule.json'],
    cause:
      'A master died inside the ServerCrashProcedure\'s ASSIGN_META step, after it had written meta ABNORMALLY_CLOSED (server ' +
      'null in /hbase/meta-region-server) and before its assign child was persisted; the re-run step no longer found meta on the ' +
      'dead server and never reassigned it, so the cluster stayed without meta. HBase\'s assignRegions writes no state: it ' +
      'creates TransitRegionStateProcedure.assign for each region still located on the dead server (isMatchingRegionLocation), ' +
      'persisted with the step, so a re-run finds every region where it was. Pinned: the master\'s procedure-WAL sync ' +
      'failures strike at its first SERVER_CRASH_ASSIGN_META step.',
    reaches: (trace) => trace.some((e) => e.type === 'procedure.loaded' && (e.state === 'SERVER_CRASH_ASSIGN_META' || e.state === 'SERVER_CRASH_ASSIGN') && e.status !== 'SUCCESS'),
  },
  {
    name: 'failover-615334011',
    // Re-pinned (second time): failover seeds 39 and 130 matched only a loose predicate (a moved region CLOSING on an
    // expired server) and stayed valid with d8f4f89's setProcedure undone. The predicate now asks for the bug's
    // situation: an admin move of a region on an expired server submitted, and a ServerCrashProcedure's assign step
    // run before the move's first step. A runSeed scan of failover 1-1400 with setProcedure undone found two seeds
    // that reach it, 571 and 1349; 1349 stays valid there, 571 fails (region 4b021c96 of orders not open anywhere,
    // meta CLOSING on the dead rs-4) and is valid with d8f4f89's system/ change in place.
    schedules: ['failover-615334011-repin-failover-571.schedule.json'],
    cause:
      'An admin move of a region still located on a dead server, submitted while that server\'s ServerCrashProcedure was ' +
      'splitting its WAL: the move only reserved the region until it first ran, so the SCP\'s assign step saw no procedure, ' +
      'made an assign of its own (which then waited behind the move for the region), and the move sent a close to the dead ' +
      'server that no one would ever answer — the region stayed CLOSING. HBase sets the TRSP on the RegionStateNode when it ' +
      'is created (AssignmentManager.createMoveRegionProcedure → regionNode.setProcedure), so the SCP hands the crash to it.',
    reaches: moveSubmittedBeforeScpAssign,
  },
  {
    name: 'failover-615338790',
    schedules: ['failover-615338790.schedule.json'],
    cause:
      'A master paused through its own deposition resumed with a backlog of a RegionServer\'s retried CLOSED reports: the ' +
      'first set REPORT_SUCCEED and went to be persisted, the retries found REPORT_SUCCEED and were acknowledged at once; the ' +
      'persist then failed (its procedure WAL was taken over) and it aborted, while the RegionServer, acknowledged, never ' +
      'reported again — the new master\'s CloseRegionProcedures waited for ever and the table stayed DISABLING. In HBase a ' +
      'retried report waits on the region lock that the first holds across its store update, so it is acknowledged only once ' +
      'the first is durable (RegionRemoteProcedureBase.reportTransition).',
    reaches: (trace) => {
      const resumed = new Set<unknown>();
      for (const e of trace) {
        if (e.type === 'process.resume' && String(e.process).startsWith('master')) resumed.add(e.process);
        else if (e.type === 'master.aborted' && resumed.has(e.process)) return true;
      }
      return false;
    },
  },
  {
    name: 'failover-615341615',
    // Re-pinned (second time): failover seeds 85 and 397 matched only a loose predicate (any failed sync in a store or
    // .tmp directory) and stayed valid with 04d0b10's .tmp commit undone. The predicate now asks for the bug's
    // situation: a flush whose sync fails while writing the name the region's open-time flush committed, in a region
    // with data. No failover seed of 1-1300 reaches it with the .tmp commit undone, so the fixture is failover seed 92's
    // schedule with a sync failure of the RegionServer (3 syncs) pinned to the second rs.closeRegion.received (found by
    // scanning failover 1-120 with that trigger at occurrences 1-4: the only run that reaches it). With 04d0b10's
    // system/ change undone it fails (region 3a73da60 of events closed 100 ms after its open-time flush, the close's
    // flush overwrote that file and failed: linearizability); with it, it is valid.
    schedules: ['failover-615341615-repin-failover-92-sync-failure-at-close.schedule.json'],
    cause:
      'A region reopened with no writes since its open-time flush was closed for a move: the close\'s flush had the same ' +
      'sequence id and so the same store file name, created it with overwrite — deleting the only copy of the region\'s data ' +
      '— and then failed its sync and aborted the server; the region reopened empty (reads of long-acknowledged values ' +
      'returned nothing). HStore flushes into the region\'s .tmp and commits by a rename (HRegionFileSystem.commitStoreFile), ' +
      'so a failed flush never touches a committed file.',
    reaches: flushOfOpenTimeSnapshotFailed,
  },
  {
    name: 'failover-39599577',
    schedules: ['failover-39599577.schedule.json'],
    cause:
      'A RegionServer in a 2 s pause had its session expired by force (as HBase\'s test utilities expire sessions, not by ' +
      'timeout) and its regions reopened elsewhere; on resuming it answered its backlog of reads within the read lease, which ' +
      'assumes expiry by timeout. ZooKeeper closes an expired session\'s connection at once, and the lease now ends with the ' +
      'connection. The guard is faultline\'s own: HBase serves these reads (planted bug zombie-reads).',
    reaches: (trace) => duringPause(trace, (e) => (e.type === 'fault.session-expiry' ? e.target : undefined)),
  },
  {
    name: 'zombie-68649493',
    // Re-pinned after the fidelity merges made the original replay miss: zombie seed 68649493's schedule with a pause
    // of the server pinned to its first rs.region.openedBeforeReport (a trigger), the report already on its way.
    // With f65022f's checker change reverted it fails (double assignment of hbase:meta); valid with it.
    schedules: ['zombie-68649493-pause-at-open.schedule.json'],
    cause:
      'A RegionServer paused just after the master accepted its OPENED report; its session expired, it was fenced and the ' +
      'region reopened elsewhere; on resuming it read the acknowledgement from its backlog and took the region online. The ' +
      'assignment checker counted that as a second holder, but a fenced server can acknowledge no write (its WAL lease is ' +
      'recovered and its WAL directory renamed): the checker, and the report that draws its derivation, now count an open ' +
      'completed after fencing as belief only (checkers/assignment/serving.ts).',
    reaches: (trace) => {
      const fencedServers = new Set<unknown>();
      for (const e of trace) {
        if (e.type === 'master.serverFenced') fencedServers.add(e.server);
        else if (e.type === 'region.opened' && fencedServers.has(e.server)) return true;
      }
      return false;
    },
  },
  {
    name: 'failover-7300093',
    schedules: ['failover-7300093.schedule.json'],
    cause:
      'A new master submitted a ServerCrashProcedure for the dead meta server during its initialisation, before the procedure ' +
      'executor started; start() queued it and so did the completion of its insert, so its SPLIT_META_LOGS step ran twice at ' +
      'once. With lease recovery taking time the two splits overlapped: one\'s delete-then-rename of the recovered edits ' +
      'removed the file the other had just put in place, hbase:meta opened without its edits, and every table was lost. ' +
      'HBase queues a submitted procedure once, after store.insert (ProcedureExecutor.submitProcedure → scheduler.addBack).',
    reaches: (trace) => submittedBeforeInitialized(trace, 'ServerCrashProcedure'),
  },
  {
    name: 'failover-9102132',
    // Re-pinned after the merges shifted timing: failover seeds 150 and 231 (swarm) reach it; the exposing run is kept.
    // Reaches only, not shown to fail: with 34677ba's give-up undone (the dispatch step finishing only when a
    // dispatch failure was known before it dispatched) all three stay valid, and the exposing run no longer reaches
    // even this predicate. A tighter one (OPENING on a server whose ServerCrashProcedure had already finished) matches
    // the exposing run on the code before 34677ba (where it fails), but no run of failover 1-800 or scp-race 1-400
    // reaches it with the give-up undone, and none of these fixtures does.
    schedules: ['failover-9102132.schedule.json', 'failover-9102132-repin-failover-150.schedule.json', 'failover-9102132-repin-failover-231.schedule.json'],
    cause:
      'A TransitRegionStateProcedure chose a RegionServer that had crashed but was not yet expired, then waited for meta ' +
      '(its server had crashed too); by the time it marked the region OPENING there, the server was expired and its ' +
      'ServerCrashProcedure done. The dispatcher answered the OpenRegionProcedure "server dead" at once, inside its ' +
      'dispatch step, so the wake-up came before the step suspended and was lost: the region stayed OPENING on a dead ' +
      'server for good (across a master restart too). HBase\'s RegionRemoteProcedureBase.execute gives up at once when ' +
      'addOperationToNode throws FailedRemoteDispatchException, and the parent re-plans; so does the model now.',
    reaches: (trace) => {
      const expired = new Set<unknown>();
      for (const e of trace) {
        if (e.type === 'master.expireServer') expired.add(e.server);
        else if (e.type === 'am.transition' && e.state === 'OPENING' && expired.has(e.server)) return true;
      }
      return false;
    },
  },
  {
    name: 'failover-8200241',
    // Re-pinned after the merges shifted timing: failover seed 70 (swarm) reaches it; the exposing run is kept.
    // Reaches only, not shown to fail: with 2ee4119's close give-up undone (a close refused at dispatch waits for the
    // SCP again) both stay valid, and the exposing run no longer reaches even this predicate. A tighter one (a new
    // master loads a close still dispatching after its region was closed abnormally while that close was in flight)
    // matches the exposing run on the code before 2ee4119 (where it fails), but no run of failover 1-800 or scp-race
    // 1-400 reaches it with the give-up undone, nor failover 1-80 with the close's target crashed as a close arrives
    // (occurrences 1-3) and the master's procedure-store syncs failing from SERVER_CRASH_ASSIGN (the master aborted
    // before the abnormal close reached meta).
    schedules: ['failover-8200241.schedule.json', 'failover-8200241-repin-failover-70.schedule.json'],
    cause:
      'A move\'s close was waiting on a dead server when the ServerCrashProcedure closed the region abnormally (hbase:meta written) ' +
      'and interrupted the close; the master aborted on a procedure-store sync failure before that interruption was persisted. ' +
      'The next master loaded the close still dispatching to the dead server and the SCP past the region (no longer located there, ' +
      'HBASE-23594\'s check), so the close waited for an interruption that never came and the region stayed ABNORMALLY_CLOSED. ' +
      'RegionRemoteProcedureBase.execute gives up on FailedRemoteDispatchException (the target is not online when the request is ' +
      'added) for closes as for opens, and the parent TRSP decides: ABNORMALLY_CLOSED is reassigned, CLOSING is closed again.',
    reaches: (trace) => {
      const close = trace.some((e) => e.type === 'procedure.loaded' && e.procedure === 'CloseRegionProcedure' && e.state === 'REGION_REMOTE_PROCEDURE_DISPATCH' && e.status !== 'SUCCESS');
      const scp = trace.some((e) => e.type === 'procedure.loaded' && e.procedure === 'ServerCrashProcedure' && e.state === 'SERVER_CRASH_ASSIGN' && e.status !== 'SUCCESS');
      return close && scp;
    },
  },
  {
    name: 'failover-101258692',
    schedules: ['failover-101258692.schedule.json'],
    cause:
      'An open was reported and its meta write stalled (meta cut off from the master) while its target died; once the write ' +
      'landed, the OpenRegionProcedure unattached and released the region lock, and the target\'s ServerCrashProcedure, queued ' +
      'on that lock, closed the region abnormally before the executor persisted the open\'s end — then the procedure store\'s ' +
      'syncs failed and the master aborted. The next master loaded the open at REPORT_SUCCEED over meta\'s ABNORMALLY_CLOSED, ' +
      'and restoreSucceedState\'s transition to OPEN threw (HBase: RegionRemoteProcedureBase.stateLoaded turns it into an ' +
      'AssertionError, and every master after aborts in its initialization). HBase has no fix; the model leaves such a node ' +
      'ABNORMALLY_CLOSED, and the parent TRSP re-plans (planted bug restore-opened-over-abnormally-closed is HBase as it is).',
    reaches: (trace) => loadedReportedOpenOverAbnormallyClosed(trace),
    revertedBy: 'restore-opened-over-abnormally-closed',
  },
  {
    name: 'failover-1193',
    // The exposing run's own schedule (failover seed 1193 at a1afcc3), replayed: it fails on the code before the fix.
    // Replayed with deposed-master-writes-meta on: the lease the model now holds meta puts under (failover-52000389)
    // stops a deposed master's retries too, so without it this situation is no longer reached; the cell timestamps
    // are shown to hold on their own.
    schedules: ['failover-1193.schedule.json'],
    cause:
      'A master cut off from ZooKeeper kept working while a backup took over; its put of a region\'s OPEN location, stalled while ' +
      'meta was unreachable and retried, reached meta after the new master had reassigned the region and written its new ' +
      'location, and overwrote it — meta named a dead server while another served the region. HBase\'s RegionStateStore builds ' +
      'each meta Put with the master\'s clock as the cell timestamp (updateUserRegionLocation: new Put(row, time)), and a read ' +
      'returns the newest version, so such a late put is an older version nobody sees (unless the old master\'s clock runs ahead).',
    reaches: (trace) => latePutOfDeposedMaster(trace),
  },
  {
    name: 'failover-41000145',
    // The exposing run's own schedule (found with a 36 s fault phase in failover), replayed as recorded.
    schedules: ['failover-41000145.schedule.json'],
    cause:
      'The active master\'s clock was skewed 2.3 s ahead when a move wrote OPENING to meta; at the quiet phase the skew ended ' +
      '(the clock stepped back) and the OPEN put 60 ms later carried an older timestamp than OPENING, so meta kept OPENING ' +
      'while the region was open. HBase stamps meta Puts with the wall clock as it is (RegionStateStore); the model never ' +
      'stamps below the newest timestamp it wrote or loaded (planted bug meta-put-wall-clock is HBase as it is).',
    reaches: (trace) => masterClockSteppedBackBetweenMetaWrites(trace),
    revertedBy: 'meta-put-wall-clock',
  },
  {
    name: 'failover-52000156',
    schedules: ['failover-52000156.schedule.json'],
    cause:
      'The BalancerChore moved a region 83 ms before the final snapshot, which found it CLOSED in meta and open nowhere: a move ' +
      'in flight, not a stuck region. The end of a run now waits (up to 10 s) while meta shows a region or table in transition, ' +
      'as HBaseTestingUtility.waitUntilNoRegionsInTransition does before a test checks the cluster.',
    // The snapshot came later than the scenario's end (quiet phase + final reads) because a region was in transition then;
    // without the wait this replay fails the assignment checker (meta CLOSED, region open nowhere).
    reaches: (trace) => {
      const quiet = trace.find((e) => e.type === 'fault.quiet');
      const final = trace.find((e) => e.type === 'cluster.final');
      return quiet !== undefined && final !== undefined && final.time - quiet.time > 20_000;
    },
  },
  {
    name: 'failover-52000389',
    // The exposing run's own schedule (failover seed 52000389, 36 s fault phase), replayed as recorded.
    schedules: ['failover-52000389.schedule.json'],
    cause:
      'The active master was paused 9.3 s, past its ZooKeeper session; it woke inside a TransitRegionStateProcedure\'s open ' +
      'step and wrote OPENING to meta 8 ms before the expiry event reached it and it aborted. Its successor had already opened ' +
      'the region and never wrote that row again, so meta said OPENING while the region was served. HBase fences a deposed ' +
      'master\'s procedure store (lease recovery) and, since HBASE-28690, RegionServer reports to it, but not its meta puts ' +
      '(TRSP.openRegion → AssignmentManager.regionOpening → RegionStateStore). The model holds a meta put until ZooKeeper has ' +
      'confirmed the session within two thirds of its timeout (planted bug deposed-master-writes-meta is HBase as it is).',
    reaches: (trace) => deposedMasterRunsOpenStep(trace),
    revertedBy: 'deposed-master-writes-meta',
  },
  {
    name: 'zk-failover-7082',
    // The exposing run's own schedule (failover seed 7082 with --assignment zk), replayed as recorded.
    schedules: ['zk-failover-7082.schedule.json'],
    cause:
      'ZooKeeper era: a region whose last OPEN host had died failed to open on another server (RS_ZK_REGION_FAILED_OPEN) ' +
      'while the dead host\'s ServerShutdownHandler waited for meta. AssignmentManager.handleRegion\'s re-assign skipped it ' +
      '(wasRegionOnDeadServer), and the handler then skipped it as in transition on another server: nobody assigned it. ' +
      'The model\'s handler assigns a region left CLOSED or OFFLINE whose last host was its server (safer than HBase 1.x).',
    reaches: (trace) => failedOpenWhileLastHostUnprocessed(trace),
  },
  {
    name: 'zk-failover-27381722',
    // The exposing run's own schedule (failover seed 27381722 with --assignment zk), replayed as recorded.
    schedules: ['zk-failover-27381722.schedule.json'],
    cause:
      'ZooKeeper era: ZooKeeper\'s reply to a RegionServer\'s OPENING→OPENED write was lost; the master handled OPENED and deleted ' +
      'the znode while the RegionServer still waited on its write. A move then sent a close, which cancelled the open in progress ' +
      '(NotServingRegionException "was opening but not yet served"); the master took the region offline and nobody assigned it. ' +
      'AssignmentManager.unassign(region, force, dest) assigns a region its close left offline ("Region is expected to be ' +
      'reassigned afterwards"), and OpenRegionHandler\'s transitionToOpened aborts the server when the znode disappeared ' +
      '(HBASE-9387) even if the open was cancelled meanwhile.',
    reaches: (trace) => closeAnsweredNotServingOnLiveServer(trace),
  },
  {
    name: 'zk-failover-75966636',
    // The exposing run's own schedule (failover seed 75966636 with --assignment zk), replayed as recorded.
    schedules: ['zk-failover-75966636.schedule.json'],
    cause:
      'ZooKeeper era: a balancer move\'s close cancelled an open whose OPENED reply ZooKeeper had lost, and the NotServingRegion ' +
      'answer was lost too (the RegionServer cut off from the master); the master re-sent the close, the RegionServer acknowledged ' +
      'it as a close already under way, and the master waited for a CLOSED that never came. In 1.1 a second close of a region being ' +
      'closed is refused with RegionAlreadyInTransitionException (HRegionServer.closeRegion), the master re-sends it every 100 ms for ' +
      'up to hbase.assignment.already.intransition.waittime (AssignmentManager.unassign), and the open handler\'s finally clears ' +
      'the cancelled mark, so a later close is answered NotServingRegion and the region reassigned.',
    reaches: (trace) => closeAnsweredNotServingOnLiveServer(trace),
  },
  {
    name: 'zk-failover-8000',
    // The exposing run's own schedule (failover seed 8000 with --assignment zk), replayed as recorded.
    schedules: ['zk-failover-8000.schedule.json'],
    cause:
      'ZooKeeper era: the active master set a table ENABLING in its /hbase/table znode, then was paused past its session before ' +
      'it wrote the state to meta\'s mirror. The new master read table states from meta (DISABLED), so nobody finished the ' +
      'enable and the table stayed ENABLING. HBase 1.1\'s master reads ZKTableStateManager\'s znodes ' +
      '(populateTableStates) and recoverTableInEnablingState finishes the table; the model does the same now, and writes the ' +
      'mirror (which 1.1 has not) only under the session lease.',
    reaches: (trace) => tableInStateAtFailover(trace, ['ENABLING', 'DISABLING']),
  },
  {
    name: 'zk-failover-8887',
    // The exposing run's own schedule (failover seed 8887 with --assignment zk), replayed as recorded.
    schedules: ['zk-failover-8887.schedule.json'],
    cause:
      'ZooKeeper era: a master became active while partitioned from HDFS; its listing of the WAL directories failed and was ' +
      'taken for an empty list, so the dead meta host was not a failed server and meta was assigned without its meta WAL ' +
      'split: every table row lost. HBase 1.1\'s MasterFileSystem.getFailedServersFromLogFolders retries the listing ' +
      '(hbase.hlog.split.skip.errors false); 2.x aborts the master on the IOException. The model does each.',
    reaches: (trace) => masterCutFromHdfsWhileStarting(trace),
  },
  {
    name: 'zk-failover-20389',
    // The exposing run's own schedule (failover seed 20389 with --assignment zk), replayed as recorded.
    // Re-pinned after distributed log splitting moved the timing: failover seed 6 with --assignment zk reaches it too.
    schedules: ['zk-failover-20389.schedule.json', 'zk-failover-20389.repin-6.schedule.json'],
    cause:
      'ZooKeeper era, after the fix for zk-failover-8000: the master set a table DISABLED in its znode and crashed before ' +
      'meta\'s mirror followed; the new master read DISABLED from ZooKeeper, had nothing to finish, and the mirror said ' +
      'DISABLING for ever. A new master now rewrites a mirror that differs from the znode (the mirror is the model\'s; ' +
      '1.1 keeps table states in ZooKeeper only).',
    reaches: (trace) => tableWriterDiedSoonAfter(trace),
  },
  {
    name: 'zk-assign-4',
    // The exposing run's own schedule (zk-assign seed 4), replayed as recorded.
    schedules: ['zk-assign-4.schedule.json'],
    cause:
      'ZooKeeper era: a balancer move closed a region on one server and sent it to another, which died while OPENING it; the ' +
      'first server died too, before its handler ran. The dying target\'s ServerShutdownHandler skipped the region ' +
      '(wasRegionOnDeadServer: its last OPEN host dead and unprocessed), and that host\'s handler did not list it (meta named ' +
      'the target): nobody assigned it. In 1.1 the region\'s CLOSED on that host cleared its last assignment ' +
      '(RegionStates.updateRegionState: closed properly, no log split to wait for); the model\'s RegionStates does the same now.',
    reaches: (trace) => openingOnDyingServerWhosePreviousHostDied(trace),
  },
  {
    name: 'zk-failover-30182',
    // The exposing run's own schedule (failover seed 30182 with --assignment zk), replayed as recorded.
    // Re-pinned after distributed log splitting moved the timing: failover seed 46 with --assignment zk reaches it too.
    schedules: ['zk-failover-30182.schedule.json', 'zk-failover-30182.repin-46.schedule.json'],
    cause:
      'ZooKeeper era: a table disabled (its regions closed; meta keeps each region\'s last info:server), then an enable ' +
      'begun when the master failed over. The new master took the ENABLING table\'s regions for open on the live servers ' +
      'meta named, so its enable recovery found nothing to assign and the table ENABLED with its regions served nowhere. ' +
      '1.1\'s rebuildUserRegions puts no region of an ENABLING table online; the EnableTableHandler assigns them (a server ' +
      'that has one answers ALREADY_OPENED). The model does the same now.',
    reaches: (trace) => tableInStateAtFailover(trace, ['ENABLING']),
  },
  {
    name: 'zk-failover-40509',
    // The exposing run's own schedule (failover seed 40509 with --assignment zk), replayed as recorded.
    schedules: ['zk-failover-40509.schedule.json'],
    cause:
      'ZooKeeper era, after the fix for zk-failover-30182: a region of an ENABLING table was open on a live server the new ' +
      'master had not yet heard a report from; the retained plan was dropped as unassignable and the enable recovery ' +
      'opened the region on another server — open on two. A retained assignment now goes to its server while it is ' +
      'online, reported or not, and a server that has the region answers ALREADY_OPENED.',
    reaches: (trace) => tableInStateAtFailover(trace, ['ENABLING']),
  },
  {
    name: 'zk-failover-31318',
    // The exposing run's own schedule (failover seed 31318 with --assignment zk), replayed as recorded.
    schedules: ['zk-failover-31318.schedule.json'],
    cause:
      'ZooKeeper era: two ServerShutdownHandlers ran at the same moment, both listing a region. The first assigned it; the ' +
      'second took it for a region left to it after a failed open and forced a second assign to the same server, whose ' +
      'znode write beat the first open: the RegionServer lost its OFFLINE→OPENING compare-and-set for the first open and ' +
      'ignored the second as one it was already opening. A handler no longer forces an assign on a region whose assign ' +
      'is under way (OFFLINE in transition); 1.1 holds the region\'s lock for the whole assign.',
    reaches: (trace) => sameRegionOfflinedTwiceAtOnce(trace),
  },
  {
    name: 'zk-opened-during-failover',
    // The exposing runs' own schedules (zk-assign seed 1128; failover seed 41146 with --assignment zk), replayed as recorded.
    schedules: ['zk-assign-1128.schedule.json', 'zk-failover-41146.schedule.json'],
    cause:
      'ZooKeeper era: a RegionServer finished an open the dead master had sent (RS_ZK_REGION_OPENED) while the new master was ' +
      'joining the cluster. A data watch set on the znode before joinCluster reached it made handleRegion run first: the ' +
      'region, offline after the rebuild, was not PENDING_OPEN there, so the OPENED was closed as a stray; then ' +
      'processRegionInTransition took the same OPENED for open. The region was served nowhere while the master had it OPEN. ' +
      '1.1\'s handleRegion does not wait for the failover processing either; the model ignores events for regions not in ' +
      'transition until failoverCleanupDone (processRegionInTransition re-reads the znode), which is safer than 1.1.',
    reaches: (trace) => openedBetweenActiveAndJoin(trace),
  },
  {
    name: 'zk-failover-60328',
    // The exposing run's own schedule (failover seed 60328 with --assignment zk), replayed as recorded.
    // Re-pinned after distributed log splitting moved the timing: failover seed 4 with --assignment zk reaches it too.
    schedules: ['zk-failover-60328.schedule.json', 'zk-failover-60328.repin-4.schedule.json'],
    cause:
      'ZooKeeper era: the meta server died while a new master started; its znode still lived when the master listed the WAL ' +
      'directories, so it was not a failed server, and by the time the master assigned meta it was gone: meta was assigned ' +
      'without its meta WAL split, and the rows written since the last flush were lost (a double assignment followed). ' +
      '1.1\'s HMaster.assignMeta splits the meta log of an unverified meta location before assigning it, failed or not; ' +
      'the model does the same now.',
    reaches: (trace) => metaServerDiedWhileMasterStarted(trace),
  },
  {
    name: 'zk-failover-100085',
    // The exposing run's own schedule (failover seed 100085 with --assignment zk), replayed as recorded.
    schedules: ['zk-failover-100085.schedule.json', 'zk-failover-100085.repin-1.schedule.json'],
    cause:
      'ZooKeeper era, distributed log splitting: a split task was resubmitted while its first worker hung; the second worker ' +
      'finished the region\'s recovered edits, then the first woke, deleted that finished file to rename its own over it, and ' +
      'died in between: the region reopened without its edits. WALSplitter keeps the final file when one exists ' +
      '(deleteOneWithFewerEntries: the one whose first edit is older stays, the other is deleted); the model does the ' +
      'same now, for the master\'s own split too.',
    reaches: (trace) => twoSplittersOfOneRecoveredEditsFile(trace),
  },
  {
    name: 'zk-failover-100755',
    // The exposing run's own schedule (failover seed 100755 with --assignment zk), replayed as recorded.
    schedules: ['zk-failover-100755.schedule.json'],
    cause:
      'ZooKeeper era: a move of a region still OPEN on a dead server (its handler not yet through) took the region offline by ' +
      'deleting its znode; the delete landed after the handler had assigned the region anew, removing the new OFFLINE znode ' +
      'and the region with it. 1.1 holds the region\'s lock through unassign and deletes only a CLOSING or CLOSED znode ' +
      '(deleteClosingOrClosedNode); the model does both now (a superseded unassign leaves the region alone).',
    reaches: (trace) => moveOfRegionOnDeadServer(trace),
  },
  {
    name: 'zk-failover-103797',
    // The exposing run's own schedule (failover seed 103797 with --assignment zk), replayed as recorded.
    schedules: ['zk-failover-103797.schedule.json'],
    cause:
      'ZooKeeper era: a ServerShutdownHandler took a region PENDING_OPEN on its dead server offline and deleted its znode, and ' +
      'the master died before re-assigning it. The next master found no znode and took meta\'s info:server — the server ' +
      'the region had been moved off, still alive — for its home: OPEN in the master\'s view, open nowhere. 1.1\'s ' +
      'RegionStates.serverOffline deletes no znode of a region opening on the dead server (only a splitting or merging ' +
      'one\'s); the model keeps it too, for the next master\'s processRegionInTransition.',
    reaches: (trace) => masterDiedJustAfterLogSplit(trace),
  },
  {
    name: 'zk-failover-200821',
    // The exposing run's own schedule (failover seed 200821 with --assignment zk), replayed as recorded.
    schedules: ['zk-failover-200821.schedule.json'],
    cause:
      'ZooKeeper era: a move was retried by the admin client while the master\'s first unassign still waited for its CLOSING ' +
      'znode; the second unassign also found the region open and, once the region had moved, created a CLOSING znode for ' +
      'its old server. The master aborted on the next move; its successor closed the region on the old server (not ' +
      'serving it) and opened it elsewhere while the new server still served it. 1.1 holds the region\'s lock while the ' +
      'CLOSING znode is created; the model turns the second unassign away as in transition.',
    reaches: (trace) => moveOutlastedItsRpcTimeout(trace),
  },
  {
    name: 'failover-1924861',
    // The exposing run's own schedule (failover seed 1924861), replayed as recorded.
    schedules: ['failover-1924861.schedule.json'],
    cause:
      'A master rolled its procedure WAL after failed syncs while every procedure had finished: the new log held no record, the ' +
      'old one was deleted, and the next master started procIds again at 1. Its balancer move\'s OpenRegionProcedure took a ' +
      'procId the RegionServer had run before, which it skips as a re-sent open (HBASE-22404): the region stayed OPENING. HBase ' +
      'never forgets the highest procId (RegionProcedureStore.serializeDelete keeps its row, emptied); the model\'s rolled log ' +
      'keeps the record of the highest procId even once it finished.',
    reaches: (trace) => procedureStoreTakenOverAfterAllFinished(trace),
  },
];

/**
 * A master took over a procedure store left with at most one procedure (every one finished, the logs rolled and
 * cleaned), after another master had run procedures: where procIds could start again.
 */
function procedureStoreTakenOverAfterAllFinished(trace: readonly TraceEvent[]): boolean {
  const ran = new Map<string, number>();
  for (const e of trace) {
    if (e.type === 'procedure.step') ran.set(e.master ?? '', Math.max(ran.get(e.master ?? '') ?? 0, e.procId));
    if (e.type === 'master.procedures.loaded' && e.procedures <= 1 && [...ran].some(([master, procId]) => master !== e.server && procId > 1)) return true;
  }
  return false;
}

/**
 * A master became active while the process hosting meta was down but its ZooKeeper session still lived, and that
 * session expired before the master joined the cluster.
 */
function metaServerDiedWhileMasterStarted(trace: readonly TraceEvent[]): boolean {
  let metaHost: string | null = null;
  let metaHostDown = false;
  let starting = false;
  for (const e of trace) {
    if (e.type === 'region.opened' && e.region === '1588230740') {
      metaHost = processOfServer(e.server);
      metaHostDown = false;
    } else if ((e.type === 'process.exit' || e.type === 'process.crash') && e.process === metaHost) metaHostDown = true;
    else if (e.type === 'master.active') starting = metaHostDown;
    else if (e.type === 'master.joinCluster') starting = false;
    else if (starting && e.type === 'zk.session.expired' && e.client === metaHost) return true;
  }
  return false;
}

/** A RegionServer wrote RS_ZK_REGION_OPENED after a master became active and before it joined the cluster. */
function openedBetweenActiveAndJoin(trace: readonly TraceEvent[]): boolean {
  let starting = false;
  for (const e of trace) {
    if (e.type === 'master.active') starting = true;
    else if (e.type === 'master.joinCluster') starting = false;
    else if (starting && e.type === 'zk.znode.changed' && (e.data as { eventType?: string } | undefined)?.eventType === 'RS_ZK_REGION_OPENED') return true;
  }
  return false;
}

/** Two handlers took the same region offline in the same millisecond (the second SSH's processServerShutdown). */
function sameRegionOfflinedTwiceAtOnce(trace: readonly TraceEvent[]): boolean {
  let last: { region: string; time: number } | null = null;
  for (const e of trace) {
    if (e.type !== 'am.transition' || e.state !== 'OFFLINE' || e.server !== null) continue;
    if (last !== null && last.region === e.region && last.time === e.time) return true;
    last = { region: e.region, time: e.time };
  }
  return false;
}

/**
 * A region was OPENING on a server that crashed, while the server it had last been open on was dead as well (crashed
 * after the region left it, before the target's crash was processed).
 */
function openingOnDyingServerWhosePreviousHostDied(trace: readonly TraceEvent[]): boolean {
  const lastHost = new Map<string, string>();
  const openingOn = new Map<string, string>();
  /** Regions whose OPENING target crashed, with the time it did. */
  const targetCrashed = new Map<string, number>();
  for (const e of trace) {
    if (e.type === 'region.opened') lastHost.set(e.region, processOfServer(e.server));
    else if (e.type === 'am.transition' && e.state === 'OPENING' && e.server !== null) openingOn.set(e.region, processOfServer(String(e.server)));
    else if (e.type === 'am.transition') openingOn.delete(e.region);
    else if (e.type === 'process.crash') {
      for (const [region, t] of targetCrashed) if (lastHost.get(region) === e.process && e.time - t < 5_000) return true;
      for (const [region, target] of openingOn) if (target === e.process && lastHost.get(region) !== target) targetCrashed.set(region, e.time);
    }
  }
  return false;
}

/** The master that last changed a table's znode crashed within 1 s of that change, before any later table change. */
function tableWriterDiedSoonAfter(trace: readonly TraceEvent[]): boolean {
  const sessionOwner = new Map<number, string>();
  let last: { process: string; time: number } | null = null;
  for (const e of trace) {
    if (e.type === 'zk.session.open') sessionOwner.set(e.session, e.client);
    else if ((e.type === 'zk.znode.changed' || e.type === 'zk.znode.created') && e.path.startsWith('/hbase/table/')) last = { process: sessionOwner.get(e.session) ?? '', time: e.time };
    else if (e.type === 'process.crash' && last !== null && e.process === last.process && e.time - last.time < 1_000) return true;
  }
  return false;
}

/** A master joined the cluster as a failover while some table's /hbase/table znode said one of `states`. */
function tableInStateAtFailover(trace: readonly TraceEvent[], states: readonly string[]): boolean {
  const tableState = new Map<string, string>();
  for (const e of trace) {
    if ((e.type === 'zk.znode.changed' || e.type === 'zk.znode.created') && e.path.startsWith('/hbase/table/')) tableState.set(e.path, String((e.data as { state?: string } | undefined)?.state));
    else if (e.type === 'master.joinCluster' && e.failover && [...tableState.values()].some((s) => states.includes(s))) return true;
  }
  return false;
}

/** A master that had become active was partitioned from HDFS before it joined the cluster. */
function masterCutFromHdfsWhileStarting(trace: readonly TraceEvent[]): boolean {
  const starting = new Set<string>();
  for (const e of trace) {
    if (e.type === 'master.active') starting.add(String(e.process));
    else if (e.type === 'master.joinCluster') starting.delete(processOfServer(String(e.server)));
    else if (e.type === 'fault.partition') {
      const groups = (e.target as { groups: string[][] }).groups;
      const apart = (p: string) => {
        const own = groups.find((g) => g.includes(p));
        const hdfs = groups.find((g) => g.includes('hdfs'));
        return own !== undefined && hdfs !== undefined && own !== hdfs;
      };
      if ([...starting].some(apart)) return true;
    }
  }
  return false;
}

/** The active master's clock skew ended (stepped back) within 3 s after it wrote a region's OPENING to meta. */
function masterClockSteppedBackBetweenMetaWrites(trace: readonly TraceEvent[]): boolean {
  const skewed = new Set<unknown>();
  let lastOpening = -Infinity;
  for (const e of trace) {
    if (e.type === 'fault.clock-skew' && typeof e.target === 'string' && e.target.startsWith('master') && (e.skewMs as number) > 0) skewed.add(e.target);
    else if (e.type === 'am.transition' && e.state === 'OPENING') lastOpening = e.time;
    else if (e.type === 'fault.clock-skew.end' && skewed.has(e.target) && e.time - lastOpening < 3_000) return true;
  }
  return false;
}

/**
 * A master lost its procedure store to another that had become active meanwhile, after the meta region had been
 * cut off from the masters: the deposed master's meta writes were in flight while the new master wrote its own.
 */
/** A FAILED_OPEN znode for a region whose last OPEN host had crashed and was not yet fenced (its handler not yet run). */
function failedOpenWhileLastHostUnprocessed(trace: readonly TraceEvent[]): boolean {
  const lastHost = new Map<string, string>();
  const crashed = new Set<string>();
  const suspects: string[] = [];
  for (const e of trace) {
    if (e.type === 'region.opened') lastHost.set(e.region, e.server);
    else if (e.type === 'process.crash') {
      for (const server of lastHost.values()) if (processOfServer(server) === e.process) crashed.add(server);
    } else if (e.type === 'master.serverFenced' && suspects.includes(String(e.server))) return true;
    else if (e.type === 'zk.znode.changed' && (e.data as { eventType?: string } | undefined)?.eventType === 'RS_ZK_REGION_FAILED_OPEN') {
      const region = String((e.data as { regionName?: string }).regionName);
      const host = lastHost.get(region);
      if (host !== undefined && crashed.has(host)) suspects.push(host);
    }
  }
  return false;
}

/** A master whose ZooKeeper session had expired (it was paused past it) runs a TRSP's open step, which writes meta. */
function deposedMasterRunsOpenStep(trace: readonly TraceEvent[]): boolean {
  const expired = new Set<string>();
  for (const e of trace) {
    if (e.type === 'zk.session.expired') expired.add(String(e.client));
    else if (e.type === 'master.aborted' || e.type === 'process.exit' || e.type === 'process.crash') expired.delete(String(e.process));
    else if (e.type === 'procedure.step' && e.procedure === 'TransitRegionStateProcedure' && e.state === 'REGION_STATE_TRANSITION_OPEN' && expired.has(processOfServer(String(e.master)))) return true;
  }
  return false;
}

function latePutOfDeposedMaster(trace: readonly TraceEvent[]): boolean {
  const active = new Set<unknown>();
  let metaCut = false;
  for (const e of trace) {
    if (e.type === 'master.active') active.add(e.process);
    else if (e.type === 'fault.partition' && e.roles !== undefined && 'role:meta-rs' in (e.roles as Record<string, unknown>)) metaCut = true;
    else if (e.type === 'procstore.aborted' && metaCut && active.size > 1 && e.reason.startsWith('another master wrote')) return true;
  }
  return false;
}

/**
 * A master loaded an open at REPORT_SUCCEED while some region's last transition was from OPEN straight to
 * ABNORMALLY_CLOSED (the crash handled after the open's report, with no re-plan between).
 */
function loadedReportedOpenOverAbnormallyClosed(trace: readonly TraceEvent[]): boolean {
  const lastState = new Map<string, string>();
  const closedAfterOpen = new Set<string>();
  for (const e of trace) {
    if (e.type === 'am.transition') {
      if (e.state === 'ABNORMALLY_CLOSED' && lastState.get(e.region) === 'OPEN') closedAfterOpen.add(e.region);
      else closedAfterOpen.delete(e.region);
      lastState.set(e.region, e.state);
    } else if (e.type === 'procedure.loaded' && e.procedure === 'OpenRegionProcedure' && e.state === 'REGION_REMOTE_PROCEDURE_REPORT_SUCCEED' && e.status !== 'SUCCESS') {
      if (closedAfterOpen.size > 0) return true;
    }
  }
  return false;
}

/** True when some event names (through `processOf`) a process that a pause fault holds at that moment. */
function duringPause(trace: readonly TraceEvent[], processOf: (e: TraceEvent) => unknown): boolean {
  const paused = new Set<unknown>();
  for (const e of trace) {
    if (e.type === 'fault.pause') paused.add(e.target);
    else if (e.type === 'fault.pause.end') paused.delete(e.target);
    else if (paused.has(processOf(e))) return true;
  }
  return false;
}

/** Some master submitted a procedure of this type after it became active and before it finished initialising. */
function submittedBeforeInitialized(trace: readonly TraceEvent[], procedure: string): boolean {
  const initializing = new Set<unknown>();
  for (const e of trace) {
    if (e.type === 'master.active') initializing.add(e.server);
    else if (e.type === 'master.initialized') initializing.delete(e.server);
    else if (e.type === 'procedure.submitted' && e.procedure === procedure && initializing.has(e.master)) return true;
  }
  return false;
}

/** A new master loaded an open or close whose report the old master had persisted (and maybe not acknowledged). */
function loadedReportedRemoteProcedure(trace: readonly TraceEvent[]): boolean {
  return trace.some((e) => e.type === 'procedure.loaded' && e.state === 'REGION_REMOTE_PROCEDURE_REPORT_SUCCEED' && e.status !== 'SUCCESS');
}


/**
 * A TransitRegionStateProcedure at its first state (a move or balancer plan, submitted or loaded) had not run when a
 * DisableTableProcedure on the same master marked its table's regions offline, and still had not when the disable
 * went on to DISABLE_TABLE_SET_DISABLED_TABLE_STATE: it waited for the table lock the disable held (a root TRSP holds
 * it from its first step on), while its region was taken by it — the situation of failover-7000157.
 */
function moveWaitingBehindDisable(trace: readonly TraceEvent[]): boolean {
  const trsp = 'TransitRegionStateProcedure';
  const notRun = new Map<unknown, Set<unknown>>();
  const atMark = new Map<string, Set<unknown>>();
  const of = (master: unknown) => notRun.get(master) ?? notRun.set(master, new Set()).get(master)!;
  for (const e of trace) {
    if (e.type === 'procedure.submitted' || (e.type === 'procedure.loaded' && e.status !== 'SUCCESS' && e.status !== 'FAILED')) {
      if (e.procedure === trsp && e.state === 'REGION_STATE_TRANSITION_CLOSE') of(e.master).add(e.procId);
    } else if (e.type === 'procedure.step' && e.procedure === trsp) of(e.master).delete(e.procId);
    else if (e.type === 'procedure.step' && e.procedure === 'DisableTableProcedure') {
      const key = `${String(e.master)}/${String(e.procId)}`;
      if (e.state === 'DISABLE_TABLE_MARK_REGIONS_OFFLINE') atMark.set(key, new Set(of(e.master)));
      else if (e.state === 'DISABLE_TABLE_SET_DISABLED_TABLE_STATE' && [...(atMark.get(key) ?? [])].some((id) => of(e.master).has(id))) return true;
    }
  }
  return false;
}

/**
 * The master counted a region open on a server (it took the OPENED report) and sent that server a close for it
 * before the server had taken it online — the close arrives while the open is still in transition there, the
 * situation of failover-400440.
 */
function closeSentWhileStillOpening(trace: readonly TraceEvent[]): boolean {
  const acceptedNotServing = new Set<string>();
  const closedEarly = new Set<string>();
  for (const e of trace) {
    if (e.type === 'am.transition' && e.server !== null) {
      const key = `${e.region}@${e.server}`;
      if (e.state === 'OPEN') acceptedNotServing.add(key);
      else if (e.state === 'CLOSING' && acceptedNotServing.has(key)) closedEarly.add(key);
    } else if (e.type === 'region.opened') {
      const key = `${e.region}@${e.server}`;
      if (closedEarly.has(key)) return true;
      acceptedNotServing.delete(key);
    }
  }
  return false;
}

/**
 * An admin move of a region located on an expired server was submitted, and a ServerCrashProcedure's assign step
 * ran before the move's first step: the SCP judged the region while the move held it only by submission — the
 * situation of failover-615334011.
 */
function moveSubmittedBeforeScpAssign(trace: readonly TraceEvent[]): boolean {
  const expired = new Set<unknown>();
  const location = new Map<unknown, unknown>();
  let invoked: unknown = null;
  const notRun = new Set<unknown>();
  for (const e of trace) {
    if (e.type === 'master.expireServer') expired.add(e.server);
    else if (e.type === 'am.transition') location.set(e.region, e.server);
    else if (e.type === 'admin.invoke' && e.op === 'move') invoked = expired.has(location.get(e.region)) ? e.region : null;
    else if (e.type === 'admin.complete' && e.op === 'move') invoked = null;
    else if (e.type === 'procedure.submitted' && e.procedure === 'TransitRegionStateProcedure' && invoked !== null) {
      notRun.add(e.procId);
      invoked = null;
    } else if (e.type === 'procedure.step' && e.procedure === 'TransitRegionStateProcedure') notRun.delete(e.procId);
    else if (e.type === 'procedure.step' && e.state === 'SERVER_CRASH_ASSIGN' && notRun.size > 0) return true;
  }
  return false;
}

/**
 * A flush failed its sync while writing a store file whose name (its snapshot's sequence id) the region's open-time
 * flush (of replayed recovered edits) had already committed — nothing was written since the open — whether written in
 * place or under the region's .tmp, in a region with data: the situation of failover-615341615.
 */
function flushOfOpenTimeSnapshotFailed(trace: readonly TraceEvent[]): boolean {
  const storeFile = /^(.*)\/(store|\.tmp)\/([^/]+)$/;
  const lastCommitted = new Map<string, string>();
  const openFlushed = new Set<string>();
  for (const e of trace) {
    const committed = e.type === 'hdfs.close' ? e.path : e.type === 'hdfs.rename' ? e.dst : null;
    const m = committed === null ? null : storeFile.exec(committed);
    if (m !== null && m[2] === 'store') lastCommitted.set(m[1] as string, committed as string);
    else if (e.type === 'hdfs.delete') {
      // The open's flush is followed by the removal of the recovered edits it replayed (not of a sequence-id file).
      const region = e.path.split('/recovered.edits')[0] as string;
      const file = lastCommitted.get(region);
      if (e.path.includes('/recovered.edits') && !e.path.endsWith('.seqid') && file !== undefined) openFlushed.add(file);
      for (const path of openFlushed) if (path === e.path || path.startsWith(`${e.path}/`)) openFlushed.delete(path);
    } else if (e.type === 'hdfs.sync.failed' && e.path !== null) {
      const f = storeFile.exec(e.path);
      // The admin's scratch table holds no data, so losing its store file loses nothing.
      if (f !== null && openFlushed.has(`${f[1]}/store/${f[3]}`) && !f[1]?.includes(`/${SCRATCH_TABLE}/`)) return true;
    }
  }
  return false;
}

/** Two different writers created a temporary recovered-edits file for the same final name. */
function twoSplittersOfOneRecoveredEditsFile(trace: readonly TraceEvent[]): boolean {
  const writers = new Map<string, Set<string>>();
  for (const e of trace) {
    if (e.type !== 'hdfs.create' || !e.path.includes('/recovered.edits/') || !e.path.endsWith('.temp')) continue;
    const final = e.path.replace(/\.[^.]*\.temp$/, '');
    const set = writers.get(final) ?? new Set<string>();
    set.add(e.holder);
    writers.set(final, set);
    if (set.size > 1) return true;
  }
  return false;
}

/** A move was acknowledged for a region whose host had crashed and whose handler had not yet taken it offline. */
function moveOfRegionOnDeadServer(trace: readonly TraceEvent[]): boolean {
  const host = new Map<string, string>();
  const serverOf = new Map<string, string>();
  const dead = new Set<string>();
  for (const e of trace) {
    if (e.type === 'am.transition') host.set(e.region, e.state === 'OPEN' && e.server !== null ? String(e.server) : '');
    else if (e.type === 'rs.online') serverOf.set(e.process, e.server);
    else if (e.type === 'process.crash' && serverOf.has(e.process)) dead.add(serverOf.get(e.process) as string);
    else if (e.type === 'admin.invoke' && e.op === 'move' && dead.has(host.get(e.region) ?? '')) return true;
  }
  return false;
}

/** A master crashed within 100 ms after it finished splitting a dead server's logs (its handler about to assign). */
function masterDiedJustAfterLogSplit(trace: readonly TraceEvent[]): boolean {
  const splitAt = new Map<string, number>();
  for (const e of trace) {
    if (e.type === 'master.walSplit') splitAt.set(processOfServer(e.master), e.time);
    else if (e.type === 'process.crash' && e.time - (splitAt.get(e.process) ?? -Infinity) < 100) return true;
  }
  return false;
}

/** A move took longer than the RPC timeout (1.5 s): the admin client sent it again while the first still ran. */
function moveOutlastedItsRpcTimeout(trace: readonly TraceEvent[]): boolean {
  const invoked = new Map<string, number>();
  for (const e of trace) {
    if (e.type === 'admin.invoke' && e.op === 'move') invoked.set(e.region, e.time);
    else if (e.type === 'admin.complete' && e.op === 'move' && e.time - (invoked.get(e.region) ?? Infinity) > 1_500) return true;
  }
  return false;
}

/**
 * A close sent to a server that was not serving the region (an open still in progress there) left the region
 * OFFLINE: PENDING_CLOSE on S, then OFFLINE, with no region.closed by S in between and no region.opened by S since
 * the region last left it.
 */
function closeAnsweredNotServingOnLiveServer(trace: readonly TraceEvent[]): boolean {
  const servedBy = new Map<string, string | null>();
  const closingOn = new Map<string, string>();
  // A server is dead once its process crashed after the server started (its start code is its start time).
  const lastCrash = new Map<string, number>();
  const dead = (server: string) => (lastCrash.get(processOfServer(server)) ?? -1) >= Number(server.split(',')[2]);
  for (const e of trace) {
    if (e.type === 'fault.crash' && typeof e.target === 'string') lastCrash.set(e.target, e.time);
    if (e.type === 'region.opened') servedBy.set(e.region, e.server);
    else if (e.type === 'region.closed') {
      servedBy.set(e.region, null);
      closingOn.delete(e.region);
    } else if (e.type === 'am.transition' && e.state === 'PENDING_CLOSE' && e.server !== null) {
      if (servedBy.get(e.region) !== e.server && !dead(e.server)) closingOn.set(e.region, e.server);
    } else if (e.type === 'am.transition' && e.state === 'OFFLINE' && closingOn.has(e.region)) {
      return true;
    } else if (e.type === 'am.transition') closingOn.delete(e.region);
  }
  return false;
}
