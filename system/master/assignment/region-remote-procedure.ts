/**
 * OpenRegionProcedure and CloseRegionProcedure (RegionRemoteProcedureBase, HBASE.md §4): the child of a
 * TransitRegionStateProcedure that asks one RegionServer to open or close one region, then waits for the
 * server's reportRegionStateTransition — or for the ServerCrashProcedure to tell it the server died.
 *
 * The report is persisted (REPORT_SUCCEED) before it is acknowledged and before meta is written, so a new
 * master replays it (HBASE-22074/22060); the RegionStateNode takes the reported state at once, in memory
 * (updateTransitionWithoutPersistingToMeta), and again when a new master loads the procedure
 * (restoreSucceedState), so a crash of the target from then on is the ServerCrashProcedure's to handle: it
 * finds the region on the dead server and tells this procedure, which closes it abnormally — after the WAL
 * split. A re-dispatch after failover carries the same procId, which the RegionServer de-duplicates (HBASE-22404).
 */
import { isMeta, type RegionInfo } from '../../hbase/region-info.ts';
import type { TransitionCode } from '../../hbase/protocol.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import type { DispatchOutcome, MasterProcedureEnv } from '../master-env.ts';
import { Procedure, type StepControl } from '../procedure/procedure.ts';
import type { RegionStateNode } from './region-state-node.ts';

export type RemoteState = 'REGION_REMOTE_PROCEDURE_DISPATCH' | 'REGION_REMOTE_PROCEDURE_REPORT_SUCCEED' | 'REGION_REMOTE_PROCEDURE_SERVER_CRASH';

export interface RemoteProcedureData {
  region: RegionInfo;
  target: ServerName;
  state: RemoteState;
  code: TransitionCode | null;
  seqNum: number;
  destination?: ServerName | null;
}

export abstract class RegionRemoteProcedure extends Procedure<MasterProcedureEnv> {
  remoteState: RemoteState = 'REGION_REMOTE_PROCEDURE_DISPATCH';
  code: TransitionCode | null = null;
  seqNum = -1;
  /** Volatile: whether this incarnation already sent the request (after failover it is sent again). */
  #dispatched = false;
  /**
   * Volatile (REGION_REMOTE_PROCEDURE_DISPATCH_FAIL, never persisted): the request could not be delivered —
   * an open to a dead target, or a call the dispatcher gave up on while the target is online. This procedure
   * finishes without touching the region, and the parent re-plans.
   */
  protected dispatchFailed = false;
  /**
   * Volatile: the final step is done with the region (HBase's unattach, under the node's lock). From here a crash
   * of the target is no longer this procedure's to handle, even before the executor records it finished.
   */
  #unattached = false;
  /** Volatile: replies owed to re-sent reports, held until this procedure's own report is durable. */
  #awaitingDurableReport: Array<() => void> | null = null;

  constructor(
    readonly region: RegionInfo,
    readonly target: ServerName,
  ) {
    super();
  }

  get state(): string {
    return this.remoteState;
  }

  toData(): RemoteProcedureData {
    return { region: this.region, target: this.target, state: this.remoteState, code: this.code, seqNum: this.seqNum };
  }

  /** The transition codes this procedure accepts in a report. */
  abstract accepts(code: TransitionCode): boolean;
  /** The target is no longer online, so the request may never have been acted on. */
  protected abstract targetIsDead(env: MasterProcedureEnv): void;
  protected abstract dispatch(env: MasterProcedureEnv, done: (outcome: DispatchOutcome) => void): void;
  /** updateTransitionWithoutPersistingToMeta: the reported outcome, in the RegionStateNode only. */
  protected abstract updateInMemory(env: MasterProcedureEnv, node: RegionStateNode): void;
  /** restoreSucceedState: a loaded REPORT_SUCCEED re-applies its outcome unless meta already has it. */
  protected abstract restoreSucceedState(env: MasterProcedureEnv, node: RegionStateNode): void;

  /** stateLoaded: called once meta is loaded, for the remote procedure of a region's loaded TRSP. */
  stateLoaded(env: MasterProcedureEnv, node: RegionStateNode): void {
    if (this.remoteState === 'REGION_REMOTE_PROCEDURE_REPORT_SUCCEED') this.restoreSucceedState(env, node);
  }

  execute(env: MasterProcedureEnv, control: StepControl): void {
    // Region states come from meta (joinCluster); a user region's report cannot be applied before that.
    if (!isMeta(this.region) && !env.isMetaLoaded()) {
      env.waitMetaLoaded(this);
      return control.suspend();
    }
    const node = env.regionStates.getOrCreate(this.region);
    switch (this.remoteState) {
      case 'REGION_REMOTE_PROCEDURE_DISPATCH':
        if (!this.#dispatched) {
          this.#dispatched = true;
          this.dispatch(env, (outcome) => {
            if (this.remoteState !== 'REGION_REMOTE_PROCEDURE_DISPATCH') return;
            if (outcome === 'server-dead') this.targetIsDead(env);
            else if (outcome === 'failed') this.remoteCallFailed(env);
          });
        }
        // RegionRemoteProcedureBase.execute: addOperationToNode throws FailedRemoteDispatchException at once for a
        // server that is not online, and the procedure gives up there; the parent TRSP re-plans (HBASE-23594's
        // window: the SCP may have listed the region). The dispatcher answers such a target synchronously, before
        // this step could suspend, so the check follows the dispatch here as well as on a later wake-up.
        if (this.dispatchFailed) {
          this.#unattached = true;
          return control.finish();
        }
        return control.suspend();
      case 'REGION_REMOTE_PROCEDURE_REPORT_SUCCEED':
        env.failpoint('master.remoteProcedure.reportSucceed', { procId: this.procId, region: this.region.encodedName, code: this.code });
        return this.#underLock(env, node, control);
      case 'REGION_REMOTE_PROCEDURE_SERVER_CRASH':
        return this.#underLock(env, node, control);
    }
  }

  /**
   * The two final steps, with the state read under the node's lock (as HBase's execute does): a
   * ServerCrashProcedure may turn a REPORT_SUCCEED into SERVER_CRASH while this step waits for the lock.
   */
  #underLock(env: MasterProcedureEnv, node: RegionStateNode, control: StepControl): void {
    node.withLock((release) => {
      const finish = () => {
        // Planted bug HBASE-21440: unattached only once recorded finished, so a ServerCrashProcedure that takes
        // the lock from here still hands the crash to this procedure, which is done with the region.
        if (!env.bugs.has('scp-interrupts-finishing-open')) this.#unattached = true;
        release();
        control.finish();
      };
      // persistToMeta: whatever the node holds now (the reported outcome, applied when it was reported). Once
      // written, the lock goes to whoever waits (a ServerCrashProcedure, say) before this end is persisted.
      if (this.remoteState === 'REGION_REMOTE_PROCEDURE_REPORT_SUCCEED') {
        return env.stateStore.updateRegionLocation(node, () => {
          env.failpoint('master.remoteProcedure.persistedToMeta', { procId: this.procId, region: this.region.encodedName, contended: node.lockWaiters > 0 })
          finish();
        });
      }
      // regionClosedAbnormally — of this target's region only (a node that moved on is left alone).
      if (node.regionLocation !== this.target && node.regionLocation !== null) return finish();
      node.lastHost = this.target;
      node.regionLocation = null;
      node.transitionState('ABNORMALLY_CLOSED');
      env.trace.emit('am.transition', { region: this.region.encodedName, state: node.state, server: null });
      env.stateStore.updateRegionLocation(node, finish);
    });
  }

  /**
   * remoteCallFailed: the dispatcher gave up. A target no longer online is the ServerCrashProcedure's to
   * handle ("the SCP will interrupt us") — it closes the region abnormally after the WAL split. Otherwise the
   * request is taken as not delivered (DISPATCH_FAIL): this procedure finishes, and the parent TRSP re-plans —
   * an open goes to another server, a close is sent again.
   */
  protected remoteCallFailed(env: MasterProcedureEnv): void {
    if (!env.servers.isOnline(this.target)) return;
    this.dispatchFailed = true;
    env.executor.wake(this);
  }

  /**
   * A report arrived from the target: the node takes its outcome in memory, the report is persisted, and only
   * then is it acknowledged and this procedure woken to write meta (HBASE-22074). HBase persists first and then
   * updates memory, both under the region lock; here the persist is asynchronous, so memory goes first — no
   * step can run in between either way.
   */
  reportTransition(env: MasterProcedureEnv, code: TransitionCode, seqNum: number, persisted: () => void): void {
    this.remoteState = 'REGION_REMOTE_PROCEDURE_REPORT_SUCCEED';
    this.code = code;
    this.seqNum = seqNum;
    const node = env.regionStates.getOrCreate(this.region);
    this.updateInMemory(env, node);
    // Planted bug HBASE-22074/HBASE-22060 (2.1): the report goes straight to hbase:meta and is acknowledged, the
    // procedure store is not told. A master that dies before this procedure's next persisted step leaves its
    // successor a procedure still waiting to dispatch, whose re-sent request the RegionServer drops as done.
    if (env.bugs.has('report-updates-meta-directly')) {
      return env.stateStore.updateRegionLocation(node, () => {
        persisted();
        env.executor.wake(this);
      });
    }
    this.#awaitingDurableReport = [];
    env.executor.update(this, () => {
      const waiting = this.#awaitingDurableReport ?? [];
      this.#awaitingDurableReport = null;
      persisted();
      for (const reply of waiting) reply();
      env.executor.wake(this);
    });
  }

  /**
   * A re-sent report of a transition this procedure already took: acknowledged once the first is durable, never
   * before — HBase's second report waits on the region lock that the first holds across its store update, so a
   * RegionServer never counts as accepted a report that a master then failed to persist.
   */
  whenReportDurable(reply: () => void): void {
    if (this.#awaitingDurableReport === null) reply();
    else this.#awaitingDurableReport.push(reply);
  }

  /**
   * Called by the ServerCrashProcedure (through the parent TRSP) when the target died, after its WALs were
   * split. Also after a report: the region was open there and took writes, and only now may it be reopened.
   */
  serverCrashed(env: MasterProcedureEnv): void {
    if (this.remoteState === 'REGION_REMOTE_PROCEDURE_SERVER_CRASH') return;
    this.remoteState = 'REGION_REMOTE_PROCEDURE_SERVER_CRASH';
    env.executor.update(this, () => env.executor.wake(this));
  }

  /** Still attached to its parent TRSP (HBase's TRSP.remoteProc): not finished, nor finishing. */
  isAttached(): boolean {
    return !this.#unattached && this.status !== 'SUCCESS' && this.status !== 'FAILED';
  }

  /** Attached and aimed at `server`: a crash of that server is this procedure's to handle. */
  isAttachedTo(server: ServerName): boolean {
    return this.target === server && this.isAttached();
  }
}

export class OpenRegionProcedure extends RegionRemoteProcedure {
  readonly type = 'OpenRegionProcedure';

  accepts(code: TransitionCode): boolean {
    return code === 'OPENED' || code === 'FAILED_OPEN';
  }

  protected dispatch(env: MasterProcedureEnv, done: (outcome: DispatchOutcome) => void): void {
    env.dispatcher.openRegion(this.target, this.region, this.procId, done);
  }

  /**
   * Give up and let the parent re-plan (HBase: FailedRemoteDispatchException, "the parent procedure will take
   * care of this"). Safe: a RegionServer serves a region only once the master accepted its OPENED report, so a
   * dead target took no writes for it.
   */
  protected targetIsDead(env: MasterProcedureEnv): void {
    this.dispatchFailed = true;
    env.executor.wake(this);
  }

  /** FAILED_OPEN changes nothing: the parent sees the region is not OPEN and re-plans. */
  protected updateInMemory(env: MasterProcedureEnv, node: RegionStateNode): void {
    if (this.code !== 'OPENED') return;
    node.transitionState('OPEN');
    node.regionLocation = this.target;
    node.openSeqNum = this.seqNum;
    env.trace.emit('am.transition', { region: this.region.encodedName, state: 'OPEN', server: this.target });
  }

  /**
   * HBase's OpenRegionProcedure.restoreSucceedState re-applies OPENED unless the node is OPEN, and its
   * transitionState(OPEN, STATES_EXPECTED_ON_OPEN) throws for ABNORMALLY_CLOSED, which stateLoaded turns into an
   * AssertionError that fails the new master's initialization — and every master's after it. The node is
   * ABNORMALLY_CLOSED under a loaded REPORT_SUCCEED only in one window: this procedure wrote meta, unattached and
   * released the region lock, and the target's ServerCrashProcedure, waiting on that lock, closed the region
   * abnormally (its TRSP had no remote procedure any more) before the executor persisted this procedure's end;
   * then the master died (failover seed 101258692: the procedure store's syncs failed and it aborted). The
   * model leaves the node as meta has it, so the parent TRSP finds the region not open and re-plans — safer
   * than HBase; the planted bug `restore-opened-over-abnormally-closed` is HBase as it is.
   */
  protected restoreSucceedState(env: MasterProcedureEnv, node: RegionStateNode): void {
    if (node.state === 'OPEN') return;
    if (node.state === 'ABNORMALLY_CLOSED' && !env.bugs.has('restore-opened-over-abnormally-closed')) return;
    this.updateInMemory(env, node);
  }
}

export class CloseRegionProcedure extends RegionRemoteProcedure {
  readonly type = 'CloseRegionProcedure';

  constructor(
    region: RegionInfo,
    target: ServerName,
    readonly destination: ServerName | null,
  ) {
    super(region, target);
  }

  override toData(): RemoteProcedureData {
    return { ...super.toData(), destination: this.destination };
  }

  accepts(code: TransitionCode): boolean {
    return code === 'CLOSED';
  }

  protected dispatch(env: MasterProcedureEnv, done: (outcome: DispatchOutcome) => void): void {
    env.dispatcher.closeRegion(this.target, this.region, this.procId, this.destination, done);
  }

  /**
   * addOperationToNode refused the close (FailedRemoteDispatchException): give up and let the parent decide, as
   * RegionRemoteProcedureBase.execute does for opens and closes alike. The region stays CLOSING, so the TRSP
   * sends the close again (confirmClosed) until the ServerCrashProcedure, after splitting the dead server's
   * WALs, closes it abnormally — the region holds edits in those WALs, so nothing reopens it earlier. This is
   * also how a close loaded by a new master finds out that the SCP already handled its region while the old
   * master's interruption of it was never persisted.
   */
  protected targetIsDead(env: MasterProcedureEnv): void {
    // Planted bug HBASE-13895: the close is taken as done and the region reassigned before the WAL split.
    if (env.bugs.has('close-to-dead-server-completes')) return this.serverCrashed(env);
    this.dispatchFailed = true;
    env.executor.wake(this);
  }

  /**
   * A close given up on because its target stopped being online: "the SCP will interrupt us", so keep waiting
   * — or, with HBASE-13895, take the close as done.
   */
  protected override remoteCallFailed(env: MasterProcedureEnv): void {
    if (!env.servers.isOnline(this.target)) {
      if (env.bugs.has('close-to-dead-server-completes')) this.serverCrashed(env);
      return;
    }
    super.remoteCallFailed(env);
  }

  protected updateInMemory(env: MasterProcedureEnv, node: RegionStateNode): void {
    // A crash of the target handled meanwhile already closed the region (abnormally): that state stands.
    if (!node.isInState('CLOSING', 'CLOSED')) return;
    node.transitionState('CLOSED');
    node.lastHost = this.target;
    node.regionLocation = null;
    env.trace.emit('am.transition', { region: this.region.encodedName, state: 'CLOSED', server: null });
  }

  protected restoreSucceedState(env: MasterProcedureEnv, node: RegionStateNode): void {
    if (node.state !== 'CLOSED') this.updateInMemory(env, node);
  }
}
