/**
 * OpenRegionProcedure and CloseRegionProcedure (RegionRemoteProcedureBase, HBASE.md §4): the child of a
 * TransitRegionStateProcedure that asks one RegionServer to open or close one region, then waits for the
 * server's reportRegionStateTransition — or for the ServerCrashProcedure to tell it the server died.
 *
 * The report is persisted (REPORT_SUCCEED) before it is acknowledged and before meta is written, so a new
 * master replays it (HBASE-22074/22060). A re-dispatch after failover carries the same procId, which the
 * RegionServer de-duplicates (HBASE-22404).
 */
import { isMeta, type RegionInfo } from '../../hbase/region-info.ts';
import type { TransitionCode } from '../../hbase/protocol.ts';
import type { ServerName } from '../../hbase/server-name.ts';
import type { MasterProcedureEnv } from '../master-env.ts';
import { Procedure, type StepControl } from '../procedure/procedure.ts';

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
  /** Volatile: an open could not be delivered because its target is dead; the parent will re-plan. */
  protected dispatchFailed = false;

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
  protected abstract dispatch(env: MasterProcedureEnv, done: (outcome: 'dispatched' | 'server-dead') => void): void;
  /** Apply a successful report to the RegionStateNode and meta. */
  protected abstract applyReport(env: MasterProcedureEnv, done: () => void): void;

  execute(env: MasterProcedureEnv, control: StepControl): void {
    // Region states come from meta (joinCluster); a user region's report cannot be applied before that.
    if (!isMeta(this.region) && !env.isMetaLoaded()) {
      env.waitMetaLoaded(this);
      return control.suspend();
    }
    const node = env.regionStates.getOrCreate(this.region);
    switch (this.remoteState) {
      case 'REGION_REMOTE_PROCEDURE_DISPATCH':
        if (this.dispatchFailed) return control.finish();
        if (!this.#dispatched) {
          this.#dispatched = true;
          this.dispatch(env, (outcome) => {
            if (outcome === 'server-dead' && this.remoteState === 'REGION_REMOTE_PROCEDURE_DISPATCH') this.targetIsDead(env);
          });
        }
        return control.suspend();
      case 'REGION_REMOTE_PROCEDURE_REPORT_SUCCEED':
        env.failpoint('master.remoteProcedure.reportSucceed', { procId: this.procId, region: this.region.encodedName, code: this.code });
        return node.withLock((release) =>
          this.applyReport(env, () => {
            release();
            control.finish();
          }),
        );
      case 'REGION_REMOTE_PROCEDURE_SERVER_CRASH':
        return node.withLock((release) => {
          if (node.regionLocation !== this.target && node.regionLocation !== null) {
            release();
            return control.finish();
          }
          node.lastHost = this.target;
          node.regionLocation = null;
          node.transitionState('ABNORMALLY_CLOSED');
          env.trace.emit('am.transition', { region: this.region.encodedName, state: node.state, server: null });
          env.stateStore.updateRegionLocation(node, () => {
            release();
            control.finish();
          });
        });
    }
  }

  /** A report arrived from the target: persist it first, then wake (HBASE-22074). */
  reportTransition(env: MasterProcedureEnv, code: TransitionCode, seqNum: number, persisted: () => void): void {
    this.remoteState = 'REGION_REMOTE_PROCEDURE_REPORT_SUCCEED';
    this.code = code;
    this.seqNum = seqNum;
    env.executor.update(this, () => {
      persisted();
      env.executor.wake(this);
    });
  }

  /** Called by the ServerCrashProcedure (through the parent TRSP) when the target died. */
  serverCrashed(env: MasterProcedureEnv): void {
    if (this.remoteState !== 'REGION_REMOTE_PROCEDURE_DISPATCH') return;
    this.remoteState = 'REGION_REMOTE_PROCEDURE_SERVER_CRASH';
    env.executor.update(this, () => env.executor.wake(this));
  }

  /** Still dispatching to `server`: a crash of it is this procedure's to handle (its report never came). */
  isWaitingFor(server: ServerName): boolean {
    return this.target === server && this.remoteState === 'REGION_REMOTE_PROCEDURE_DISPATCH' && this.status !== 'SUCCESS' && this.status !== 'FAILED';
  }
}

export class OpenRegionProcedure extends RegionRemoteProcedure {
  readonly type = 'OpenRegionProcedure';

  accepts(code: TransitionCode): boolean {
    return code === 'OPENED' || code === 'FAILED_OPEN';
  }

  protected dispatch(env: MasterProcedureEnv, done: (outcome: 'dispatched' | 'server-dead') => void): void {
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

  protected applyReport(env: MasterProcedureEnv, done: () => void): void {
    const node = env.regionStates.getOrCreate(this.region);
    if (this.code !== 'OPENED') return done(); // FAILED_OPEN: the parent sees the region is not OPEN and re-plans
    // The target died after its report was persisted: its crash was (or will be) handled, so the region is not
    // OPEN there — the parent re-plans (the region was never served: a server serves only after this is acked).
    if (!env.servers.isOnline(this.target) || node.state === 'ABNORMALLY_CLOSED') return done();
    node.transitionState('OPEN');
    node.regionLocation = this.target;
    node.openSeqNum = this.seqNum;
    env.trace.emit('am.transition', { region: this.region.encodedName, state: 'OPEN', server: this.target });
    env.stateStore.updateRegionLocation(node, done);
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

  protected dispatch(env: MasterProcedureEnv, done: (outcome: 'dispatched' | 'server-dead') => void): void {
    env.dispatcher.closeRegion(this.target, this.region, this.procId, this.destination, done);
  }

  /**
   * Keep waiting: the region was open on the dead server, so its edits are in that server's WALs. Only the
   * ServerCrashProcedure may close it abnormally (serverCrashed), and it does so after splitting the WALs —
   * reopening it any earlier would lose acknowledged writes.
   */
  protected targetIsDead(env: MasterProcedureEnv): void {
    // Planted bug HBASE-13895: the close is taken as done and the region reassigned before the WAL split.
    if (env.bugs.has('close-to-dead-server-completes')) this.serverCrashed(env);
  }

  protected applyReport(env: MasterProcedureEnv, done: () => void): void {
    const node = env.regionStates.getOrCreate(this.region);
    // A crash of the target handled meanwhile already closed the region (abnormally): that state stands.
    if (!node.isInState('CLOSING', 'CLOSED')) return done();
    node.transitionState('CLOSED');
    node.lastHost = this.target;
    node.regionLocation = null;
    env.trace.emit('am.transition', { region: this.region.encodedName, state: 'CLOSED', server: null });
    env.stateStore.updateRegionLocation(node, done);
  }
}
