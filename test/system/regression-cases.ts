/**
 * The regression cases replayed by regressions.test.ts: each names its fixture(s) under regressions/, the root cause,
 * and the predicate that says a replay reaches the situation that exposed the bug. Kept apart from the test so a
 * throwaway scan script can import the predicates when a model change makes a fixture miss and it must be re-pinned.
 */
import type { TraceEvent } from '../../schema/trace.ts';

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
    // Re-pinned after the fidelity merges (WAL rolls, lease-recovery latency, silent handlers, dispatcher give-ups,
    // balancer chore) made the original replay miss: failover seeds 67 and 261 (runSeed scan of the failover scenario).
    // Not shown to fail with 68ecd72 reverted (both stay valid there): they reach the predicate, not the deadlock itself.
    schedules: ['failover-67.schedule.json', 'failover-261.schedule.json'],
    cause:
      'The BalancerChore planned a move of a scratch region while a DisableTableProcedure was setting the table DISABLING; the ' +
      'master died, and on the new master the move waited for the table lock the disable held, while the disable waited for the ' +
      'region the move held: the table stayed DISABLING. HBase\'s DisableTableProcedure takes the region from such a TRSP ' +
      '(AssignmentManager.forceCreateUnssignProcedure: it has not run, since it holds the table lock for its whole life), and ' +
      'the TRSP quits when it runs; the balancer and moves also refuse regions of tables not enabled (preTransitCheck, ' +
      'getAssignmentsForBalancer).',
    reaches: (trace) => {
      const disabling = trace.some((e) => e.type === 'procedure.loaded' && e.procedure === 'DisableTableProcedure' && e.state === 'DISABLE_TABLE_SET_DISABLING_TABLE_STATE');
      const move = trace.some((e) => e.type === 'procedure.loaded' && e.procedure === 'TransitRegionStateProcedure' && e.state === 'REGION_STATE_TRANSITION_CLOSE' && e.status !== 'SUCCESS');
      return disabling && move;
    },
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
    // Re-pinned after the fidelity merges (WAL rolls, lease-recovery latency, silent handlers, dispatcher give-ups,
    // balancer chore) made the original replay miss: failover seeds 2 and 3 (runSeed scan of the failover scenario).
    // Not shown to fail with 3c571df's handler serialisation undone (both stay valid there): they reach the predicate only.
    schedules: ['failover-2.schedule.json', 'failover-3.schedule.json'],
    cause:
      'A master died between persisting a RegionServer\'s OPENED report and acknowledging it; the new master took the region as ' +
      'OPEN there (restoreSucceedState) and a DisableTable sent a close while the RegionServer, still waiting for its ' +
      'acknowledgement, had the region opening. The RegionServer answered CLOSED at once; its open then completed and it served ' +
      'a region of a disabled table. HBase\'s UnassignRegionHandler re-submits a close for a region still opening ' +
      '(regionsInTransitionInRS holds TRUE) until the open is done, and AssignRegionHandler does the same for an open of a ' +
      'region still closing.',
    reaches: loadedReportedRemoteProcedure,
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
    // Re-pinned after the fidelity merges (WAL rolls, lease-recovery latency, silent handlers, dispatcher give-ups,
    // balancer chore) made the original replay miss: failover seeds 39 and 130 (runSeed scan of the failover scenario).
    // Not shown to fail with d8f4f89's setProcedure undone (both stay valid there): they reach the predicate only.
    schedules: ['failover-39.schedule.json', 'failover-130.schedule.json'],
    cause:
      'An admin move of a region still located on a dead server, submitted while that server\'s ServerCrashProcedure was ' +
      'splitting its WAL: the move only reserved the region until it first ran, so the SCP\'s assign step saw no procedure, ' +
      'made an assign of its own (which then waited behind the move for the region), and the move sent a close to the dead ' +
      'server that no one would ever answer — the region stayed CLOSING. HBase sets the TRSP on the RegionStateNode when it ' +
      'is created (AssignmentManager.createMoveRegionProcedure → regionNode.setProcedure), so the SCP hands the crash to it.',
    reaches: (trace) => {
      const expired = new Map<unknown, number>();
      const moved = new Map<unknown, number>();
      for (const e of trace) {
        if (e.type === 'master.expireServer') expired.set(e.server, e.time);
        else if (e.type === 'admin.invoke' && e.op === 'move') moved.set(e.region, e.time);
        else if (e.type === 'am.transition' && e.state === 'CLOSING' && moved.has(e.region) && expired.has(e.server)) return true;
      }
      return false;
    },
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
    // Re-pinned after the fidelity merges (WAL rolls, lease-recovery latency, silent handlers, dispatcher give-ups,
    // balancer chore) made the original replay miss: failover seeds 85 and 397 (runSeed scan of the failover scenario).
    // Not shown to fail with 04d0b10's .tmp commit undone (both stay valid there): they reach the predicate only.
    schedules: ['failover-85.schedule.json', 'failover-397.schedule.json'],
    cause:
      'A region reopened with no writes since its open-time flush was closed for a move: the close\'s flush had the same ' +
      'sequence id and so the same store file name, created it with overwrite — deleting the only copy of the region\'s data ' +
      '— and then failed its sync and aborted the server; the region reopened empty (reads of long-acknowledged values ' +
      'returned nothing). HStore flushes into the region\'s .tmp and commits by a rename (HRegionFileSystem.commitStoreFile), ' +
      'so a failed flush never touches a committed file.',
    reaches: (trace) => trace.some((e) => e.type === 'hdfs.sync.failed' && typeof e.path === 'string' && /\/(store|\.tmp)\//.test(e.path)),
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
];

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

